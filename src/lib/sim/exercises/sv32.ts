/**
 * Generator `sv32-translation`: a random two-level Sv32 page table in memory and one access (a virtual
 * address, fetch/load/store, S or U mode). Every answer comes from the simulator's walker: the outcome,
 * the physical address or the cause, the PTE reads, and which bits of the last PTE decided it (found by
 * flipping each bit and walking again).
 */
import { CAUSE_NAMES } from '../hart/causes';
import {
	PTE_A,
	PTE_D,
	PTE_G,
	PTE_R,
	PTE_U,
	PTE_V,
	PTE_W,
	PTE_X,
	type Access,
	type Privilege
} from '../mmu/walker';
import { Prng } from './prng';
import {
	ACCESS_NAMES,
	PRIV_NAMES,
	PRIV_S,
	PRIV_U,
	explainWalk,
	hex,
	hexPa,
	outcomeKey,
	walkSetup,
	type Sv32Setup
} from './sv32-table';
import type { Difficulty, GeneratedProblem, Generator, Mistake, Solved } from './types';

export const FLAG_NAMES = ['V', 'R', 'W', 'X', 'U', 'G', 'A', 'D'] as const;
const OUTCOMES = ['translates to a physical address', 'page fault', 'access fault'];

type Scenario =
	| 'ok'
	| 'invalid-l1'
	| 'invalid-l0'
	| 'permission'
	| 'megapage'
	| 'misaligned'
	| 'reserved'
	| 'no-leaf'
	| 'bad-pointer'
	| 'ad';

const SCENARIOS: Record<Difficulty, Scenario[]> = {
	easy: ['ok', 'ok', 'ok', 'invalid-l1', 'invalid-l0'],
	medium: ['ok', 'ok', 'invalid-l0', 'permission', 'permission', 'megapage'],
	hard: ['ok', 'permission', 'megapage', 'misaligned', 'reserved', 'no-leaf', 'bad-pointer', 'ad']
};

/** What the problem's data carries for the explorer widget. */
export interface Sv32Data {
	setup: Sv32Setup;
	va: number;
	access: Access;
	priv: Privilege;
}

/** Leaf flags that allow `access` in `priv` (SUM may allow S on a U page for loads and stores). */
function allowingFlags(p: Prng, access: Access, priv: Privilege, sum: boolean): number {
	let f = PTE_V | PTE_A | PTE_D;
	if (access === 0) f |= PTE_X | (p.chance(0.5) ? PTE_R : 0);
	else if (access === 1) f |= PTE_R | (p.chance(0.5) ? PTE_W : 0);
	else f |= PTE_R | PTE_W;
	if (priv === PRIV_U || (sum && access !== 0 && p.chance(0.5))) f |= PTE_U;
	if (p.chance(0.2)) f |= PTE_G;
	return f;
}

/** Flags that deny the access by one rule (a missing R/W/X bit, or U in the wrong mode). */
function denyingFlags(p: Prng, access: Access, priv: Privilege, sum: boolean): number {
	const f = allowingFlags(p, access, priv, sum);
	const needed = access === 0 ? PTE_X : access === 1 ? PTE_R | PTE_X : PTE_W;
	if (p.chance(0.5)) return priv === PRIV_U ? f & ~PTE_U : f | PTE_U;
	// Clearing R alone would leave W without R (reserved), so a store loses W and a load R and X.
	return f & ~needed & ~(access === 1 ? PTE_W : 0);
}

function randomLeaf(p: Prng): number {
	const perms = p.pick([PTE_R, PTE_R | PTE_W, PTE_X, PTE_R | PTE_X, PTE_R | PTE_W | PTE_X]);
	return PTE_V | perms | PTE_A | (p.chance(0.6) ? PTE_D : 0) | (p.chance(0.5) ? PTE_U : 0);
}

const pte = (ppn: number, flags: number) => ((ppn << 10) | flags) >>> 0;

export function makeSv32(seed: number, difficulty: Difficulty): Sv32Data {
	const p = new Prng(seed);
	const scenario = p.pick(SCENARIOS[difficulty]);
	const access: Access = difficulty === 'easy' ? 1 : (p.int(0, 2) as Access);
	const priv: Privilege = difficulty === 'easy' ? PRIV_S : p.pick([PRIV_S, PRIV_U]);
	const sum = difficulty === 'hard' && p.chance(0.4);
	const mxr = difficulty === 'hard' && p.chance(0.3);
	const adMode = scenario === 'ad' ? 'fault' : 'hardware';
	// Frames are drawn from RAM without repeats, so no two tables or pages overlap by accident.
	const used = new Set<number>();
	const frame = () => {
		for (;;) {
			const f = 0x80000 + p.int(0x10, 0xfff);
			if (!used.has(f)) return (used.add(f), f);
		}
	};
	const rootPpn = frame();
	const words = new Map<number, number>();
	const put = (table: number, index: number, value: number) => words.set(table * 4096 + index * 4, value);
	const vpn1 = p.int(0, 1023);
	const vpn0 = p.int(0, 1023);
	const va = ((vpn1 << 22) | (vpn0 << 12) | p.int(0, 0xfff)) >>> 0;

	// Neighbours in the root table: other tables and megapages the student must not confuse with ours.
	for (let k = 0; k < p.int(2, 4); k++) {
		const other = p.int(0, 1023);
		if (other === vpn1) continue;
		const leafy = difficulty !== 'easy' && p.chance(0.3);
		put(rootPpn, other, leafy ? pte(p.int(0x200, 0x23f) * 1024, randomLeaf(p)) : pte(frame(), PTE_V));
	}
	const leafFlags = () =>
		scenario === 'permission' ? denyingFlags(p, access, priv, sum) : allowingFlags(p, access, priv, sum);
	if (scenario === 'megapage' || scenario === 'misaligned') {
		const base = p.int(0x200, 0x23f) * 1024;
		put(rootPpn, vpn1, pte(scenario === 'misaligned' ? base + p.int(1, 0x3ff) : base, leafFlags()));
	} else if (scenario === 'invalid-l1') {
		put(rootPpn, vpn1, p.chance(0.5) ? 0 : pte(frame(), 0));
	} else {
		const l0 = scenario === 'bad-pointer' ? p.int(0x1000, 0x7ffff) : frame();
		put(rootPpn, vpn1, pte(l0, PTE_V | (p.chance(0.2) ? PTE_G : 0)));
		if (scenario !== 'bad-pointer') {
			for (let k = 0; k < p.int(2, 5); k++) {
				const other = (vpn0 + p.int(-3, 3) + 1024) % 1024;
				if (other !== vpn0) put(l0, other, pte(frame(), randomLeaf(p)));
			}
			let flags = leafFlags();
			if (scenario === 'invalid-l0') flags &= ~PTE_V;
			if (scenario === 'reserved') flags = (flags | PTE_W) & ~PTE_R & ~PTE_X;
			if (scenario === 'no-leaf') flags = PTE_V;
			if (scenario === 'ad') flags &= p.chance(0.5) ? ~PTE_A : access === 2 ? ~PTE_D : ~PTE_A;
			put(l0, vpn0, pte(frame(), flags));
		}
	}
	return {
		setup: { rootPpn, words: [...words].sort((a, b) => a[0] - b[0]), sum, mxr, adMode },
		va,
		access,
		priv
	};
}

/** Bits of the last PTE read whose flip changes the outcome: the ones that decided it. */
export function decidingBits(d: Sv32Data): { pteAddr: number; bits: number[] } | undefined {
	const base = walkSetup(d.setup, d.va, d.access, d.priv);
	const last = base.record.steps[base.record.steps.length - 1];
	if (!last || last.pte === null) return undefined;
	const bits: number[] = [];
	for (let b = 0; b < 8; b++) {
		const words = d.setup.words.map(([a, v]): [number, number] => [
			a,
			a === last.pteAddr ? (v ^ (1 << b)) >>> 0 : v
		]);
		if (!words.some(([a]) => a === last.pteAddr)) words.push([last.pteAddr, 1 << b]);
		const flipped = walkSetup({ ...d.setup, words }, d.va, d.access, d.priv);
		if (outcomeKey(flipped.result) !== outcomeKey(base.result)) bits.push(b);
	}
	return { pteAddr: last.pteAddr, bits };
}

function paMistakes(d: Sv32Data, leafPte: number, pteAddr: number, level: number): Mistake<number>[] {
	const ppnBase = (leafPte >>> 10) * 4096;
	const out: Mistake<number>[] = [
		{
			value: d.va,
			why: 'That is the virtual address itself: with satp.MODE = Sv32, S- and U-mode addresses are translated.'
		},
		{
			value: ppnBase,
			why: `That is where the page starts; add the page offset ${hex(d.va & (level ? 0x3fffff : 0xfff), 3)}.`
		},
		{ value: pteAddr, why: 'That is the address of the leaf PTE, not of the data it maps.' },
		{
			value: leafPte,
			why: "That is the leaf PTE's value; its PPN is bits 31:10, and PA = PPN × 4096 + offset."
		},
		{
			value: (leafPte & ~0xfff) + (d.va & 0xfff),
			why: 'The PPN starts at PTE bit 10, not 12: shift the PTE right by 10, then left by 12.'
		}
	];
	if (level === 1)
		out.push({
			value: ppnBase + (d.va & 0xfff),
			why: 'This leaf is at level 1, a 4 MiB megapage: the offset is va[21:0], not only va[11:0].'
		});
	return out;
}

export function solveSv32(d: Sv32Data): Record<string, Solved> {
	const w = walkSetup(d.setup, d.va, d.access, d.priv);
	const explain = explainWalk(w);
	const r = w.result;
	const answers: Record<string, Solved> = {};
	const kind = r.ok ? 0 : r.cause === 12 || r.cause === 13 || r.cause === 15 ? 1 : 2;
	const stop = w.record.steps[w.record.steps.length - 1];
	const stopWhy = r.ok ? '' : `The walk stops at level ${r.level}: ${explain.split('; ').at(-2) ?? ''}.`;
	answers.outcome = {
		answer: {
			kind: 'choice',
			options: OUTCOMES,
			correct: kind,
			mistakes: [0, 1, 2]
				.filter((k) => k !== kind)
				.map((k) => ({
					value: k,
					why: r.ok
						? `Every PTE on the path allows it: ${explain}`
						: k === 0
							? stopWhy
							: kind === 1
								? 'Every PTE read succeeds (they are all in RAM), so it is not an access fault. ' +
									stopWhy
								: 'A page fault needs a PTE to look at; here reading the PTE itself fails. ' +
									stopWhy
				}))
		},
		explain
	};
	answers.reads = {
		answer: {
			kind: 'number',
			value: w.record.steps.length,
			base: 'dec',
			mistakes: [{ value: 2, why: 'Not every walk reads two PTEs: it stops at a leaf or a fault.' }]
		},
		explain
	};
	if (r.ok) {
		answers.pa = {
			answer: {
				kind: 'number',
				value: r.paddr,
				base: 'hex',
				mistakes: paMistakes(d, r.pte, r.pteAddr, r.level)
			},
			explain
		};
	} else {
		const mistakes: Mistake<number>[] = [1, 5, 7, 12, 13, 15]
			.filter((c) => c !== r.cause)
			.map((c) => ({
				value: c,
				why: `${c} is "${CAUSE_NAMES[c]}", but this is a ${ACCESS_NAMES[d.access]} and the fault is ${CAUSE_NAMES[r.cause]}. ${stopWhy}`
			}));
		answers.cause = { answer: { kind: 'number', value: r.cause, base: 'dec', mistakes }, explain };
	}
	const deciding = decidingBits(d);
	if (deciding && stop)
		answers.bits = {
			answer: {
				kind: 'multi',
				options: [...FLAG_NAMES],
				correct: deciding.bits,
				why: FLAG_NAMES.map((n, b) =>
					deciding.bits.includes(b)
						? `Flipping ${n} changes the outcome.`
						: `Flipping ${n} leaves the outcome as it is.`
				)
			},
			explain: `Flip each bit of the PTE at ${hexPa(deciding.pteAddr)} and walk again: only ${deciding.bits.map((b) => FLAG_NAMES[b]).join(', ') || 'no bit'} change${deciding.bits.length === 1 ? 's' : ''} the outcome.`
		};
	return answers;
}

function tableRows(d: Sv32Data): string[][] {
	return d.setup.words.map(([addr, v]) => {
		const flags = FLAG_NAMES.filter((_, b) => v & (1 << b)).join(' ') || 'none';
		return [hexPa(addr), `${((addr >>> 0) % 4096) / 4}`, hex(v), hex(v >>> 10, 6), flags];
	});
}

export const sv32Generator: Generator = {
	name: 'sv32-translation',
	questions: ['outcome', 'pa', 'cause', 'reads', 'bits'],
	generate(seed, difficulty): GeneratedProblem {
		const d = makeSv32(seed, difficulty);
		const satp = (0x8000_0000 | d.setup.rootPpn) >>> 0;
		const facts = {
			va: hex(d.va),
			access: ACCESS_NAMES[d.access],
			mode: PRIV_NAMES[d.priv],
			satp: hex(satp),
			root: hexPa(d.setup.rootPpn * 4096),
			sum: d.setup.sum ? 1 : 0,
			mxr: d.setup.mxr ? 1 : 0,
			ad:
				d.setup.adMode === 'hardware'
					? 'the hardware sets A and D'
					: 'A or D clear raises a page fault (Svade)'
		};
		const lines = [
			`satp = ${facts.satp} (Sv32, root table at ${facts.root}). mstatus.SUM = ${facts.sum}, MXR = ${facts.mxr}; ${facts.ad}.`,
			`The hart, in ${facts.mode}-mode, makes a ${facts.access} at virtual address ${facts.va}.`,
			'RAM is 16 MiB from 0x80000000; a PTE read outside it is an access fault. Every word not listed is zero.'
		];
		return {
			facts,
			context: {
				lines,
				tables: [
					{
						caption: 'Non-zero words of the page tables',
						columns: ['Address', 'Index', 'Value', 'PPN', 'Flags'],
						rows: tableRows(d)
					}
				],
				data: d
			},
			answers: solveSv32(d)
		};
	}
};

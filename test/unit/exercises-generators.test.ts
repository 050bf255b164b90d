/**
 * Every generator, many seeds and every difficulty: the problem is valid and each answer the simulator
 * computed agrees with a second computation written here from the spec (a tiny Sv32 walker, the
 * delegation and enable rules, an interpreter for the programs, the privilege rules).
 */
import { describe, expect, it } from 'vitest';
import { DIFFICULTIES, deriveSeed, type Answer, type Solved } from '../../src/lib/sim/exercises';
import { makeSv32, solveSv32, type Sv32Data } from '../../src/lib/sim/exercises/sv32';
import { makeTrapSetup, solveTraps, type TrapSetup } from '../../src/lib/sim/exercises/trap-routing';
import { makeProgram, type Op, type TraceProgram } from '../../src/lib/sim/exercises/trace-program';
import { solveTrace } from '../../src/lib/sim/exercises/trace';
import { makePrivilege, solvePrivilege, type PrivilegeSetup } from '../../src/lib/sim/exercises/privilege';

const SEEDS = 200;
const seeds = (label: string) => Array.from({ length: SEEDS }, (_, i) => deriveSeed(i, label));

function value(s: Solved | undefined): number {
	const a = s?.answer as Answer;
	if (a.kind === 'number') return a.value;
	if (a.kind === 'choice') return a.correct;
	throw new Error('not a number or choice');
}

// ---- Sv32: a reference walker, §4.3.2 with two levels, written without the simulator's types ----
function refWalk(
	d: Sv32Data,
	words: Map<number, number>
): { ok: boolean; pa: number; cause: number; reads: number; lastAddr: number } {
	const { va, access, priv } = d;
	const { sum, mxr, adMode, rootPpn } = d.setup;
	const pf = [12, 13, 15][access];
	const af = [1, 5, 7][access];
	const inRam = (a: number) => a >= 0x8000_0000 && a < 0x8100_0000;
	let table = rootPpn * 4096;
	let reads = 0;
	for (let level = 1; level >= 0; level--) {
		const addr = table + (level === 1 ? va >>> 22 : (va >>> 12) & 0x3ff) * 4;
		reads++;
		const fault = (cause: number) => ({ ok: false, pa: 0, cause, reads, lastAddr: addr });
		if (!inRam(addr)) return fault(af);
		const pte = words.get(addr) ?? 0;
		const [v, r, w, x, u, , a, dd] = [0, 1, 2, 3, 4, 5, 6, 7].map((b) => (pte >>> b) & 1);
		if (!v || (!r && w)) return fault(pf);
		if (!r && !x) {
			if (level === 0) return fault(pf);
			table = (pte >>> 10) * 4096;
			continue;
		}
		if (priv === 0 && !u) return fault(pf);
		if (priv === 1 && u && (access === 0 || !sum)) return fault(pf);
		const allowed = access === 0 ? x : access === 2 ? w : r || (mxr && x);
		if (!allowed) return fault(pf);
		if (level === 1 && ((pte >>> 10) & 0x3ff) !== 0) return fault(pf);
		if (adMode === 'fault' && (!a || (access === 2 && !dd))) return fault(pf);
		const size = level === 1 ? 0x400000 : 0x1000;
		return { ok: true, pa: (pte >>> 10) * 4096 + (va % size), cause: 0, reads, lastAddr: addr };
	}
	throw new Error('unreachable');
}

describe('sv32-translation', () => {
	for (const difficulty of DIFFICULTIES)
		it(`${SEEDS} seeds, ${difficulty}: the walker's answers match a reference walker`, () => {
			const outcomes = new Set<string>();
			for (const seed of seeds(`sv32-${difficulty}`)) {
				const d = makeSv32(seed, difficulty);
				const words = new Map(d.setup.words);
				const ref = refWalk(d, words);
				const a = solveSv32(d);
				const kind = ref.ok ? 0 : [12, 13, 15].includes(ref.cause) ? 1 : 2;
				outcomes.add(String(kind));
				expect(value(a.outcome)).toBe(kind);
				expect(value(a.reads)).toBe(ref.reads);
				if (ref.ok) expect(value(a.pa)).toBe(ref.pa);
				else expect(value(a.cause)).toBe(ref.cause);
				// The deciding bits, by flipping each bit of the last PTE in the reference walker too.
				if (kind !== 2) {
					const key = (r: ReturnType<typeof refWalk>) => (r.ok ? `pa${r.pa}` : `f${r.cause}`);
					const expected = [0, 1, 2, 3, 4, 5, 6, 7].filter((b) => {
						const flipped = new Map(words);
						flipped.set(ref.lastAddr, ((words.get(ref.lastAddr) ?? 0) ^ (1 << b)) >>> 0);
						return key(refWalk(d, flipped)) !== key(ref);
					});
					const bits = a.bits?.answer;
					expect(bits?.kind === 'multi' && bits.correct).toEqual(expected);
				}
			}
			// The generator really varies the outcome (easy: translations and page faults at least).
			expect(outcomes.size).toBeGreaterThanOrEqual(2);
		});
});

// ---- Trap routing: §3.1.8 delegation, §3.1.9 enables, §3.1.7 vectors ----
const EVENT_CAUSE = [-1, 3, 2, 2, 5, 7, 5, 7, 1, 3];
const EVENT_IRQ = [false, false, false, false, false, false, true, true, true, true];
function refTrap(t: TrapSetup) {
	const irq = EVENT_IRQ[t.event];
	let code = EVENT_CAUSE[t.event];
	if (code === -1) code = t.mode === 0 ? 8 : t.mode === 1 ? 9 : 11;
	// csrr mscratch is legal in M: no trap.
	if (t.event === 2 && t.mode === 3) return { trapped: false as const };
	const deleg = ((irq ? t.mideleg : t.medeleg) >>> code) & 1;
	if (irq) {
		if (((t.mie >>> code) & 1) === 0) return { trapped: false as const };
		const toS = deleg === 1;
		const enabled = toS ? t.mode === 0 || (t.mode === 1 && t.mstatusSie) : t.mode !== 3 || t.mstatusMie;
		if (!enabled) return { trapped: false as const };
		// mie also has STIP at times: an enabled, pending STIP could win over the event's interrupt.
	}
	const toS = deleg === 1 && t.mode !== 3;
	const tvec = toS ? t.stvec : t.mtvec;
	const base = tvec & ~3;
	const pc = irq && (tvec & 3) === 1 ? base + 4 * code : base;
	return {
		trapped: true as const,
		toS,
		cause: irq ? (0x8000_0000 | code) >>> 0 : code,
		epc: t.pc,
		pc: pc >>> 0
	};
}

describe('trap-routing', () => {
	for (const difficulty of DIFFICULTIES)
		it(`${SEEDS} seeds, ${difficulty}: routing matches the delegation and enable rules`, () => {
			const seen = new Set<number>();
			for (const seed of seeds(`trap-${difficulty}`)) {
				const t = makeTrapSetup(seed, difficulty);
				const a = solveTraps(t);
				const ref = refTrap(t);
				seen.add(value(a.handler));
				if (!ref.trapped) {
					expect(value(a.handler), `seed ${seed}`).toBe(2);
					expect(a.epc).toBeUndefined();
					continue;
				}
				expect(value(a.handler), `seed ${seed}`).toBe(ref.toS ? 1 : 0);
				expect(value(a.cause)).toBe(ref.cause);
				expect(value(a.epc)).toBe(ref.epc);
				expect(value(a.pc)).toBe(ref.pc);
				expect(value(a.previous)).toBe(['U', 'S', 'M'].indexOf(['U', 'S', '', 'M'][t.mode]));
			}
			expect(seen.size).toBeGreaterThanOrEqual(2);
		});
});

// ---- Tracing: a reference interpreter over the structured program ----
function refRun(t: TraceProgram) {
	const regs = new Map<string, number>();
	const get = (r: string) => (r === 'zero' ? 0 : (regs.get(r) ?? 0));
	const labels = new Map(
		t.ops.flatMap((o, i) => (o.op === 'label' ? [[o.name, i] as [string, number]] : []))
	);
	const visits: string[] = [];
	let retired = 0;
	let trapLine = 0;
	for (let i = 0, guard = 0; i < t.ops.length && guard < 10_000; guard++) {
		const o: Op = t.ops[i];
		if (o.op === 'label') {
			if (o.name === 'done') break;
			if (t.blocks.includes(o.name) && !visits.includes(o.name)) visits.push(o.name);
			i++;
			continue;
		}
		if (o.op === 'trap') {
			trapLine = i + 1;
			break;
		}
		retired++;
		let next = i + 1;
		const alu: Record<string, (x: number, y: number) => number> = {
			add: (x, y) => (x + y) | 0,
			sub: (x, y) => (x - y) | 0,
			xor: (x, y) => x ^ y,
			and: (x, y) => x & y,
			or: (x, y) => x | y,
			sll: (x, y) => x << (y & 31),
			srl: (x, y) => (x >>> (y & 31)) | 0,
			mul: (x, y) => Math.imul(x, y)
		};
		const branch: Record<string, (x: number, y: number) => boolean> = {
			beq: (x, y) => x === y,
			bne: (x, y) => x !== y,
			blt: (x, y) => x < y,
			bge: (x, y) => x >= y
		};
		if (o.op === 'li') regs.set(o.rd, o.imm);
		else if (o.op === 'addi') regs.set(o.rd, (get(o.rs1) + o.imm) | 0);
		else if (o.op === 'alu') regs.set(o.rd, alu[o.name](get(o.rs1), get(o.rs2)));
		else if (o.op === 'branch')
			next = branch[o.name](get(o.rs1), get(o.rs2)) ? (labels.get(o.target) ?? 0) : next;
		else if (o.op === 'bnez') next = get(o.rs1) !== 0 ? (labels.get(o.target) ?? 0) : next;
		else if (o.op === 'j') next = labels.get(o.target) ?? 0;
		i = next;
	}
	return { value: get(t.reg), retired, trapLine, visits };
}

describe('trace-program', () => {
	for (const difficulty of DIFFICULTIES)
		it(`${SEEDS} seeds, ${difficulty}: the simulator agrees with a reference interpreter`, () => {
			for (const seed of seeds(`trace-${difficulty}`)) {
				const t = makeProgram(seed, difficulty);
				const a = solveTrace(t);
				const ref = refRun(t);
				expect(value(a.value), `seed ${seed}`).toBe(ref.value);
				expect(value(a.retired), `seed ${seed}`).toBe(ref.retired);
				const traps = t.ops.flatMap((o, i) => (o.op === 'trap' ? [i + 1] : []));
				if (traps.length)
					expect(value(a.trap)).toBe(ref.trapLine ? traps.indexOf(ref.trapLine) : traps.length);
				const order = a.order?.answer;
				if (order?.kind === 'order')
					expect(order.correct.map((k) => t.blocks[k])).toEqual(ref.visits);
			}
		});
});

// ---- Privilege: the rules of §2.1 (CSR bits 9:8), §3.1.6.5 (TVM/TW/TSR), §3.1.11 (counter enables) ----
function refTraps(s: PrivilegeSetup, text: string): number | undefined {
	const u = s.mode === 0;
	const counter = (bit: number) =>
		((s.mcounteren >>> bit) & 1) === 0 || (u && ((s.scounteren >>> bit) & 1) === 0);
	const rules: Record<string, boolean | number> = {
		ecall: u ? 8 : 9,
		ebreak: 3,
		'add t0, t1, t2': false,
		'lw t0, 0(sp)': false,
		fence: false,
		'csrr t0, mstatus': true,
		'csrr t0, mhartid': true,
		'csrr t0, sstatus': u,
		'csrr t0, sscratch': u,
		'csrw satp, t0': u || s.tvm,
		'sfence.vma': u || s.tvm,
		sret: u || s.tsr,
		mret: true,
		wfi: u || s.tw,
		'rdcycle t0': counter(0),
		'rdtime t0': counter(1)
	};
	const r = rules[text];
	if (r === undefined) throw new Error(`no rule for ${text}`);
	return typeof r === 'number' ? r : r ? 2 : undefined;
}

describe('privilege', () => {
	for (const difficulty of DIFFICULTIES)
		it(`${SEEDS} seeds, ${difficulty}: which instructions trap matches the privilege rules`, () => {
			for (const seed of seeds(`priv-${difficulty}`)) {
				const s = makePrivilege(seed, difficulty);
				const a = solvePrivilege(s);
				const traps = a.traps.answer;
				if (traps.kind !== 'multi') throw new Error('traps is a multiple choice');
				const expected = traps.options.flatMap((text, i) =>
					refTraps(s, text) !== undefined ? [i] : []
				);
				expect(traps.correct, `seed ${seed}`).toEqual(expected);
				if (a.cause) {
					const focus = /^`([^`]+)`/.exec(a.why?.explain ?? '')?.[1] ?? '';
					expect(value(a.cause)).toBe(refTraps(s, focus));
				}
			}
		});
});

/**
 * Generator `trap-routing`: a hart in some mode with some medeleg/mideleg, interrupt enables and trap
 * vectors, and one event (an instruction that may trap, or a pending interrupt). The simulator takes
 * one step; where the trap went, xepc, xcause, the handler's pc and the recorded previous mode are read
 * off the hart afterwards.
 */
import { CAUSE_NAMES, INTERRUPT_NAMES, Mode } from '../hart/causes';
import { MIP_MSIP, MIP_MTIP, MIP_SSIP, MIP_STIP, MSTATUS_MIE, MSTATUS_SIE } from '../hart/csr-bits';
import { bareMachine, enterMode, MODE_LETTER, watchFirstTrap } from './bare';
import { Prng } from './prng';
import { hex } from './sv32-table';
import type { Difficulty, GeneratedProblem, Generator, Mistake, Solved } from './types';

interface TrapEvent {
	/** What the question calls it. */
	name: string;
	/** The instruction at the event's pc (a nop for an interrupt). */
	code: string;
	/** An interrupt's mip bit, or 0 for an instruction. */
	irq: number;
	/** The exception or interrupt code it raises when it traps (for the explanation). */
	code_: number;
}

const EVENTS: TrapEvent[] = [
	{ name: 'the instruction `ecall`', code: 'ecall', irq: 0, code_: -1 },
	{ name: 'the instruction `ebreak`', code: 'ebreak', irq: 0, code_: 3 },
	{ name: 'the instruction `csrr t0, mscratch`', code: 'csrr t0, mscratch', irq: 0, code_: 2 },
	{ name: 'an all-zero instruction word (`.word 0`)', code: '.word 0', irq: 0, code_: 2 },
	{
		name: 'the instruction `lw t0, 0(zero)` (nothing is mapped at address 0)',
		code: 'lw t0, 0(zero)',
		irq: 0,
		code_: 5
	},
	{
		name: 'the instruction `sw t0, 0(zero)` (nothing is mapped at address 0)',
		code: 'sw t0, 0(zero)',
		irq: 0,
		code_: 7
	},
	{ name: 'a pending supervisor timer interrupt (mip.STIP)', code: 'nop', irq: MIP_STIP, code_: 5 },
	{ name: 'a pending machine timer interrupt (mip.MTIP)', code: 'nop', irq: MIP_MTIP, code_: 7 },
	{ name: 'a pending supervisor software interrupt (mip.SSIP)', code: 'nop', irq: MIP_SSIP, code_: 1 },
	{ name: 'a pending machine software interrupt (mip.MSIP)', code: 'nop', irq: MIP_MSIP, code_: 3 }
];

const HANDLED = ['M-mode', 'S-mode', 'nobody: no trap is taken'];
const MODES = ['U', 'S', 'M'];

export interface TrapSetup {
	mode: Mode;
	pc: number;
	medeleg: number;
	mideleg: number;
	mie: number;
	mstatusMie: boolean;
	mstatusSie: boolean;
	mtvec: number;
	stvec: number;
	event: number;
}

export function makeTrapSetup(seed: number, difficulty: Difficulty): TrapSetup {
	const p = new Prng(seed);
	const events = difficulty === 'easy' ? [0, 1, 2, 4] : EVENTS.map((_, i) => i);
	const event = p.pick(events);
	const e = EVENTS[event];
	const mode = p.pick(
		difficulty === 'easy' ? [Mode.User, Mode.Supervisor] : [Mode.User, Mode.Supervisor, Mode.Machine]
	);
	// Delegate a plausible kernel's set (as OpenSBI does) with a few bits flipped, so the bit matters.
	let medeleg = 0xb1ff & ~(1 << 9) & ~(1 << 11);
	for (let k = 0; k < 3; k++) if (p.chance(0.6)) medeleg ^= 1 << p.pick([0, 2, 3, 5, 7, 8, 12, 13, 15]);
	let mideleg = 0x222;
	if (p.chance(0.3)) mideleg ^= 1 << p.pick([1, 5, 9]);
	if (difficulty !== 'easy' && p.chance(0.2)) mideleg |= 1 << p.pick([3, 7]);
	const vectored = difficulty === 'hard' && p.chance(0.6);
	const setBit = e.irq ? (difficulty === 'easy' || p.chance(0.85) ? e.irq : 0) : 0;
	return {
		mode,
		pc: 0x8000_0000 + p.int(0x40, 0x3ff) * 4,
		medeleg: medeleg >>> 0,
		mideleg: mideleg >>> 0,
		mie: setBit | (p.chance(0.5) ? MIP_STIP : 0),
		mstatusMie: p.chance(0.5),
		mstatusSie: p.chance(0.5),
		mtvec: (0x8000_2000 + p.int(0, 0x3f) * 0x40 + (vectored && p.chance(0.5) ? 1 : 0)) >>> 0,
		stvec: (0x8000_4000 + p.int(0, 0x3f) * 0x40 + (vectored && p.chance(0.5) ? 1 : 0)) >>> 0,
		event
	};
}

export interface TrapOutcome {
	trapped: boolean;
	to: Mode;
	epc: number;
	cause: number;
	handlerPc: number;
	previous: Mode;
}

/** Run the setup on the simulator for one step and read the trap (if any) off the hart. */
export function runTrapSetup(t: TrapSetup): TrapOutcome {
	const e = EVENTS[t.event];
	// Handlers are `j .`, so the step that takes the trap leaves the hart at the handler's first word.
	const halt = (addr: number) => `.org ${hex(addr - 0x8000_0000)}\n\tj .`;
	const vectors = [t.mtvec, t.stvec].flatMap((v) => {
		const base = v & ~3;
		return (v & 3) === 1 ? [1, 3, 5, 7, 9, 11, 0].map((c) => base + 4 * c) : [base];
	});
	const source = [
		`.org ${hex(t.pc - 0x8000_0000)}`,
		`\t${e.code}`,
		'\tj .',
		...[...new Set(vectors)].sort((a, b) => a - b).map(halt)
	].join('\n');
	const { machine: m } = bareMachine(source);
	const h = m.hart;
	h.pc = t.pc;
	h.medeleg = t.medeleg;
	h.mideleg = t.mideleg;
	h.mie = t.mie;
	h.mstatus =
		(h.mstatus & ~(MSTATUS_MIE | MSTATUS_SIE)) |
		(t.mstatusMie ? MSTATUS_MIE : 0) |
		(t.mstatusSie ? MSTATUS_SIE : 0);
	h.mtvec = t.mtvec;
	h.stvec = t.stvec;
	if (e.irq) h.mip |= e.irq;
	enterMode(h, t.mode);
	const first = watchFirstTrap(h);
	m.step();
	const trap = first.get();
	if (!trap)
		return { trapped: false, to: h.mode, epc: 0, cause: 0, handlerPc: h.pc >>> 0, previous: t.mode };
	const toS = trap.to === Mode.Supervisor;
	const previous = toS
		? (h.mstatus >>> 8) & 1
			? Mode.Supervisor
			: Mode.User
		: (((h.mstatus >>> 11) & 3) as Mode);
	return {
		trapped: true,
		to: trap.to,
		epc: (toS ? h.sepc : h.mepc) >>> 0,
		cause: trap.cause,
		handlerPc: h.pc >>> 0,
		previous
	};
}

/** Why the event went where it did, in the words of §3.1.8 and §3.1.9 (for hints and explanations). */
function routingWhy(t: TrapSetup, o: TrapOutcome): string {
	const e = EVENTS[t.event];
	const code = o.trapped ? o.cause & 0x7fff_ffff : e.code_;
	const reg = e.irq ? 'mideleg' : 'medeleg';
	const deleg = ((e.irq ? t.mideleg : t.medeleg) >>> code) & 1;
	const m = MODE_LETTER[t.mode];
	if (!o.trapped)
		return e.irq
			? `The interrupt stays pending: ${deleg ? `it is delegated to S (mideleg bit ${code} = 1), and an S interrupt is never taken in M, nor in S with SIE = 0` : `it is for M (mideleg bit ${code} = 0), and in M it waits for mstatus.MIE`}${(t.mie & e.irq) === 0 ? ', and its mie bit is 0 anyway' : ''}.`
			: `In ${m}-mode the instruction is allowed, so it runs and nothing traps.`;
	const name = e.irq ? INTERRUPT_NAMES[code] : CAUSE_NAMES[code];
	if (o.to === Mode.Machine && deleg && t.mode === Mode.Machine)
		return `It is ${name} (code ${code}). ${reg} bit ${code} is 1, but the hart is in M-mode, and a trap never goes to a less-privileged mode: M handles it.`;
	return `It is ${name} (code ${code}). ${reg} bit ${code} is ${deleg}, so ${deleg ? 'S' : 'M'} handles it.`;
}

export function solveTraps(t: TrapSetup): Record<string, Solved> {
	const o = runTrapSetup(t);
	const why = routingWhy(t, o);
	const handled = !o.trapped ? 2 : o.to === Mode.Machine ? 0 : 1;
	const answers: Record<string, Solved> = {
		handler: {
			answer: {
				kind: 'choice',
				options: HANDLED,
				correct: handled,
				mistakes: [0, 1, 2].filter((k) => k !== handled).map((k) => ({ value: k, why }))
			},
			explain: why
		}
	};
	if (!o.trapped) return answers;
	const tvec = o.to === Mode.Machine ? t.mtvec : t.stvec;
	const base = (tvec & ~3) >>> 0;
	const x = o.to === Mode.Machine ? 'm' : 's';
	answers.epc = {
		answer: {
			kind: 'number',
			value: o.epc,
			base: 'hex',
			mistakes: [
				{
					value: o.epc + 4,
					why: `${x}epc holds the pc of the instruction that trapped (or, for an interrupt, the one that would run next), not the one after it.`
				}
			]
		},
		explain: `${x}epc = ${hex(o.epc)}: ${EVENTS[t.event].irq ? 'an interrupt is taken before the instruction at pc runs' : 'the trapping instruction’s own pc'}.`
	};
	const isIrq = o.cause >>> 31 === 1;
	const causeMistakes: Mistake<number>[] = isIrq
		? [
				{
					value: o.cause & 0x7fff_ffff,
					why: `For an interrupt, bit 31 of ${x}cause is set: ${hex(o.cause)}.`
				}
			]
		: [8, 9, 11]
				.filter((c) => c !== o.cause)
				.map((c) => ({
					value: c,
					why: `${c} is ${CAUSE_NAMES[c]}; the ecall came from ${MODE_LETTER[t.mode]}-mode.`
				}));
	answers.cause = {
		answer: { kind: 'number', value: o.cause, base: isIrq ? 'hex' : 'dec', mistakes: causeMistakes },
		explain: `${x}cause = ${isIrq ? hex(o.cause) : o.cause}. ${why}`
	};
	const vectoredHere = isIrq && (tvec & 3) === 1;
	answers.pc = {
		answer: {
			kind: 'number',
			value: o.handlerPc,
			base: 'hex',
			mistakes: [
				{ value: tvec, why: `${x}tvec's low two bits are its MODE field, not part of the address.` },
				{
					value: o.to === Mode.Machine ? t.stvec & ~3 : t.mtvec & ~3,
					why: `That is the other mode's vector; ${o.to === Mode.Machine ? 'M' : 'S'} handles this trap.`
				},
				...(vectoredHere
					? [
							{
								value: base,
								why: `${x}tvec.MODE = 1 (vectored): an interrupt goes to BASE + 4 × cause.`
							}
						]
					: []),
				...(!vectoredHere && (tvec & 3) === 1
					? [
							{
								value: base + 4 * (o.cause & 0x7fff_ffff),
								why: 'Vectored mode applies to interrupts only; exceptions go to BASE.'
							}
						]
					: [])
			]
		},
		explain: `${x}tvec = ${hex(tvec)} (BASE ${hex(base)}, MODE ${tvec & 3}): ${vectoredHere ? 'vectored, so BASE + 4 × cause' : 'BASE'} = ${hex(o.handlerPc)}.`
	};
	const prev = MODES.indexOf(MODE_LETTER[o.previous]);
	answers.previous = {
		answer: { kind: 'choice', options: MODES, correct: prev },
		explain: `${o.to === Mode.Machine ? 'mstatus.MPP' : 'mstatus.SPP'} records the mode the trap came from: ${MODE_LETTER[o.previous]}.`
	};
	return answers;
}

export const trapGenerator: Generator = {
	name: 'trap-routing',
	questions: ['handler', 'epc', 'cause', 'pc', 'previous'],
	generate(seed, difficulty): GeneratedProblem {
		const t = makeTrapSetup(seed, difficulty);
		const e = EVENTS[t.event];
		const facts = { mode: MODE_LETTER[t.mode], event: e.name, pc: hex(t.pc) };
		const bits = (v: number) =>
			v ? [...Array(16).keys()].filter((b) => (v >>> b) & 1).join(', ') : 'none';
		return {
			facts,
			context: {
				lines: [
					`The hart is in ${facts.mode}-mode at pc = ${facts.pc}, where it meets ${e.name}. Paging is off.`
				],
				tables: [
					{
						caption: 'Trap CSRs',
						columns: ['CSR', 'Value', 'Meaning'],
						rows: [
							['medeleg', hex(t.medeleg), `exceptions delegated to S: ${bits(t.medeleg)}`],
							['mideleg', hex(t.mideleg), `interrupts delegated to S: ${bits(t.mideleg)}`],
							['mie', hex(t.mie), `interrupts enabled: ${bits(t.mie)}`],
							[
								'mstatus.MIE / SIE',
								`${t.mstatusMie ? 1 : 0} / ${t.mstatusSie ? 1 : 0}`,
								'global enables for M / S'
							],
							['mtvec', hex(t.mtvec), (t.mtvec & 3) === 1 ? 'vectored' : 'direct'],
							['stvec', hex(t.stvec), (t.stvec & 3) === 1 ? 'vectored' : 'direct']
						]
					}
				],
				data: t
			},
			answers: solveTraps(t)
		};
	}
};

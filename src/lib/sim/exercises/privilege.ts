/**
 * Generator `privilege`: a handful of instructions and a mode (U, or S with mstatus TVM/TW/TSR and the
 * counter enables set at random). Whether each one traps, and its cause, come from running it alone on
 * the simulator in that mode; the reason offered is the rule of the privileged spec that applies.
 */
import { CAUSE_NAMES, Mode } from '../hart/causes';
import { MSTATUS_TSR, MSTATUS_TVM, MSTATUS_TW } from '../hart/csr-bits';
import { bareMachine, enterMode, MODE_LETTER, watchFirstTrap } from './bare';
import { Prng } from './prng';
import type { Difficulty, GeneratedProblem, Generator, Solved } from './types';

/** Why an instruction traps, as the question's options say it. */
export const REASONS = [
	'it is an environment call: it always traps, by design',
	'it is a breakpoint: it always traps, by design',
	'its CSR belongs to a more privileged mode (CSR address bits 9:8)',
	'the instruction is reserved for a more privileged mode',
	'a counter-enable bit (mcounteren or scounteren) is 0',
	'mstatus.TVM, TW or TSR tells S-mode to trap it',
	'it does not trap'
] as const;

type Rule = 'ecall' | 'ebreak' | 'csr' | 'priv-insn' | 'counter' | 'tvm' | 'tw' | 'tsr' | 'none';

interface Candidate {
	text: string;
	/** The rules that may make it trap, in the order they are checked. */
	rules: Rule[];
	/** The least-privileged mode that may use it (for CSRs: address bits 9:8). */
	minMode: Mode;
}

const CANDIDATES: Candidate[] = [
	{ text: 'ecall', rules: ['ecall'], minMode: Mode.User },
	{ text: 'ebreak', rules: ['ebreak'], minMode: Mode.User },
	{ text: 'add t0, t1, t2', rules: ['none'], minMode: Mode.User },
	{ text: 'lw t0, 0(sp)', rules: ['none'], minMode: Mode.User },
	{ text: 'fence', rules: ['none'], minMode: Mode.User },
	{ text: 'csrr t0, mstatus', rules: ['csr'], minMode: Mode.Machine },
	{ text: 'csrr t0, mhartid', rules: ['csr'], minMode: Mode.Machine },
	{ text: 'csrr t0, sstatus', rules: ['csr'], minMode: Mode.Supervisor },
	{ text: 'csrr t0, sscratch', rules: ['csr'], minMode: Mode.Supervisor },
	{ text: 'csrw satp, t0', rules: ['csr', 'tvm'], minMode: Mode.Supervisor },
	{ text: 'sfence.vma', rules: ['priv-insn', 'tvm'], minMode: Mode.Supervisor },
	{ text: 'sret', rules: ['priv-insn', 'tsr'], minMode: Mode.Supervisor },
	{ text: 'mret', rules: ['priv-insn'], minMode: Mode.Machine },
	{ text: 'wfi', rules: ['priv-insn', 'tw'], minMode: Mode.Supervisor },
	{ text: 'rdcycle t0', rules: ['counter'], minMode: Mode.User },
	{ text: 'rdtime t0', rules: ['counter'], minMode: Mode.User }
];

export interface PrivilegeSetup {
	mode: Mode;
	/** Indices into CANDIDATES. */
	picks: number[];
	tvm: boolean;
	tw: boolean;
	tsr: boolean;
	mcounteren: number;
	scounteren: number;
}

export function makePrivilege(seed: number, difficulty: Difficulty): PrivilegeSetup {
	const p = new Prng(seed);
	const mode = difficulty === 'hard' && p.chance(0.6) ? Mode.Supervisor : Mode.User;
	const pool = CANDIDATES.map((_, i) => i).filter(
		(i) => difficulty !== 'easy' || !CANDIDATES[i].rules.includes('counter')
	);
	const some = difficulty !== 'easy';
	return {
		mode,
		picks: p.sample(pool, difficulty === 'easy' ? 5 : 6),
		tvm: difficulty === 'hard' && p.chance(0.5),
		tw: difficulty === 'hard' && p.chance(0.5),
		tsr: difficulty === 'hard' && p.chance(0.5),
		mcounteren: some ? p.int(0, 3) : 0,
		scounteren: some ? p.int(0, 3) : 0
	};
}

/** Run one instruction alone in the setup's mode; the first trap's cause, or undefined. */
export function runInstruction(s: PrivilegeSetup, text: string): number | undefined {
	const { machine: m } = bareMachine(`\t${text}\n\tj .\n`);
	const h = m.hart;
	h.mstatus |= (s.tvm ? MSTATUS_TVM : 0) | (s.tw ? MSTATUS_TW : 0) | (s.tsr ? MSTATUS_TSR : 0);
	// sret returns to SPP's mode at sepc: point it back at the `j .` so the step stays put.
	h.sepc = 0x8000_0004;
	h.mtvec = 0x8000_0004;
	h.x[2] = 0x8000_0100;
	h.mcounteren = s.mcounteren;
	h.scounteren = s.scounteren;
	enterMode(h, s.mode);
	const first = watchFirstTrap(h);
	m.step();
	return first.get()?.cause;
}

/** The reason (an index into REASONS) for an instruction that trapped with `cause`. */
function reasonFor(s: PrivilegeSetup, c: Candidate, cause: number | undefined): number {
	if (cause === undefined) return 6;
	if (cause !== 2) return c.rules.includes('ebreak') ? 1 : 0;
	if (c.rules.includes('counter')) return 4;
	if (s.mode >= c.minMode) return 5;
	return c.rules.includes('csr') ? 2 : 3;
}

export function solvePrivilege(s: PrivilegeSetup): Record<string, Solved> {
	const results = s.picks.map((i) => ({ c: CANDIDATES[i], cause: runInstruction(s, CANDIDATES[i].text) }));
	const options = results.map((r) => r.c.text);
	const trapping = results.flatMap((r, i) => (r.cause !== undefined ? [i] : []));
	const m = MODE_LETTER[s.mode];
	const answers: Record<string, Solved> = {
		traps: {
			answer: {
				kind: 'multi',
				options,
				correct: trapping,
				why: results.map((r) =>
					r.cause === undefined
						? `\`${r.c.text}\` runs in ${m}-mode without a trap.`
						: `\`${r.c.text}\` traps: ${REASONS[reasonFor(s, r.c, r.cause)]}.`
				)
			},
			explain: results
				.map(
					(r) =>
						`${r.c.text}: ${r.cause === undefined ? 'no trap' : `cause ${r.cause} (${CAUSE_NAMES[r.cause]})`}`
				)
				.join('; ')
		}
	};
	// The "why" question is about the trapping instruction that is most interesting: not an ecall.
	const focus =
		results.find((r) => r.cause !== undefined && r.cause !== 8 && r.cause !== 9 && r.cause !== 3) ??
		results.find((r) => r.cause !== undefined);
	if (focus) {
		const reason = reasonFor(s, focus.c, focus.cause);
		answers.why = {
			answer: { kind: 'choice', options: [...REASONS], correct: reason },
			explain: `\`${focus.c.text}\` in ${m}-mode: cause ${focus.cause} (${CAUSE_NAMES[focus.cause ?? 0]}), because ${REASONS[reason]}.`
		};
		answers.cause = {
			answer: {
				kind: 'number',
				value: focus.cause ?? 0,
				base: 'dec',
				mistakes: [8, 9, 2, 3]
					.filter((c) => c !== focus.cause)
					.map((c) => ({ value: c, why: `${c} is ${CAUSE_NAMES[c]}.` }))
			},
			explain: `The simulator reports cause ${focus.cause} (${CAUSE_NAMES[focus.cause ?? 0]}).`
		};
	}
	return answers;
}

export const privilegeGenerator: Generator = {
	name: 'privilege',
	questions: ['traps', 'why', 'cause'],
	generate(seed, difficulty): GeneratedProblem {
		const s = makePrivilege(seed, difficulty);
		const answers = solvePrivilege(s);
		const why = answers.why?.explain.match(/^`([^`]+)`/)?.[1] ?? '';
		const bit = (b: boolean) => (b ? 1 : 0);
		return {
			facts: { mode: MODE_LETTER[s.mode], focus: why },
			context: {
				lines: [
					`Each instruction below runs on its own in ${MODE_LETTER[s.mode]}-mode, with paging off.`,
					`mstatus: TVM = ${bit(s.tvm)}, TW = ${bit(s.tw)}, TSR = ${bit(s.tsr)}; mcounteren = ${s.mcounteren} and scounteren = ${s.scounteren} (bit 0 CY, bit 1 TM).`
				],
				tables: [
					{
						caption: 'The instructions',
						columns: ['#', 'Instruction'],
						rows: s.picks.map((i, k) => [String(k + 1), CANDIDATES[i].text])
					}
				],
				data: s
			},
			answers
		};
	}
};

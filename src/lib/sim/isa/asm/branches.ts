/**
 * Branch relaxation, as GNU as does it even with -mno-relax (tc-riscv.c relaxed_branch_length): a
 * conditional branch is one word only if its target is a symbol defined in the same section, not weak,
 * and within reach (-4096..4095 bytes from the branch); otherwise — a target in another section, a
 * weak symbol, a constant address, or too far — it becomes the inverted branch over a `jal zero`:
 *
 *     beq a0, a1, far     →     bne a0, a1, .+8
 *                               j   far
 *
 * Sizes depend on distances and distances on sizes, so the assembler runs pass 1 again with the
 * branches found out of reach made long, until no more are (branches only grow, so this ends). That
 * is the smallest consistent choice. GNU as relaxes frag by frag from first estimates, so where a
 * branch's reach depends on sizes still to be settled it can end up with the other consistent
 * choice (about 1 in 200 random 1500-line programs in the differential test's experiments); the
 * bytes then differ from GNU's, though both are correct programs.
 */
import { insn } from '../instructions';
import type { Emit } from './emit';
import { evaluate, type Expr } from './expr';
import type { Imm } from './operands';
import type { Sym } from './pass1';

export interface BranchSite {
	/** Index among all conditional branches, in emission order (stable from run to run). */
	readonly id: number;
	readonly sec: string;
	readonly off: number;
	readonly target: Imm;
}

const INVERSE: Record<string, string> = {
	beq: 'bne',
	bne: 'beq',
	blt: 'bge',
	bge: 'blt',
	bltu: 'bgeu',
	bgeu: 'bltu'
};

/** RISCV_BRANCH_REACH / 2 in tc-riscv.c, whose test is `(unsigned)(val + reach/2) < reach`. */
const HALF_REACH = 4096n;

export function longBranch(b: Emit): Emit[] {
	const skip: Imm = { expr: { k: 'num', v: 8n, at: b.imm!.at }, mod: 'pc_offset', at: b.imm!.at };
	return [
		{ ...b, insn: insn(INVERSE[b.insn.name]), imm: skip },
		{ insn: insn('jal'), rd: 0, imm: b.imm }
	];
}

/** A constant subexpression's value (no symbols, no `.`), else undefined. */
function constant(e: Expr): bigint | undefined {
	const v = evaluate(e, { symbol: () => undefined, dot: () => ({ sec: '.', n: 0n }) });
	return v?.sec === null ? v.n : undefined;
}

/**
 * `sym`, `sym ± constant`, `constant + sym`, `.`, `. ± constant` → the symbol (or '.') and the
 * constant: GNU as's X_add_symbol and X_add_number.
 */
function symbolPlusOffset(e: Expr): { name: string | '.'; offset: bigint } | undefined {
	if (e.k === 'sym') return { name: e.name, offset: 0n };
	if (e.k === 'dot') return { name: '.', offset: 0n };
	if (e.k !== 'binary' || (e.op !== '+' && e.op !== '-')) return undefined;
	const r = constant(e.r);
	if (r !== undefined) {
		const inner = symbolPlusOffset(e.l);
		return inner && { name: inner.name, offset: inner.offset + (e.op === '+' ? r : -r) };
	}
	const l = constant(e.l);
	if (l !== undefined && e.op === '+') {
		const inner = symbolPlusOffset(e.r);
		return inner && { name: inner.name, offset: inner.offset + l };
	}
	return undefined;
}

/** Must this branch be long, given the section offsets of the pass that placed it? */
export function needsLong(b: BranchSite, symbols: ReadonlyMap<string, Sym>): boolean {
	const t = symbolPlusOffset(b.target.expr);
	if (!t) return true;
	let target: bigint;
	if (t.name === '.') target = BigInt(b.off);
	else {
		const s = symbols.get(t.name);
		if (!s?.value || s.weak || s.value.sec !== b.sec) return true;
		target = s.value.n;
	}
	const val = target + t.offset - BigInt(b.off);
	return val < -HALF_REACH || val >= HALF_REACH;
}

/** The branches to make long next: those already long and those now out of reach; undefined if none are new. */
export function relaxBranches(
	branches: readonly BranchSite[],
	symbols: ReadonlyMap<string, Sym>,
	wasLong: (id: number) => boolean
): ((id: number) => boolean) | undefined {
	const grow = branches.filter((b) => !wasLong(b.id) && needsLong(b, symbols));
	if (grow.length === 0) return undefined;
	const added = new Set(grow.map((b) => b.id));
	return (id) => added.has(id) || wasLong(id);
}

/**
 * Operand parsing: registers, immediates with relocation functions (`%hi(sym)`), memory operands
 * `imm(reg)`, CSRs and fence sets. Each parser consumes one operand from the cursor or fails with
 * an "expected ..." message.
 */
import { CSR_NUMBER } from '../csrs';
import { registerNumber } from '../registers';
import type { Pos } from './errors';
import type { Cursor } from './cursor';
import { parseExpr, type Expr, type LocalNamer } from './expr';
import type { Token } from './lexer';

/**
 * Relocation functions (RISC-V Assembly Programmer's Manual, "Assembler Relocation Functions").
 * Two are internal: `pcrel_lo_prev` is the low part for the auipc just before (the second word of
 * `la`, `call`, `lw a0, sym`), which GNU as expresses with a hidden label; `pc_offset` is a branch
 * offset given directly rather than as a target (the skip in a long branch, branches.ts).
 */
export type Modifier = 'hi' | 'lo' | 'pcrel_hi' | 'pcrel_lo' | 'pcrel_lo_prev' | 'pc_offset';
const MODIFIERS: readonly string[] = ['hi', 'lo', 'pcrel_hi', 'pcrel_lo'];

export interface Imm {
	readonly expr: Expr;
	readonly mod?: Modifier;
	readonly at: Pos;
}

export const constImm = (v: number, at: Pos): Imm => ({ expr: { k: 'num', v: BigInt(v), at }, at });

export type OperandKind = 'reg' | 'imm' | 'mem' | 'amem' | 'target' | 'csr' | 'fence';

export type Operand =
	| { readonly kind: 'reg'; readonly reg: number; readonly at: Pos }
	| { readonly kind: 'imm'; readonly imm: Imm; readonly at: Pos }
	| { readonly kind: 'mem'; readonly imm: Imm; readonly base: number; readonly at: Pos }
	| { readonly kind: 'csr'; readonly csr: number | Imm; readonly at: Pos }
	| { readonly kind: 'fence'; readonly bits: number; readonly at: Pos };

const DESCRIBE: Record<OperandKind, string> = {
	reg: 'a register',
	imm: 'an immediate',
	mem: "a memory operand 'offset(register)'",
	amem: "a memory operand '(register)'",
	target: 'a label or address',
	csr: 'a CSR name or number',
	fence: "a fence set such as 'rw' or 'iorw'"
};

/** The operand groups of a statement, split at commas outside parentheses (for shape checks). */
export function operandGroups(tokens: readonly Token[], from: number): Token[][] {
	const groups: Token[][] = [];
	let cur: Token[] = [];
	let depth = 0;
	for (let i = from; i < tokens.length; i++) {
		const t = tokens[i];
		if (t.kind === 'punct' && t.text === ',' && depth === 0) {
			groups.push(cur);
			cur = [];
			continue;
		}
		if (t.kind === 'punct' && t.text === '(') depth++;
		if (t.kind === 'punct' && t.text === ')') depth--;
		cur.push(t);
	}
	if (cur.length || groups.length) groups.push(cur);
	return groups;
}

const isRegTok = (t: Token | undefined) => t?.kind === 'ident' && registerNumber(t.text) !== undefined;

/** Does this group of tokens look like the given kind? Used to choose among a mnemonic's forms. */
export function looksLike(kind: OperandKind, g: readonly Token[]): boolean {
	const isReg = g.length === 1 && isRegTok(g[0]);
	const n = g.length;
	// `x(name)` is a memory operand (with a bad register, perhaps) unless it is `%lo(name)`.
	const isMem =
		n >= 3 &&
		g[n - 1].kind === 'punct' &&
		g[n - 1].text === ')' &&
		g[n - 3].text === '(' &&
		g[n - 2].kind === 'ident' &&
		!(n >= 5 && g[n - 5].text === '%' && g[n - 4].kind === 'ident');
	if (kind === 'reg') return isReg;
	if (kind === 'mem' || kind === 'amem') return isMem;
	return !isReg && !isMem && n > 0;
}

export function parseOperand(c: Cursor, kind: OperandKind, local: LocalNamer): Operand {
	const at = c.here();
	switch (kind) {
		case 'reg':
			return { kind: 'reg', reg: parseReg(c), at };
		case 'imm':
		case 'target':
			return { kind: 'imm', imm: parseImm(c, local, DESCRIBE[kind]), at };
		case 'mem':
		case 'amem':
			return parseMem(c, local, kind);
		case 'csr':
			return { kind: 'csr', csr: parseCsr(c, local), at };
		case 'fence':
			return { kind: 'fence', bits: parseFence(c), at };
	}
}

export function parseReg(c: Cursor): number {
	const t = c.peek();
	const r = t?.kind === 'ident' ? registerNumber(t.text) : undefined;
	if (r === undefined) c.fail(DESCRIBE.reg);
	c.next();
	return r;
}

/** An expression, optionally wrapped in a relocation function: `%pcrel_lo(1b)`. */
export function parseImm(c: Cursor, local: LocalNamer, what = DESCRIBE.imm): Imm {
	const at = c.here();
	if (c.isPunct('%')) {
		const name = c.peek(1);
		if (name?.kind !== 'ident' || !MODIFIERS.includes(name.text)) {
			c.next();
			c.fail('%hi, %lo, %pcrel_hi or %pcrel_lo');
		}
		c.next();
		c.next();
		c.expectPunct('(');
		let expr = parseExpr(c, local);
		c.expectPunct(')');
		// GNU as folds a trailing addend into the relocation: `%lo(x)+4` is `%lo(x+4)`.
		const op = c.peek();
		if (op?.kind === 'punct' && (op.text === '+' || op.text === '-')) {
			c.next();
			expr = { k: 'binary', op: op.text, l: expr, r: parseExpr(c, local), at: op };
		}
		return { expr, mod: name.text as Modifier, at };
	}
	const t = c.peek();
	if (!t || isRegTok(t) || (t.kind === 'punct' && t.text === ',')) c.fail(what);
	return { expr: parseExpr(c, local), at };
}

/** `imm(reg)`, `(reg)`, `%lo(sym)(reg)`; the offset must be 0 (or absent) for an AMO. */
function parseMem(c: Cursor, local: LocalNamer, kind: 'mem' | 'amem'): Operand {
	const at = c.here();
	let imm: Imm = { expr: { k: 'num', v: 0n, at }, at };
	// An operand starting with '(' is `(reg)` unless it is a parenthesised offset `(4)(a0)`.
	if (!(c.isPunct('(') && isRegTok(c.peek(1)))) imm = parseImm(c, local, 'an offset');
	if (!c.isPunct('(')) c.fail(`'(' and a base register (${DESCRIBE[kind]})`);
	c.next();
	const base = parseReg(c);
	c.expectPunct(')');
	return { kind: 'mem', imm, base, at };
}

function parseCsr(c: Cursor, local: LocalNamer): number | Imm {
	const t = c.peek();
	if (t?.kind === 'ident') {
		const n = CSR_NUMBER.get(t.text.toLowerCase());
		const follows = c.peek(1);
		if (n !== undefined && (!follows || (follows.kind === 'punct' && follows.text === ','))) {
			c.next();
			return n;
		}
	}
	return parseImm(c, local, DESCRIBE.csr);
}

/** Fence predecessor/successor sets: letters from i, o, r, w (unprivileged spec §2.7). */
function parseFence(c: Cursor): number {
	const t = c.peek();
	const bit: Record<string, number> = { i: 8, o: 4, r: 2, w: 1 };
	if (t?.kind === 'number' && t.value === 0n) {
		c.next();
		return 0;
	}
	if (t?.kind !== 'ident') c.fail(DESCRIBE.fence);
	let bits = 0;
	for (const ch of t.text.toLowerCase()) {
		if (!(ch in bit) || bits & bit[ch]) c.fail(DESCRIBE.fence);
		bits |= bit[ch];
	}
	c.next();
	return bits;
}

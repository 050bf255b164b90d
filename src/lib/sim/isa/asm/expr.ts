/**
 * Constant expressions: parsing to a tree, and evaluation.
 *
 * Precedence is C's, as vmscope's spec asks (unary, then * / %, + -, << >>, comparisons, & ^ |,
 * && ||). GNU as differs (its manual, "Infix Operators", puts << >> with * /, and | ^ &
 * above + -), so write parentheses in code that must assemble the same under both.
 * Values follow GNU as: 64-bit two's complement arithmetic, and a true comparison is -1
 * ("A true results has a value of -1 whereas a false result has a value of 0").
 */
import { StatementError, type Pos } from './errors';
import type { Cursor } from './cursor';
import type { Token } from './lexer';

export type Expr =
	| { readonly k: 'num'; readonly v: bigint; readonly at: Pos }
	| { readonly k: 'sym'; readonly name: string; readonly at: Pos }
	| { readonly k: 'dot'; readonly at: Pos }
	| { readonly k: 'unary'; readonly op: string; readonly e: Expr; readonly at: Pos }
	| {
			readonly k: 'binary';
			readonly op: string;
			readonly l: Expr;
			readonly r: Expr;
			readonly at: Pos;
			/** Written in parentheses: precedence does not apply to it. */
			readonly paren?: true;
	  };

/**
 * A value: absolute (`sec` null), or an offset in a section not yet placed. After layout every
 * symbol is absolute, so "address ± constant" and "label - label" both come out as numbers.
 */
export interface Value {
	readonly sec: string | null;
	readonly n: bigint;
}

export interface EvalEnv {
	/** A symbol's value; undefined while it is not known (yet). */
	symbol(name: string, at: Pos): Value | undefined;
	/** The location counter `.`. */
	dot(): Value;
	/** Whether a symbol has a definition (even one that cannot be evaluated), for messages. */
	isDefined?(name: string): boolean;
}

/** Names a numeric local label reference (`1b`, `2f`) at parse time, when "nearest" is known. */
export type LocalNamer = (tok: Token) => string;

const BINARY: readonly (readonly string[])[] = [
	['||'],
	['&&'],
	['|'],
	['^'],
	['&'],
	['==', '!=', '<>'],
	['<', '<=', '>', '>='],
	['<<', '>>'],
	['+', '-'],
	['*', '/', '%']
];

const MAX_DEPTH = 200;

export function parseExpr(c: Cursor, local: LocalNamer, level = 0): Expr {
	if (level === BINARY.length) return parseUnary(c, local);
	let l = parseExpr(c, local, level + 1);
	for (;;) {
		const t = c.peek();
		if (t?.kind !== 'punct' || !BINARY[level].includes(t.text)) return l;
		c.next();
		const r = parseExpr(c, local, level + 1);
		l = { k: 'binary', op: t.text, l, r, at: t };
		if (c.warn) checkGnuPrecedence(l, c.warn);
	}
}

/** GNU as's operator levels (manual, "Infix Operators"), higher binds tighter. */
const GNU_LEVEL: Record<string, number> = {
	'*': 4, '/': 4, '%': 4, '<<': 4, '>>': 4,
	'|': 3, '&': 3, '^': 3,
	'+': 2, '-': 2, '==': 2, '!=': 2, '<>': 2, '<': 2, '>': 2, '<=': 2, '>=': 2,
	'&&': 1, '||': 1
}; // prettier-ignore
const C_LEVEL: Record<string, number> = Object.fromEntries(
	BINARY.flatMap((ops, level) => ops.map((op) => [op, level]))
);

/**
 * Warn when GNU as would group an unparenthesised expression differently from C (say `1 + 2 << 3`,
 * which is 24 here and 17 there), so code meant for both can be given parentheses.
 */
function checkGnuPrecedence(e: Expr & { k: 'binary' }, warn: (at: Pos, message: string) => void): void {
	const differs = (child: Expr, left: boolean) => {
		if (child.k !== 'binary' || child.paren) return false;
		// C grouped `child` under `e`: on the left when child binds at least as tightly, on the right
		// only when strictly tighter. GNU must agree by its own levels.
		const gnu = GNU_LEVEL[child.op] - GNU_LEVEL[e.op];
		return left ? gnu < 0 : gnu <= 0 && C_LEVEL[child.op] > C_LEVEL[e.op];
	};
	for (const [child, left] of [
		[e.l, true],
		[e.r, false]
	] as const) {
		if (differs(child, left) && child.k === 'binary') {
			warn(
				child.at,
				`'${child.op}' inside '${e.op}' groups differently in GNU as, whose operators bind as * / % << >>, then | & ^, then + - and comparisons; add parentheses`
			);
		}
	}
}

function parseUnary(c: Cursor, local: LocalNamer): Expr {
	const t = c.peek();
	if (t?.kind === 'punct' && (t.text === '(' || ['-', '+', '~', '!'].includes(t.text))) {
		if (++c.depth > MAX_DEPTH) throw new StatementError(t, 'expression is nested too deeply');
		c.next();
		try {
			if (t.text !== '(') return { k: 'unary', op: t.text, e: parseUnary(c, local), at: t };
			const e = parseExpr(c, local);
			c.expectPunct(')');
			return e.k === 'binary' ? { ...e, paren: true } : e;
		} finally {
			c.depth--;
		}
	}
	if (t?.kind === 'number') {
		c.next();
		return { k: 'num', v: t.value!, at: t };
	}
	if (t?.kind === 'localref') {
		c.next();
		return { k: 'sym', name: local(t), at: t };
	}
	if (t?.kind === 'ident') {
		c.next();
		return t.text === '.' ? { k: 'dot', at: t } : { k: 'sym', name: t.text, at: t };
	}
	return c.fail('an expression');
}

const wrap = (n: bigint) => BigInt.asIntN(64, n);
const abs = (n: bigint): Value => ({ sec: null, n: wrap(n) });
const truth = (b: boolean): Value => abs(b ? -1n : 0n);

/**
 * Evaluate. Returns undefined when the value is not known yet: an unknown symbol, or an operation
 * on addresses in sections not yet placed. Division by zero is an error (thrown).
 */
export function evaluate(e: Expr, env: EvalEnv): Value | undefined {
	switch (e.k) {
		case 'num':
			return abs(e.v);
		case 'sym':
			return env.symbol(e.name, e.at);
		case 'dot':
			return env.dot();
		case 'unary': {
			const v = evaluate(e.e, env);
			if (!v) return undefined;
			if (e.op === '+') return v;
			if (v.sec !== null) return undefined;
			if (e.op === '-') return abs(-v.n);
			if (e.op === '~') return abs(~v.n);
			return abs(v.n === 0n ? 1n : 0n); // '!'
		}
		case 'binary': {
			const l = evaluate(e.l, env);
			const r = evaluate(e.r, env);
			if (!l || !r) return undefined;
			return binary(e.op, l, r, e.at);
		}
	}
}

function binary(op: string, l: Value, r: Value, at: Pos): Value | undefined {
	// Addresses: address ± constant, and the difference of two in one section.
	if (l.sec !== null || r.sec !== null) {
		if (op === '+' && (l.sec === null || r.sec === null))
			return { sec: l.sec ?? r.sec, n: wrap(l.n + r.n) };
		if (op === '-' && r.sec === null) return { sec: l.sec, n: wrap(l.n - r.n) };
		if (l.sec !== r.sec) return undefined;
		if (op === '-') return abs(l.n - r.n);
		if (!['==', '!=', '<>', '<', '<=', '>', '>='].includes(op)) return undefined;
	}
	const a = l.n;
	const b = r.n;
	// prettier-ignore
	switch (op) {
		case '+': return abs(a + b);
		case '-': return abs(a - b);
		case '*': return abs(a * b);
		case '/':
		case '%':
			if (b === 0n) throw new StatementError(at, `division by zero in '${op}'`);
			return abs(op === '/' ? a / b : a % b);
		case '<<': return abs(b >= 64n || b < 0n ? 0n : a << b);
		// GNU as shifts right as an unsigned 64-bit value: `-1 >> 4` is 0x0fffffffffffffff.
		case '>>': return abs(b >= 64n || b < 0n ? 0n : BigInt.asUintN(64, a) >> b);
		case '&': return abs(a & b);
		case '|': return abs(a | b);
		case '^': return abs(a ^ b);
		case '&&': return abs(a !== 0n && b !== 0n ? 1n : 0n);
		case '||': return abs(a !== 0n || b !== 0n ? 1n : 0n);
		case '==': return truth(a === b);
		case '!=':
		case '<>': return truth(a !== b);
		case '<': return truth(a < b);
		case '<=': return truth(a <= b);
		case '>': return truth(a > b);
		default: return truth(a >= b); // '>='
	}
}

/** The first symbol an expression names (for "undefined symbol 'x'" messages). */
export function firstUnknown(e: Expr, env: EvalEnv): { name: string; at: Pos } | undefined {
	switch (e.k) {
		case 'sym':
			return env.symbol(e.name, e.at) ? undefined : { name: e.name, at: e.at };
		case 'unary':
			return firstUnknown(e.e, env);
		case 'binary':
			return firstUnknown(e.l, env) ?? firstUnknown(e.r, env);
		default:
			return undefined;
	}
}

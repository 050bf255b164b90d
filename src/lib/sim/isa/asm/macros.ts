/**
 * Macro text (GNU as manual, ".macro"): the header's parameters, a use's arguments, and the
 * body with `\param` replaced by its argument, `\@` by the expansion count and `\()` by nothing.
 * Bodies are kept as source text and lexed after substitution, as GNU as does, so an argument can
 * be any text (a register, an expression, part of a name).
 */
import { StatementError } from './errors';
import type { Cursor } from './cursor';
import type { Token } from './lexer';

export interface MacroParam {
	readonly name: string;
	/** The default (`=value` in the header), '' if none. */
	readonly fallback: string;
}

export interface Macro {
	readonly params: readonly MacroParam[];
	readonly body: string;
	/** The body's first line in the file, so errors inside an expansion point there. */
	readonly firstLine: number;
}

/** `.macro name a, b=1` (after `.macro`): the name token and the parameters. */
export function parseMacroHeader(c: Cursor): { nameTok: Token; params: MacroParam[] } {
	const nameTok = c.peek();
	if (nameTok?.kind !== 'ident') return c.fail('a macro name');
	c.next();
	const params: MacroParam[] = [];
	while (!c.atEnd()) {
		c.eatPunct(',');
		const p = c.peek();
		if (p?.kind !== 'ident') return c.fail('a parameter name');
		c.next();
		const parts: string[] = [];
		if (c.eatPunct('=')) while (!c.atEnd() && !c.isPunct(',')) parts.push(c.next()!.text);
		params.push({ name: p.text, fallback: parts.join(' ') });
	}
	return { nameTok, params };
}

/** A use's arguments: comma-separated token runs (commas inside parentheses excepted), as text. */
export function macroArguments(tokens: readonly Token[], m: Macro, head: Token): string[] {
	const args: string[] = [];
	let cur: string[] = [];
	let depth = 0;
	for (const t of tokens) {
		if (t.kind === 'punct' && t.text === ',' && depth === 0) {
			args.push(cur.join(' '));
			cur = [];
			continue;
		}
		if (t.text === '(') depth++;
		if (t.text === ')') depth--;
		cur.push(t.text);
	}
	if (cur.length || args.length) args.push(cur.join(' '));
	if (args.length > m.params.length) {
		throw new StatementError(
			head,
			`expected at most ${m.params.length} argument${m.params.length === 1 ? '' : 's'} for macro '${head.text}', found ${args.length}`
		);
	}
	return args;
}

/** The body with the arguments in place; `count` is this expansion's number, for `\@`. */
export function substitute(m: Macro, args: readonly string[], count: number): string {
	const value = new Map(m.params.map((p, k) => [p.name, args[k] || p.fallback]));
	return m.body.replace(/\\(\(\)|@|[A-Za-z_$][A-Za-z0-9_$]*)/g, (all, what: string) =>
		what === '()' ? '' : what === '@' ? String(count) : (value.get(what) ?? all)
	);
}

/**
 * Block directives, which act on whole statements before labels or instructions are looked at:
 * `.rept N` … `.endr` assembles the statements between N times (GNU as manual, ".rept"),
 * `.if expr` / `.ifdef sym` / `.ifndef sym` … `.else` … `.endif` assembles them conditionally
 * (".if"), and `.macro name params` … `.endm` defines a macro whose body is the source text
 * between, with `\param` replaced by the arguments of each use (".macro"). All nest.
 */
import { Cursor } from './cursor';
import { StatementError, type Pos } from './errors';
import type { Statement } from './lexer';
import { macroArguments, parseMacroHeader, substitute, type Macro } from './macros';

/** What the block machinery needs from the pass that owns it. */
export interface BlockHost {
	/** Process a statement as usual (it comes back through `feed` first). */
	run(st: Statement): void;
	/** Source lines first..last (1-based, inclusive) as text, and text lexed as if at `firstLine`. */
	text(first: number, last: number): string;
	lex(text: string, firstLine: number): Statement[];
	/** A constant from the rest of the statement (`.rept` count, `.if` condition). */
	constant(c: Cursor, what: string): bigint;
	isDefined(name: string): boolean;
	error(at: Pos, message: string): void;
}

export const BLOCK_DIRECTIVES = [
	'.rept', '.endr', '.if', '.ifdef', '.ifndef', '.else', '.endif', '.macro', '.endm', '.purgem'
]; // prettier-ignore

/** Macros may use macros, but not without end. */
const MAX_MACRO_DEPTH = 100;

/** A bound on statements produced by `.rept` and macros, so no input can make the assembler hang. */
const MAX_REPEATED = 100_000;

/** The index of a statement's first token after its labels. */
function headIndex(st: Statement): number {
	let i = 0;
	const t = st.tokens;
	while (i + 1 < t.length && (t[i].kind === 'ident' || t[i].kind === 'number') && t[i + 1].text === ':')
		i += 2;
	return i;
}

interface Cond {
	/** Statements here are assembled. */
	on: boolean;
	/** Some branch of this .if was (or, when the whole .if is skipped, counts as) taken. */
	taken: boolean;
	sawElse: boolean;
	readonly at: Pos;
}

export class Blocks {
	private rept?: { count: number; depth: number; body: Statement[]; at: Pos };
	private defining?: {
		name: string;
		params: Macro['params'];
		depth: number;
		from: number;
		at: Pos;
	};
	private readonly macros = new Map<string, Macro>();
	private macroDepth = 0;
	private expansions = 0;
	private readonly conds: Cond[] = [];
	private repeated = 0;

	constructor(private readonly host: BlockHost) {}

	/** Handle the statement if it is a block directive or inside a block; false if the caller should. */
	feed(st: Statement): boolean {
		const h = headIndex(st);
		const headTok = st.tokens[h];
		const name = headTok?.kind === 'ident' ? headTok.text.toLowerCase() : '';
		if (this.defining) return this.define(st, name);
		if (this.rept) return this.capture(st, name);
		const skipping = this.conds.some((c) => !c.on);
		if (name === '.if' || name === '.ifdef' || name === '.ifndef') {
			const on = !skipping && this.guard(() => this.condition(st, h, name));
			this.conds.push({ on, taken: on || skipping, sawElse: false, at: headTok });
			return true;
		}
		if (name === '.else' || name === '.endif') {
			const top = this.conds[this.conds.length - 1];
			if (!top) this.host.error(headTok, `'${name}' without a matching '.if'`);
			else if (name === '.endif') this.conds.pop();
			else if (top.sawElse) this.host.error(headTok, "a second '.else' for one '.if'");
			else [top.on, top.taken, top.sawElse] = [!top.taken, true, true];
			return true;
		}
		if (skipping) return true;
		if (name === '.rept') {
			if (h > 0) this.host.run({ ...st, tokens: st.tokens.slice(0, h) }); // its labels
			const count = this.guard(() => this.count(st, h)) || 0;
			this.rept = { count, depth: 1, body: [], at: headTok };
			return true;
		}
		if (name === '.endr' || name === '.endm') {
			this.host.error(
				headTok,
				`'${name}' without a matching '${name === '.endr' ? '.rept' : '.macro'}'`
			);
			return true;
		}
		if (name === '.macro') {
			// A bad header still opens the block, so its body and `.endm` cause no further errors.
			const ok = this.guard(() => this.startMacro(st, h));
			if (ok === false)
				this.defining = { name: '', params: [], depth: 1, from: st.line + 1, at: headTok };
			return true;
		}
		if (name === '.purgem') {
			this.guard(() => this.purge(st, h));
			return true;
		}
		const macro = headTok?.kind === 'ident' ? this.macros.get(name) : undefined;
		if (!macro) return false;
		if (h > 0) this.host.run({ ...st, tokens: st.tokens.slice(0, h) }); // its labels
		this.expand(macro, st, h);
		return true;
	}

	/** `.macro name a, b=1`: remember the parameters; the body is collected up to `.endm`. */
	private startMacro(st: Statement, h: number): true {
		const { nameTok, params } = parseMacroHeader(Cursor.of(st, h + 1));
		const name = nameTok.text.toLowerCase();
		if (this.macros.has(name)) {
			throw new StatementError(nameTok, `macro '${nameTok.text}' is already defined`);
		}
		this.defining = { name, params, depth: 1, from: st.line + 1, at: st.tokens[h] };
		return true;
	}

	/** Inside `.macro`: skip statements until the matching `.endm`, then keep the lines between. */
	private define(st: Statement, name: string): boolean {
		const d = this.defining!;
		if (name === '.macro') d.depth++;
		if (name === '.endm' && --d.depth === 0) {
			this.defining = undefined;
			const body = st.line > d.from ? this.host.text(d.from, st.line - 1) : '';
			if (d.name !== '') this.macros.set(d.name, { params: d.params, body, firstLine: d.from });
		}
		return true;
	}

	private purge(st: Statement, h: number): void {
		const c = Cursor.of(st, h + 1);
		const t = c.peek();
		if (t?.kind !== 'ident') return c.fail('a macro name');
		c.next();
		c.expectEnd();
		if (!this.macros.delete(t.text.toLowerCase()))
			throw new StatementError(t, `no macro named '${t.text}'`);
	}

	/** A use of a macro: substitute the arguments into its body and assemble the result. */
	private expand(m: Macro, st: Statement, h: number): void {
		const head = st.tokens[h];
		const args = this.guard(() => macroArguments(st.tokens.slice(h + 1), m, head));
		if (args === false) return;
		if (this.macroDepth >= MAX_MACRO_DEPTH) {
			this.host.error(
				head,
				`macros nested more than ${MAX_MACRO_DEPTH} deep (a macro that uses itself?)`
			);
			return;
		}
		const statements = this.host.lex(substitute(m, args, this.expansions++), m.firstLine);
		if (!this.spend(statements.length, head, `macro '${head.text}'`)) return;
		this.macroDepth++;
		try {
			for (const s of statements) this.host.run(s);
		} finally {
			this.macroDepth--;
		}
	}

	/** Inside `.rept`: collect statements until the matching `.endr`, then replay them. */
	private capture(st: Statement, name: string): boolean {
		const r = this.rept!;
		if (name === '.rept') r.depth++;
		if (name === '.endr' && --r.depth === 0) {
			this.rept = undefined;
			for (let k = 0; k < r.count; k++) {
				if (!this.spend(r.body.length, r.at, '.rept')) return true;
				for (const s of r.body) this.host.run(s);
			}
			return true;
		}
		r.body.push(st);
		return true;
	}

	/**
	 * Count statements produced by `.rept` and macros against one budget; false (said once, where the
	 * bound was crossed) when it is spent, and the rest of the expansion is abandoned.
	 */
	private spend(n: number, at: Pos, what: string): boolean {
		this.repeated += n;
		if (this.repeated <= MAX_REPEATED) return true;
		if (this.repeated !== Infinity)
			this.host.error(at, `${what} expands to more than ${MAX_REPEATED} statements`);
		this.repeated = Infinity;
		return false;
	}

	private count(st: Statement, h: number): number {
		const c = Cursor.of(st, h + 1);
		const n = this.host.constant(c, 'a repeat count');
		c.expectEnd();
		if (n < 0n || n > BigInt(MAX_REPEATED)) {
			throw new StatementError(
				st.tokens[h],
				`expected a repeat count from 0 to ${MAX_REPEATED}, got ${n}`
			);
		}
		return Number(n);
	}

	private condition(st: Statement, h: number, name: string): boolean {
		const c = Cursor.of(st, h + 1);
		if (name === '.if') {
			const v = this.host.constant(c, 'a condition');
			c.expectEnd();
			return v !== 0n;
		}
		const sym = c.peek();
		if (sym?.kind !== 'ident') return c.fail('a symbol name');
		c.next();
		c.expectEnd();
		return this.host.isDefined(sym.text) === (name === '.ifdef');
	}

	/** Run a parse step, reporting a StatementError and giving false instead. */
	private guard<T>(f: () => T): T | false {
		try {
			return f();
		} catch (e) {
			if (!(e instanceof StatementError)) throw e;
			this.host.error(e.at, e.message);
			return false;
		}
	}

	/** End of input: blocks left open. */
	finish(): void {
		if (this.defining)
			this.host.error(
				this.defining.at,
				"expected '.endm' before the end of the file for this '.macro'"
			);
		if (this.rept)
			this.host.error(this.rept.at, "expected '.endr' before the end of the file for this '.rept'");
		for (const c of this.conds)
			this.host.error(c.at, "expected '.endif' before the end of the file for this '.if'");
	}
}

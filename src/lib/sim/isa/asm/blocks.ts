/**
 * Block directives, which act on whole statements before labels or instructions are looked at:
 * `.rept N` … `.endr` assembles the statements between N times (GNU as manual §7.82 ".rept"), and
 * `.if expr` / `.ifdef sym` / `.ifndef sym` … `.else` … `.endif` assembles them conditionally
 * (§7.53 ".if"). Both nest.
 */
import { Cursor } from './cursor';
import { StatementError, type Pos } from './errors';
import type { Statement } from './lexer';

/** What the block machinery needs from the pass that owns it. */
export interface BlockHost {
	/** Process a statement as usual (it comes back through `feed` first). */
	run(st: Statement): void;
	/** A constant from the rest of the statement (`.rept` count, `.if` condition). */
	constant(c: Cursor, what: string): bigint;
	isDefined(name: string): boolean;
	error(at: Pos, message: string): void;
}

export const BLOCK_DIRECTIVES = ['.rept', '.endr', '.if', '.ifdef', '.ifndef', '.else', '.endif'];

/** A bound on statements produced by `.rept`, so `.rept 1000000000` cannot hang the assembler. */
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
	private readonly conds: Cond[] = [];
	private repeated = 0;

	constructor(private readonly host: BlockHost) {}

	/** Handle the statement if it is a block directive or inside a block; false if the caller should. */
	feed(st: Statement): boolean {
		const h = headIndex(st);
		const headTok = st.tokens[h];
		const name = headTok?.kind === 'ident' ? headTok.text.toLowerCase() : '';
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
		if (name === '.endr') {
			this.host.error(headTok, "'.endr' without a matching '.rept'");
			return true;
		}
		return false;
	}

	/** Inside `.rept`: collect statements until the matching `.endr`, then replay them. */
	private capture(st: Statement, name: string): boolean {
		const r = this.rept!;
		if (name === '.rept') r.depth++;
		if (name === '.endr' && --r.depth === 0) {
			this.rept = undefined;
			for (let k = 0; k < r.count; k++) {
				this.repeated += r.body.length;
				if (this.repeated > MAX_REPEATED) {
					// Said once, at the .rept that crossed the bound; the rest of the expansion is abandoned.
					if (this.repeated !== Infinity)
						this.host.error(r.at, `.rept expands to more than ${MAX_REPEATED} statements`);
					this.repeated = Infinity;
					return true;
				}
				for (const s of r.body) this.host.run(s);
			}
			return true;
		}
		r.body.push(st);
		return true;
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
		if (this.rept)
			this.host.error(this.rept.at, "expected '.endr' before the end of the file for this '.rept'");
		for (const c of this.conds)
			this.host.error(c.at, "expected '.endif' before the end of the file for this '.if'");
	}
}

/**
 * A cursor over one statement's tokens, with the error wording every parser here shares:
 * "expected a register after ',' but found '5'".
 */
import { StatementError, type Pos } from './errors';
import type { Statement, Token } from './lexer';

export class Cursor {
	i = 0;
	/** Parenthesis nesting of the expression being parsed (bounded, so input cannot overflow the stack). */
	depth = 0;
	/** Where parsers report warnings (set by the pass that owns the statement). */
	warn?: (at: Pos, message: string) => void;
	constructor(
		readonly tokens: readonly Token[],
		/** Where the statement ends, for "but found end of line". */
		readonly end: Pos
	) {}

	static of(st: Statement, from = 0): Cursor {
		const last = st.tokens[st.tokens.length - 1];
		const c = new Cursor(st.tokens, { line: last.line, col: last.col + last.text.length });
		c.i = from;
		return c;
	}

	peek(ahead = 0): Token | undefined {
		return this.tokens[this.i + ahead];
	}
	atEnd(): boolean {
		return this.i >= this.tokens.length;
	}
	next(): Token | undefined {
		return this.tokens[this.i++];
	}
	prev(): Token | undefined {
		return this.tokens[this.i - 1];
	}
	/** The position of the next token, or the end of the statement. */
	here(): Pos {
		return this.peek() ?? this.end;
	}
	isPunct(text: string, ahead = 0): boolean {
		const t = this.peek(ahead);
		return t?.kind === 'punct' && t.text === text;
	}
	eatPunct(text: string): boolean {
		if (!this.isPunct(text)) return false;
		this.i++;
		return true;
	}

	/** Abandon the statement: "expected WHAT after 'PREV' but found 'NEXT'". */
	fail(what: string): never {
		const t = this.peek();
		const p = this.prev();
		const after = p ? ` after '${p.text}'` : '';
		const found = t ? `'${t.text}'` : 'end of line';
		throw new StatementError(this.here(), `expected ${what}${after} but found ${found}`);
	}

	expectPunct(text: string): Token {
		if (!this.isPunct(text)) this.fail(`'${text}'`);
		return this.next()!;
	}

	/** Require the end of the statement. */
	expectEnd(what = 'end of line'): void {
		if (!this.atEnd()) this.fail(what);
	}
}

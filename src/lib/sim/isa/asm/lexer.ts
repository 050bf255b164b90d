/**
 * The lexer: source text to statements of tokens. GNU as syntax: `#` (and, here, `//`) start a
 * comment to the end of the line, `/* *\/` is a comment anywhere, and both a newline and `;` end a
 * statement (GNU as manual, "Statements": a statement ends at a newline or at the target's line
 * separator, which for RISC-V is `;`).
 */
import type { Diagnostics, Pos } from './errors';

export type TokenKind = 'ident' | 'number' | 'string' | 'punct' | 'localref';

export interface Token extends Pos {
	readonly kind: TokenKind;
	/** The source text (for messages); for a string, the quoted text. */
	readonly text: string;
	/** number: its value (a char literal is a number); localref: the label number. */
	readonly value?: bigint;
	/** localref: `b` (backward) or `f` (forward). */
	readonly dir?: 'b' | 'f';
	/** string: the decoded bytes. */
	readonly bytes?: Uint8Array;
}

export interface Statement extends Pos {
	readonly tokens: Token[];
	/** A lexical error was reported in this statement: skip it rather than report knock-on errors. */
	readonly bad?: boolean;
}

const PUNCT2 = new Set(['<<', '>>', '&&', '||', '==', '!=', '<=', '>=', '<>']);
// `\` is a token only so macro bodies (`\arg`) lex without errors; they are substituted as text (blocks.ts).
const PUNCT1 = new Set([...'+-*/%&|^~!()<>,:=@\\']);
const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdentStart = (c: string) =>
	(c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '.' || c === '$';
const isIdentChar = (c: string) => isIdentStart(c) || isDigit(c);

const SIMPLE_ESCAPES: Record<string, number> = {
	n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, e: 27, '\\': 92, '"': 34, "'": 39
}; // prettier-ignore

/**
 * Split source into statements. Lexical errors are reported and the offending text skipped.
 * `firstLine` numbers the lines of a fragment (a macro body) as they are in the file.
 */
export function lex(source: string, diag: Diagnostics, firstLine = 1): Statement[] {
	const statements: Statement[] = [];
	let tokens: Token[] = [];
	let bad = false;
	let i = 0;
	let line = firstLine;
	let lineStart = 0;
	const pos = (at: number): Pos => ({ line, col: at - lineStart + 1 });
	const endStatement = () => {
		if (tokens.length) statements.push({ line: tokens[0].line, col: tokens[0].col, tokens, bad });
		tokens = [];
		bad = false;
	};
	const lexError = (at: Pos, message: string) => {
		diag.error(at, message);
		bad = true;
	};

	/** One (possibly escaped) character of a string or char literal starting at i; advances i. */
	const readChar = (): number => {
		const c = source[i++];
		if (c !== '\\') return c.codePointAt(0)! & 0xff;
		const e = source[i++] ?? '';
		if (e in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[e];
		if (/[0-7]/.test(e)) {
			let v = Number(e);
			for (let k = 0; k < 2 && /[0-7]/.test(source[i] ?? ''); k++) v = v * 8 + Number(source[i++]);
			return v & 0xff;
		}
		if (e === 'x' || e === 'X') {
			let v = 0;
			while (/[0-9a-fA-F]/.test(source[i] ?? '')) v = (v * 16 + parseInt(source[i++], 16)) & 0xff;
			return v;
		}
		return e.codePointAt(0)! & 0xff; // GNU as keeps an unknown escape's character
	};

	while (i < source.length) {
		const c = source[i];
		const start = i;
		if (c === '\n') {
			endStatement();
			i++;
			line++;
			lineStart = i;
		} else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
			i++;
		} else if (c === ';') {
			endStatement();
			i++;
		} else if (c === '#' || (c === '/' && source[i + 1] === '/')) {
			while (i < source.length && source[i] !== '\n') i++;
		} else if (c === '/' && source[i + 1] === '*') {
			const at = pos(i);
			i += 2;
			while (i < source.length && !(source[i] === '*' && source[i + 1] === '/')) {
				if (source[i] === '\n') {
					line++;
					lineStart = i + 1;
				}
				i++;
			}
			if (i >= source.length) lexError(at, "unterminated comment: expected '*/'");
			i += 2;
		} else if (c === '"') {
			const at = pos(i);
			i++;
			const out: number[] = [];
			while (i < source.length && source[i] !== '"' && source[i] !== '\n') out.push(readChar());
			if (source[i] !== '"') {
				lexError(at, "unterminated string: expected '\"' before the end of the line");
				continue;
			}
			i++;
			const text = source.slice(start, i);
			tokens.push({ kind: 'string', text, bytes: Uint8Array.from(out), ...at });
		} else if (c === "'") {
			// A char literal: `'a'` as in C, or GNU as's own `'a` with no closing quote.
			const at = pos(i);
			i++;
			if (i >= source.length || source[i] === '\n') {
				lexError(at, "expected a character after '''");
				continue;
			}
			const v = readChar();
			if (source[i] === "'") i++;
			tokens.push({ kind: 'number', text: source.slice(start, i), value: BigInt(v), ...at });
		} else if (isDigit(c)) {
			const at = pos(i);
			while (i < source.length && isIdentChar(source[i])) i++;
			const text = source.slice(start, i);
			const tok = numberToken(text, at);
			if (tok) tokens.push(tok);
			else lexError(at, `expected a number but found '${text}'`);
		} else if (isIdentStart(c)) {
			const at = pos(i);
			while (i < source.length && isIdentChar(source[i])) i++;
			tokens.push({ kind: 'ident', text: source.slice(start, i), ...at });
		} else if (PUNCT2.has(source.slice(i, i + 2))) {
			tokens.push({ kind: 'punct', text: source.slice(i, i + 2), ...pos(i) });
			i += 2;
		} else if (PUNCT1.has(c)) {
			tokens.push({ kind: 'punct', text: c, ...pos(i) });
			i++;
		} else {
			lexError(pos(i), `unexpected character '${c}'`);
			i++;
		}
	}
	endStatement();
	return statements;
}

/** Decimal, 0x hex, 0b binary, leading-0 octal (GNU as manual, "Integers"), or `1b`/`1f`. */
function numberToken(text: string, at: Pos): Token | undefined {
	const local = /^([0-9]+)([bf])$/.exec(text);
	if (local) return { kind: 'localref', text, value: BigInt(local[1]), dir: local[2] as 'b' | 'f', ...at };
	let digits: string;
	let radix: string;
	if (/^0[xX][0-9a-fA-F]+$/.test(text)) [radix, digits] = ['0x', text.slice(2)];
	else if (/^0[bB][01]+$/.test(text)) [radix, digits] = ['0b', text.slice(2)];
	else if (/^0[0-7]+$/.test(text)) [radix, digits] = ['0o', text.slice(1)];
	else if (/^[0-9]+$/.test(text)) [radix, digits] = ['', text];
	else return undefined;
	return { kind: 'number', text, value: BigInt(radix + digits), ...at };
}

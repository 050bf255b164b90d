/**
 * Assembly diagnostics. Every error carries the line and column it is about, so a caller can print
 * `FILE:LINE:COL: error: ...` as GNU as and gcc do, and an editor can underline the spot.
 */

/** A source position: 1-based line and column. */
export interface Pos {
	readonly line: number;
	readonly col: number;
}

export interface AsmError {
	readonly file: string;
	readonly line: number;
	readonly column: number;
	readonly message: string;
}

/** Collects errors; the assembler keeps going after each so it can report all of them. */
export class Diagnostics {
	readonly errors: AsmError[];
	private readonly seen = new Set<string>();
	constructor(
		readonly file: string,
		/** Errors already found (by the lexer, before a pass starts afresh). */
		earlier: readonly AsmError[] = []
	) {
		this.errors = [];
		for (const e of earlier) this.error({ line: e.line, col: e.column }, e.message);
	}

	error(at: Pos, message: string): void {
		// One operand can fail twice (both words of `call undefined_fn`); say it once.
		const key = `${at.line}:${at.col}:${message}`;
		if (this.seen.has(key)) return;
		this.seen.add(key);
		this.errors.push({ file: this.file, line: at.line, column: at.col, message });
	}

	/** Things that assemble but may not mean what the author thinks; never fatal. */
	readonly warnings: AsmError[] = [];

	warn(at: Pos, message: string): void {
		const key = `w:${at.line}:${at.col}:${message}`;
		if (this.seen.has(key)) return;
		this.seen.add(key);
		this.warnings.push({ file: this.file, line: at.line, column: at.col, message });
	}

	/** Errors in source order (pass 2 finds some after pass 1 has moved on). */
	sorted(): AsmError[] {
		return [...this.errors].sort((a, b) => a.line - b.line || a.column - b.column);
	}
}

/** Thrown inside one statement's parser to abandon that statement; caught per statement. */
export class StatementError extends Error {
	constructor(
		readonly at: Pos,
		message: string
	) {
		super(message);
	}
}

/** `FILE:LINE:COL: error: message`, the format GNU tools and editors understand. */
export function formatError(e: AsmError): string {
	return `${e.file}:${e.line}:${e.column}: error: ${e.message}`;
}

/** `FILE:LINE:COL: warning: message`. */
export function formatWarning(e: AsmError): string {
	return `${e.file}:${e.line}:${e.column}: warning: ${e.message}`;
}

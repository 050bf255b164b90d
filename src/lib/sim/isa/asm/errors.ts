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
	constructor(
		readonly file: string,
		/** Errors already found (by the lexer, before a pass starts afresh). */
		earlier: readonly AsmError[] = []
	) {
		this.errors = [...earlier];
	}

	error(at: Pos, message: string): void {
		// One operand can fail twice (both words of `call undefined_fn`); say it once.
		const dup = this.errors.some(
			(e) => e.line === at.line && e.column === at.col && e.message === message
		);
		if (!dup) this.errors.push({ file: this.file, line: at.line, column: at.col, message });
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

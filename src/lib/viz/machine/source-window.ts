/**
 * The lines of a source file the source view draws: a window of lines around the current one, kept
 * inside the file, so the current line stays in view as stepping moves through the file.
 */

export interface SourceRow {
	/** 1-based, as DWARF line numbers are. */
	readonly number: number;
	readonly text: string;
	readonly current: boolean;
}

/**
 * Up to `before` lines above `line` and `after` below it. When the file is too short at one end the
 * window shifts to the other, so it keeps the same height. Empty when `line` is not in the file.
 */
export function sourceWindow(lines: readonly string[], line: number, before = 5, after = 5): SourceRow[] {
	if (!Number.isInteger(line) || line < 1 || line > lines.length) return [];
	const height = before + after + 1;
	let first = Math.max(1, line - before);
	const last = Math.min(lines.length, first + height - 1);
	first = Math.max(1, last - height + 1);
	const rows: SourceRow[] = [];
	for (let n = first; n <= last; n++) rows.push({ number: n, text: lines[n - 1], current: n === line });
	return rows;
}

/** A file's text as lines (a trailing newline ends the last line; it does not start another). */
export function splitLines(text: string): string[] {
	const lines = text.split(/\r?\n/);
	if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
	return lines;
}

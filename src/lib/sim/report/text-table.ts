/**
 * The plain-text tables `vmscope run --report` prints: names to the left, numbers to the right so
 * the digits line up, two spaces between columns, no trailing blanks.
 */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
	const all = [head, ...rows];
	const widths = head.map((_, c) => Math.max(...all.map((row) => row[c].length)));
	return all.map((row) =>
		row
			.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
			.join('  ')
			.trimEnd()
	);
}

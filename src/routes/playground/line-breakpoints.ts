/**
 * Source lines and addresses, both ways, from the assembler's line table (Program.lines): where a
 * breakpoint set on a line of the editor goes, and which line a breakpoint set in the disassembly
 * belongs to.
 */
import type { Program } from '$lib/sim/isa/program';
import { lineAt } from '$lib/viz/machine/disassembly';

/**
 * The first address the line table gives for `line`, or, when that line has no code (a comment, a
 * label, a directive), the first address of the next line below it that has some.
 */
export function addressForLine(program: Program, line: number): number | undefined {
	let bestLine = Infinity;
	let bestAddr: number | undefined;
	for (const row of program.lines) {
		// A row with no file ends a sequence (DWARF end_sequence): no code starts there.
		if (row.file === '' || row.line < line) continue;
		if (row.line < bestLine || (row.line === bestLine && row.addr < (bestAddr ?? Infinity))) {
			bestLine = row.line;
			bestAddr = row.addr >>> 0;
		}
	}
	return bestAddr;
}

/** The line whose code holds addr, when the line table covers it. */
export function lineForAddress(program: Program, addr: number): number | undefined {
	return lineAt(program, addr);
}

/** The lines (ascending, each once) that a set of breakpoint addresses falls on. */
export function linesForAddresses(program: Program, addrs: readonly number[]): number[] {
	const lines = new Set<number>();
	for (const a of addrs) {
		const line = lineAt(program, a);
		if (line !== undefined) lines.add(line);
	}
	return [...lines].sort((a, b) => a - b);
}

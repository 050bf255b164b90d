/**
 * Lookups on a loaded program's line table and symbols: binary searches that allocate nothing per
 * call (the function index is built once per symbol array and cached).
 */
import type { LineRow, ProgramSymbol } from '../program';
import { END_OF_SEQUENCE } from './line-program';

/**
 * The row whose range covers pc: the last row with addr <= pc, unless that row ends a sequence
 * (then pc lies between sequences and has no line). `rows` must be sorted by addr, as
 * readLineTable returns them; rows that carry no end markers (the assembler's) cover up to the next row.
 */
export function lineFor(rows: readonly LineRow[], pc: number): LineRow | undefined {
	let lo = 0;
	let hi = rows.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (rows[mid].addr <= pc) lo = mid + 1;
		else hi = mid;
	}
	if (lo === 0) return undefined;
	const row = rows[lo - 1];
	return row.file === END_OF_SEQUENCE ? undefined : row;
}

/** Whether a row only marks the end of a sequence (DW_LNE_end_sequence) and maps no code. */
export const isEndOfSequence = (row: LineRow): boolean => row.file === END_OF_SEQUENCE;

const functionIndexes = new WeakMap<readonly ProgramSymbol[], ProgramSymbol[]>();

/**
 * The function whose [addr, addr + size) holds pc, from STT_FUNC symbols with a nonzero size. Where
 * several start at one address (aliases), a global one wins, then the larger, then the first by
 * name. The index is cached per array, so do not mutate `symbols` after the first call.
 */
export function functionFor(symbols: readonly ProgramSymbol[], pc: number): ProgramSymbol | undefined {
	let funcs = functionIndexes.get(symbols);
	if (!funcs) {
		funcs = buildFunctionIndex(symbols);
		functionIndexes.set(symbols, funcs);
	}
	let lo = 0;
	let hi = funcs.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (funcs[mid].addr <= pc) lo = mid + 1;
		else hi = mid;
	}
	if (lo === 0) return undefined;
	const f = funcs[lo - 1];
	return pc - f.addr < f.size ? f : undefined;
}

function buildFunctionIndex(symbols: readonly ProgramSymbol[]): ProgramSymbol[] {
	const sorted = symbols
		.filter((s) => s.kind === 'func' && s.size > 0)
		.sort(
			(a, b) =>
				a.addr - b.addr ||
				Number(b.global) - Number(a.global) ||
				b.size - a.size ||
				(a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
		);
	return sorted.filter((s, i) => i === 0 || s.addr !== sorted[i - 1].addr);
}

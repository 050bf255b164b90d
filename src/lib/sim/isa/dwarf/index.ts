/**
 * DWARF line tables (.debug_line, versions 2 to 5) as a sorted LineRow list, for mapping a pc to
 * file:line, plus function lookup from ELF symbols. Malformed input never throws: the rows decoded
 * so far come back with a list of errors naming the section offset and the problem.
 *
 * File names are paths relative to the compilation directory ("main.c", "include/mathx.h"), or
 * absolute for files outside it: what `addr2line` prints with the DW_AT_comp_dir prefix taken off
 * (reproducible builds set it to "." with -ffile-prefix-map).
 */
import type { LineRow } from '../program';
import { readElfSections } from './elf-sections';
import { readLineHeader, readUnitLength, type StringSections } from './line-header';
import { END_OF_SEQUENCE, runLineProgram, type LineSequence } from './line-program';
import { DwarfReadError, DwarfReader, type DwarfError } from './reader';

export { readElfSections, type ElfSections } from './elf-sections';
export { END_OF_SEQUENCE, UNKNOWN_FILE } from './line-program';
export { functionFor, isEndOfSequence, lineFor } from './lookup';
export type { DwarfError } from './reader';

export interface LineTableSections extends StringSections {
	readonly debug_line: Uint8Array;
}

export interface LineUnitSummary {
	/** Offset of the unit in .debug_line. */
	readonly offset: number;
	readonly version: number;
	readonly sequences: number;
}

export interface LineInfo {
	/**
	 * Rows of every sequence, sorted by addr. A row maps [addr, next row's addr); each sequence ends
	 * with a row whose file is END_OF_SEQUENCE (''), from which on nothing is mapped. Sequences that
	 * overlap an earlier one (the discarded functions a --gc-sections link leaves at 0) are left out.
	 */
	readonly rows: LineRow[];
	/** Every file some row names, sorted. */
	readonly files: string[];
	readonly units: LineUnitSummary[];
	readonly errors: DwarfError[];
}

/** Error lists stop growing here; a fuzzed section could otherwise produce one per byte. */
const MAX_ERRORS = 100;

/** The line table alone; see readLineInfo for the errors. Never throws. */
export function readLineTable(sections: LineTableSections): LineRow[] {
	return readLineInfo(sections).rows;
}

/** Decodes every unit of .debug_line. Never throws. */
export function readLineInfo(sections: LineTableSections): LineInfo {
	const errors: DwarfError[] = [];
	const warn = (offset: number, message: string) => {
		if (errors.length < MAX_ERRORS) errors.push({ section: '.debug_line', offset, message });
		else if (errors.length === MAX_ERRORS)
			errors.push({ section: '.debug_line', offset, message: 'further errors not reported' });
	};
	const bytes = sections.debug_line;
	const sequences: LineSequence[] = [];
	const units: LineUnitSummary[] = [];
	try {
		const r = new DwarfReader(bytes);
		while (r.remaining > 0) {
			const offset = r.pos;
			let end: number | undefined;
			try {
				const unit = readUnitLength(r);
				end = unit.end;
				const header = readLineHeader(
					new DwarfReader(bytes, r.pos, end),
					offset,
					unit.offsetSize,
					sections,
					warn
				);
				const found = runLineProgram(header, bytes, warn);
				for (const seq of found) sequences.push(seq);
				units.push({ offset, version: header.version, sequences: found.length });
			} catch (e) {
				if (!(e instanceof DwarfReadError)) throw e;
				warn(e.offset, e.message);
				// Without a usable unit_length there is no way to find the next unit.
				if (end === undefined) break;
			}
			r.pos = end;
		}
	} catch (e) {
		// A bug, not bad input: still no exception out of the API, but say so plainly.
		warn(0, `internal error: ${e instanceof Error ? e.message : String(e)}`);
	}
	const rows = mergeSequences(sequences);
	return { rows, files: fileNames(rows), units, errors };
}

/**
 * The line table of an ELF32 file: its .debug_line, .debug_line_str and .debug_str. A file without
 * .debug_line has no rows and no errors. Never throws.
 */
export function readElfLineInfo(elf: Uint8Array): LineInfo {
	const { sections, errors } = readElfSections(elf);
	const debug_line = sections.get('.debug_line');
	if (!debug_line) return { rows: [], files: [], units: [], errors };
	const info = readLineInfo({
		debug_line,
		debug_line_str: sections.get('.debug_line_str'),
		debug_str: sections.get('.debug_str')
	});
	return { ...info, errors: [...errors, ...info.errors] };
}

/** Sequences in address order, each kept only if it starts at or after the previous one's end. */
function mergeSequences(sequences: LineSequence[]): LineRow[] {
	const sorted = [...sequences].sort((a, b) => a.start - b.start);
	const rows: LineRow[] = [];
	let end = -1;
	for (const seq of sorted) {
		if (seq.start < end) continue;
		for (const row of seq.rows) rows.push(row);
		end = seq.end;
	}
	return rows;
}

function fileNames(rows: readonly LineRow[]): string[] {
	const names = new Set<string>();
	for (const row of rows) if (row.file !== END_OF_SEQUENCE) names.add(row.file);
	return [...names].sort();
}

/**
 * The rows the disassembly view shows around pc: address, word, instruction text with symbols,
 * the label that starts there and the source line it came from. Plain data, so it can be tested.
 */
import { disassemble, type DisasmOptions } from '$lib/sim/isa/disasm';
import type { Program } from '$lib/sim/isa/program';

export interface DisasmRow {
	readonly addr: number;
	readonly word: number;
	readonly text: string;
	/** A symbol defined exactly here (`loop`), shown as a heading above the row. */
	readonly label: string | undefined;
	/** 1-based source line of the assembled program, when the line table knows it. */
	readonly line: number | undefined;
}

/** The source line for an address: the last line-table row at or below it (DWARF-style). */
export function lineAt(program: Program, addr: number): number | undefined {
	const rows = program.lines;
	let lo = 0;
	let hi = rows.length - 1;
	let found = -1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if (rows[mid].addr <= addr) {
			found = mid;
			lo = mid + 1;
		} else hi = mid - 1;
	}
	if (found < 0 || rows[found].file === '') return undefined;
	return rows[found].line;
}

/**
 * ELF mapping symbols (`$x`, `$d`, `$xrv32i2p1_m2p0…`: RISC-V psABI, "Mapping Symbol") mark where code
 * and data start for tools; they are no labels of the program, and objdump hides them too.
 */
export const isMappingSymbol = (name: string): boolean => name.startsWith('$');

function labelsByAddress(program: Program): Map<number, string> {
	const map = new Map<number, string>();
	for (const s of program.symbols) {
		if (s.kind === 'section' || s.kind === 'file' || s.name === '' || map.has(s.addr)) continue;
		if (isMappingSymbol(s.name)) continue;
		map.set(s.addr, s.name);
	}
	return map;
}

/** `loop`, or `factorial+0x8` for an address inside a function; only within the program's code. */
export function symbolizer(program: Program): DisasmOptions {
	const labels = [...labelsByAddress(program)].sort((a, b) => a[0] - b[0]);
	const exec = program.segments.filter((s) => s.flags.exec);
	const inCode = (a: number) => exec.some((s) => a >= s.addr && a < s.addr + s.memSize);
	return {
		symbolize(addr) {
			if (!inCode(addr) && !labels.some(([a]) => a === addr)) return undefined;
			let best: [number, string] | undefined;
			for (const entry of labels) if (entry[0] <= addr) best = entry;
			if (!best) return undefined;
			const off = addr - best[0];
			return off === 0 ? best[1] : `${best[1]}+0x${off.toString(16)}`;
		}
	};
}

/**
 * `before` rows above pc and `after` below, kept inside the segment holding pc when there is one, so
 * the view does not wander into data. readWord returns undefined outside RAM.
 */
export function rowsAround(
	program: Program,
	pc: number,
	readWord: (addr: number) => number | undefined,
	options: DisasmOptions,
	before = 6,
	after = 14
): DisasmRow[] {
	const segment = program.segments.find((s) => pc >= s.addr && pc < s.addr + s.memSize);
	const lo = segment ? segment.addr : pc - 4 * before;
	const hi = segment ? segment.addr + segment.memSize : pc + 4 * (after + 1);
	let start = Math.max(lo, pc - 4 * before);
	const end = Math.min(hi, start + 4 * (before + after + 1));
	// Near the end of the segment, show more rows above instead.
	start = Math.max(lo, Math.min(start, end - 4 * (before + after + 1)));
	const labels = labelsByAddress(program);
	const rows: DisasmRow[] = [];
	for (let a = start - ((start - lo) & 3); a < end; a += 4) {
		const word = readWord(a);
		if (word === undefined) continue;
		rows.push({
			addr: a >>> 0,
			word,
			text: disassemble(word, a, options),
			label: labels.get(a),
			line: lineAt(program, a)
		});
	}
	return rows;
}

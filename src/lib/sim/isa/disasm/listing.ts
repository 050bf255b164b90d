/**
 * A whole program's code in `objdump -d` layout:
 *
 *     Disassembly of section .text:
 *
 *     80000000 <_start>:
 *     80000000:	00150513          	add	a0,a0,1
 *
 * Layout rules from binutils objdump.c `disassemble_bytes`: address, raw bytes padded to a column
 * of 8 bytes, tab, mnemonic, tab, operands; a header line for each symbol; runs of 8+ zero bytes
 * (or a short zero tail) shown as `...`. Between a `$d` and the next `$x` mapping symbol the bytes
 * are data, printed as `.word`/`.short`/`.byte` (riscv-dis.c `riscv_disassemble_data`).
 * Instruction lengths follow the RISC-V length encoding (unprivileged §1.5): a parcel whose low
 * bits are not 11 is 16 bits long; vmscope has no C extension, so such parcels print as `.2byte`.
 */
import { Disassembler, joinParts } from '../disasm';
import type { Program, Segment } from '../program';
import type { PrivSpec } from './privspec';
import { SymbolTable } from './symbols';

export interface ListingOptions {
	readonly aliases?: boolean;
	/** CSR names by this privileged spec (the ELF's Tag_RISCV_priv_spec); default 1.12. */
	readonly privSpec?: PrivSpec;
}

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
/** objdump pads raw bytes to 8 bytes' worth: two 4-byte chunks (18 columns) or four 2-byte ones. */
const rawColumn = (raw: string, chunk: 2 | 4) => raw.padEnd(chunk === 4 ? 18 : 20);

/** Lines for every executable segment, objdump -d style (no file header; see the CLI). */
export function disassembleProgram(program: Program, options: ListingOptions = {}): string {
	const symbols = new SymbolTable(program.symbols);
	const out: string[] = [];
	for (const seg of program.segments) {
		if (!seg.flags.exec || seg.data.length === 0) continue;
		out.push('', `Disassembly of section ${seg.name ?? '.text'}:`);
		listSegment(seg, symbols, options, out);
	}
	return out.join('\n') + '\n';
}

function listSegment(seg: Segment, symbols: SymbolTable, options: ListingOptions, out: string[]) {
	const dis = new Disassembler({
		aliases: options.aliases,
		privSpec: options.privSpec,
		symbolize: symbols.label,
		gp: symbols.gp
	});
	const { data } = seg;
	const start = seg.addr >>> 0;
	// Symbol boundaries inside the segment split it into runs, as objdump disassembles per symbol.
	const bounds = [...new Set(symbols.sorted.map((s) => s.addr))]
		.filter((a) => a > start && a < start + data.length)
		.map((a) => a - start);
	bounds.push(data.length);

	let off = 0;
	for (const stop of bounds) {
		if (off >= stop) continue;
		const sym = symbols.at(start + off);
		out.push('', `${hex8(start + off)} <${sym ? sym.name : (seg.name ?? '.text')}>:`);
		while (off < stop) off = listOne(data, off, stop, start, symbols, dis, out);
	}
}

/** List the instruction, data chunk or zero run at `off`; returns the next offset. */
function listOne(
	data: Uint8Array,
	off: number,
	stop: number,
	start: number,
	symbols: SymbolTable,
	dis: Disassembler,
	out: string[]
): number {
	let z = off;
	while (z < stop && data[z] === 0) z++;
	const zeros = z - off;
	if (zeros >= 8 || (z === stop && zeros > 0 && zeros < 3)) {
		out.push('\t...');
		// Mid-run, skip only whole words, so the next instruction is not entered halfway.
		return z === stop ? z : off + (zeros & ~3);
	}
	const addr = `${(start + off).toString(16).padStart(8)}:\t`;
	if (symbols.isData(start + off)) {
		const size = dataChunk(start + off, stop - off, symbols);
		const value = readLE(data, off, size);
		const [directive, rawWidth] = DATA_CHUNKS[size];
		const hex = value.toString(16).padStart(size * 2, '0');
		out.push(`${addr}${(hex + ' ').padEnd(rawWidth)}\t${directive}\t0x${hex}`);
		return off + size;
	}
	const lo = data[off] | ((data[off + 1] ?? 0) << 8);
	if ((lo & 3) !== 3 || off + 4 > stop) {
		// A 16-bit parcel (or a trailing half-word): not an instruction vmscope knows.
		const text =
			off + 2 <= stop
				? `.2byte\t0x${lo.toString(16)}`
				: `.byte\t0x${data[off].toString(16).padStart(2, '0')}`;
		const raw =
			off + 2 <= stop
				? lo.toString(16).padStart(4, '0') + ' '
				: data[off].toString(16).padStart(2, '0');
		out.push(`${addr}${rawColumn(raw, 2)}\t${text}`);
		return off + Math.min(2, stop - off);
	}
	const word = readLE(data, off, 4);
	out.push(`${addr}${rawColumn(hex8(word) + ' ', 4)}\t${joinParts(dis.parts(word, start + off), '\t')}`);
	return off + 4;
}

/** objdump's data directives by chunk size, and the raw column width it pads to. */
const DATA_CHUNKS: Record<number, [string, number]> = {
	1: ['.byte', 18],
	2: ['.short', 20],
	4: ['.word', 18]
};

/** riscv-dis.c `riscv_data_length`: 4 bytes, cut short by the next mapping symbol or the end. */
function dataChunk(addr: number, left: number, symbols: SymbolTable): number {
	const next = symbols.nextMark(addr);
	let size = Math.min(4, left, next === undefined ? 4 : next - addr);
	if (size === 3) size = 2;
	return size;
}

function readLE(data: Uint8Array, off: number, size: number): number {
	let v = 0;
	for (let i = size - 1; i >= 0; i--) v = v * 256 + data[off + i];
	return v;
}

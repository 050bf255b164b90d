/**
 * Builds .debug_line units by hand for the line-table tests: a header of any version 2–5 (v5 with a
 * choice of DW_FORMs), and a program written with one helper per opcode, so each test reads like
 * the opcode listing `objdump --dwarf=rawline` prints.
 */

export class ByteWriter {
	readonly out: number[] = [];
	u8(...v: number[]): this {
		for (const b of v) this.out.push(b & 0xff);
		return this;
	}
	u16(v: number): this {
		return this.u8(v, v >> 8);
	}
	u32(v: number): this {
		return this.u8(v, v >> 8, v >> 16, v >>> 24);
	}
	u64(v: number): this {
		return this.u32(v % 2 ** 32).u32(Math.floor(v / 2 ** 32));
	}
	uleb(v: number): this {
		do {
			const byte = v % 128;
			v = Math.floor(v / 128);
			this.u8(v ? byte | 0x80 : byte);
		} while (v);
		return this;
	}
	sleb(v: number): this {
		for (;;) {
			const byte = ((v % 128) + 128) % 128;
			v = Math.floor(v / 128);
			const done = (v === 0 && !(byte & 0x40)) || (v === -1 && byte & 0x40);
			this.u8(done ? byte : byte | 0x80);
			if (done) return this;
		}
	}
	str(s: string): this {
		return this.u8(...new TextEncoder().encode(s), 0);
	}
	bytes(): Uint8Array {
		return Uint8Array.from(this.out);
	}
}

/** A string section (.debug_str, .debug_line_str) that hands out offsets. */
export class StringTable {
	private readonly w = new ByteWriter();
	add(s: string): number {
		const at = this.w.out.length;
		this.w.str(s);
		return at;
	}
	bytes(): Uint8Array {
		return this.w.bytes();
	}
}

/** The line-number program, one method per opcode (DWARF 5 §6.2.5). */
export class Program extends ByteWriter {
	constructor(readonly h: Required<Pick<UnitSpec, 'lineBase' | 'lineRange' | 'opcodeBase'>>) {
		super();
	}
	/** A special opcode advancing the operation pointer by `op` and the line by `line` (§6.2.5.1). */
	special(op: number, line: number): this {
		const opcode = line - this.h.lineBase + this.h.lineRange * op + this.h.opcodeBase;
		if (opcode < this.h.opcodeBase || opcode > 255)
			throw new Error(`no special opcode for ${op},${line}`);
		return this.u8(opcode);
	}
	copy = () => this.u8(1);
	advancePc = (n: number) => this.u8(2).uleb(n);
	advanceLine = (n: number) => this.u8(3).sleb(n);
	setFile = (n: number) => this.u8(4).uleb(n);
	setColumn = (n: number) => this.u8(5).uleb(n);
	negateStmt = () => this.u8(6);
	setBasicBlock = () => this.u8(7);
	constAddPc = () => this.u8(8);
	fixedAdvancePc = (n: number) => this.u8(9).u16(n);
	setPrologueEnd = () => this.u8(10);
	setEpilogueBegin = () => this.u8(11);
	setIsa = (n: number) => this.u8(12).uleb(n);
	extended(op: number, operands: number[]): this {
		return this.u8(0)
			.uleb(operands.length + 1)
			.u8(op, ...operands);
	}
	endSequence = () => this.extended(1, []);
	setAddress(addr: number, size = 4): this {
		const w = new ByteWriter();
		if (size === 8) w.u64(addr);
		else if (size === 4) w.u32(addr);
		else if (size === 2) w.u16(addr);
		else w.u8(addr);
		return this.extended(2, w.out);
	}
	defineFile(name: string, dir: number): this {
		return this.extended(3, new ByteWriter().str(name).uleb(dir).uleb(0).uleb(0).out);
	}
	setDiscriminator = (n: number) => this.extended(4, new ByteWriter().uleb(n).out);
}

export type PathForm = 'string' | 'line_strp' | 'strp';
export type IndexForm = 'udata' | 'data1' | 'data2';

export interface UnitSpec {
	version: 2 | 3 | 4 | 5;
	/** The 64-bit DWARF format (§7.4). */
	dwarf64?: boolean;
	addressSize?: number;
	minInstLength?: number;
	maxOpsPerInst?: number;
	lineBase?: number;
	lineRange?: number;
	opcodeBase?: number;
	/** Default: the operand counts of §6.2.5.2, padded with 0 or cut to opcodeBase - 1. */
	standardOpcodeLengths?: number[];
	/** v2–v4: include_directories (index 1 on); v5: all directories, entry 0 the compilation dir. */
	dirs: string[];
	/** v2–v4: file_names (index 1 on); v5: all files, entry 0 the primary source file. */
	files: { name: string; dir: number }[];
	/** v5 only: the forms of DW_LNCT_path and DW_LNCT_directory_index, and whether an MD5 follows. */
	pathForm?: PathForm;
	dirIndexForm?: IndexForm;
	md5?: boolean;
	/** Added to header_length, to build broken headers. */
	headerLengthDelta?: number;
	program: (p: Program) => void;
}

export interface Strings {
	lineStr: StringTable;
	str: StringTable;
}

const STANDARD_LENGTHS = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];
const FORM = {
	string: 0x08,
	line_strp: 0x1f,
	strp: 0x0e,
	udata: 0x0f,
	data1: 0x0b,
	data2: 0x05,
	data16: 0x1e
};

/** One unit's bytes; strings referenced by v5 strp forms go into `strings`. */
export function lineUnit(spec: UnitSpec, strings: Strings = newStrings()): number[] {
	const lineBase = spec.lineBase ?? -5;
	const lineRange = spec.lineRange ?? 14;
	const opcodeBase = spec.opcodeBase ?? 13;
	const offsetSize = spec.dwarf64 ? 8 : 4;
	const offset = (w: ByteWriter, v: number) => (offsetSize === 8 ? w.u64(v) : w.u32(v));

	const tables = new ByteWriter();
	tables.u8(spec.minInstLength ?? 1);
	if (spec.version >= 4) tables.u8(spec.maxOpsPerInst ?? 1);
	tables.u8(1).u8(lineBase).u8(lineRange).u8(opcodeBase);
	const lengths = spec.standardOpcodeLengths ?? STANDARD_LENGTHS;
	for (let i = 0; i < opcodeBase - 1; i++) tables.u8(lengths[i] ?? 0);
	if (spec.version < 5) {
		for (const d of spec.dirs) tables.str(d);
		tables.u8(0);
		for (const f of spec.files) tables.str(f.name).uleb(f.dir).uleb(0).uleb(0);
		tables.u8(0);
	} else {
		const pathForm = spec.pathForm ?? 'line_strp';
		const dirIndexForm = spec.dirIndexForm ?? 'udata';
		const path = (s: string) => {
			if (pathForm === 'string') tables.str(s);
			else offset(tables, (pathForm === 'line_strp' ? strings.lineStr : strings.str).add(s));
		};
		tables.u8(1).uleb(1).uleb(FORM[pathForm]);
		tables.uleb(spec.dirs.length);
		for (const d of spec.dirs) path(d);
		tables
			.u8(spec.md5 ? 3 : 2)
			.uleb(1)
			.uleb(FORM[pathForm])
			.uleb(2)
			.uleb(FORM[dirIndexForm]);
		if (spec.md5) tables.uleb(5).uleb(FORM.data16);
		tables.uleb(spec.files.length);
		for (const f of spec.files) {
			path(f.name);
			if (dirIndexForm === 'udata') tables.uleb(f.dir);
			else if (dirIndexForm === 'data1') tables.u8(f.dir);
			else tables.u16(f.dir);
			if (spec.md5) for (let i = 0; i < 16; i++) tables.u8(0xa0 + i);
		}
	}
	const program = new Program({ lineBase, lineRange, opcodeBase });
	spec.program(program);

	const afterLength = new ByteWriter();
	afterLength.u16(spec.version);
	if (spec.version >= 5) afterLength.u8(spec.addressSize ?? 4).u8(0);
	offset(afterLength, tables.out.length + (spec.headerLengthDelta ?? 0));
	afterLength.u8(...tables.out, ...program.out);

	const unit = new ByteWriter();
	if (spec.dwarf64) unit.u32(0xffffffff).u64(afterLength.out.length);
	else unit.u32(afterLength.out.length);
	return [...unit.out, ...afterLength.out];
}

export const newStrings = (): Strings => ({ lineStr: new StringTable(), str: new StringTable() });

/** Sections for readLineInfo from units built with the same `strings`. */
export function sections(units: number[][], strings: Strings) {
	return {
		debug_line: Uint8Array.from(units.flat()),
		debug_line_str: strings.lineStr.bytes(),
		debug_str: strings.str.bytes()
	};
}

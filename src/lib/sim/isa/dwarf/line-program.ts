/**
 * The line-number state machine (DWARF 4 §6.2.2 and §6.2.5, DWARF 5 the same sections): runs one
 * unit's opcodes and returns its sequences as LineRows, each sequence ending with an end marker.
 * Only the registers a LineRow needs are kept (address, op_index, file, line, column); the operands
 * of the others (is_stmt, basic_block, prologue_end, epilogue_begin, isa, discriminator) are read
 * and dropped.
 */
import type { LineRow } from '../program';
import { readV4FileEntry, type FileEntry, type LineHeader } from './line-header';
import { DwarfReadError, DwarfReader } from './reader';

/** One address range [start, end) of contiguous code; rows are ascending and end with an end marker. */
export interface LineSequence {
	readonly start: number;
	readonly end: number;
	readonly rows: LineRow[];
}

/** File name of the row that ends a sequence: addresses from it on have no line (§6.2.5.3). */
export const END_OF_SEQUENCE = '';
/** File name of rows whose file register names no file-table entry. */
export const UNKNOWN_FILE = '<unknown>';

const MAX_ADDRESS = 0xffff_ffff;

type Warn = (offset: number, message: string) => void;

class LineMachine {
	address = 0;
	opIndex = 0;
	file = 1;
	line = 1;
	column = 0;
	/** Offset of the opcode being executed, for error messages. */
	at = 0;
	private open: { start: number; rows: LineRow[] } | undefined;
	private readonly paths: (string | undefined)[] = [];
	readonly sequences: LineSequence[] = [];

	constructor(
		readonly h: LineHeader,
		readonly warn: Warn
	) {}

	/** §6.2.2 Table 6.4: the registers' values at the start of every sequence. */
	reset(): void {
		this.address = 0;
		this.opIndex = 0;
		this.file = 1;
		this.line = 1;
		this.column = 0;
	}

	/** §6.2.5.1: advance address and op_index by an "operation advance". */
	advance(operationAdvance: number): void {
		const { minInstLength, maxOpsPerInst } = this.h;
		if (maxOpsPerInst === 1) {
			this.address += minInstLength * operationAdvance;
			return;
		}
		const ops = this.opIndex + operationAdvance;
		this.address += minInstLength * Math.floor(ops / maxOpsPerInst);
		this.opIndex = ops % maxOpsPerInst;
	}

	/** §6.2.5.1: a special opcode's operation advance and line advance. */
	special(opcode: number): void {
		const { opcodeBase, lineBase, lineRange } = this.h;
		if (lineRange === 0) throw new DwarfReadError(this.at, 'special opcode with line_range 0');
		const adjusted = opcode - opcodeBase;
		this.advance(Math.floor(adjusted / lineRange));
		this.line += lineBase + (adjusted % lineRange);
		this.emit(false);
	}

	/**
	 * Appends a row to the open sequence; the last row at an address wins (binutils does the same,
	 * and rows at one address cover no code but the last). An end row also closes the sequence.
	 */
	emit(end: boolean): void {
		if (this.row(end) && end) this.close(this.at);
		if (end) this.reset();
	}

	private row(end: boolean): boolean {
		const { address, at } = this;
		if (address > MAX_ADDRESS) {
			this.warn(at, `row address 0x${address.toString(16)} does not fit 32 bits; row dropped`);
			if (end) this.close(at);
			return false;
		}
		if (!end && this.line < 0) {
			this.warn(at, `line register went negative (${this.line}); row dropped`);
			return false;
		}
		const row: LineRow = end
			? { addr: address, file: END_OF_SEQUENCE, line: 0 }
			: { addr: address, file: this.path(), line: this.line, column: this.column };
		const seq = (this.open ??= { start: address, rows: [] });
		const last = seq.rows[seq.rows.length - 1];
		// §6.2.2: "Within a sequence, addresses and operation pointers may only increase."
		if (last && address < last.addr) {
			this.warn(at, `address 0x${address.toString(16)} goes backwards in a sequence; row dropped`);
			if (end) this.close(at);
			return false;
		}
		if (last && last.addr === address) seq.rows[seq.rows.length - 1] = row;
		else seq.rows.push(row);
		return true;
	}

	/** DW_LNE_define_file: a new file-table entry (and forget a path cached for its index). */
	defineFile(entry: FileEntry): void {
		this.h.files.push(entry);
		this.paths[this.h.files.length - 1] = undefined;
	}

	/**
	 * Ends the open sequence at its last row (turned into an end marker if it is not one, with a
	 * warning at `warnAt` when given); drops sequences that cover no address.
	 */
	close(warnAt?: number): void {
		const seq = this.open;
		this.open = undefined;
		if (!seq || seq.rows.length === 0) return;
		const last = seq.rows[seq.rows.length - 1];
		if (last.file !== END_OF_SEQUENCE) {
			if (warnAt !== undefined) this.warn(warnAt, 'sequence closed without a row at its end address');
			seq.rows[seq.rows.length - 1] = { addr: last.addr, file: END_OF_SEQUENCE, line: 0 };
		}
		if (seq.rows.length > 1) this.sequences.push({ start: seq.start, end: last.addr, rows: seq.rows });
	}

	get sequenceOpen(): boolean {
		return this.open !== undefined;
	}

	/** The file register as a path relative to the compilation directory, memoised per index. */
	private path(): string {
		const cached = this.paths[this.file];
		if (cached !== undefined) return cached;
		const entry = this.h.files[this.file];
		let path: string;
		if (!entry) {
			this.warn(this.at, `file register ${this.file} names no file-table entry`);
			path = UNKNOWN_FILE;
		} else path = resolvePath(this.h, entry.name, entry.dir);
		if (this.file < 1 << 16) this.paths[this.file] = path;
		return path;
	}
}

/**
 * Joins a file name to its directory the way addr2line does, minus the compilation directory:
 * index 0 is the compilation directory itself (v5 §6.2.4 (16); v2–v4 §6.2.4 (12)), so those names
 * stay relative to it. A v5 directory that spells out the compilation directory absolutely is made
 * relative too, so both versions give the same names.
 */
function resolvePath(h: LineHeader, name: string, dirIndex: number): string {
	if (isAbsolute(name) || dirIndex === 0) return tidy(name);
	const dir = h.dirs[dirIndex];
	if (dir === undefined) return tidy(name);
	let path = tidy(dir.endsWith('/') ? dir + name : `${dir}/${name}`);
	const compDir = h.version >= 5 ? h.dirs[0] : undefined;
	if (compDir && isAbsolute(compDir) && path.startsWith(tidy(compDir) + '/'))
		path = path.slice(tidy(compDir).length + 1);
	return path;
}

const isAbsolute = (p: string) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);

/** Drops `.` segments and doubled slashes ("./main.c" → "main.c"); `..` is kept, as addr2line does. */
function tidy(path: string): string {
	if (!path.includes('./') && !path.includes('//')) return path;
	const parts = path.split('/').filter((p) => p !== '' && p !== '.');
	return (path.startsWith('/') ? '/' : '') + parts.join('/');
}

// §6.2.5.2: the standard opcodes. Each reads its operands from r.
const DW_LNS: Record<number, (m: LineMachine, r: DwarfReader) => void> = {
	1: (m) => m.emit(false), // copy
	2: (m, r) => m.advance(r.uleb('DW_LNS_advance_pc')),
	3: (m, r) => void (m.line += r.sleb('DW_LNS_advance_line')),
	4: (m, r) => void (m.file = r.uleb('DW_LNS_set_file')),
	5: (m, r) => void (m.column = r.uleb('DW_LNS_set_column')),
	6: () => {}, // negate_stmt
	7: () => {}, // set_basic_block
	// const_add_pc: advance as special opcode 255 would, without a row or a line change.
	8: (m) => {
		if (m.h.lineRange === 0) throw new DwarfReadError(m.at, 'DW_LNS_const_add_pc with line_range 0');
		m.advance(Math.floor((255 - m.h.opcodeBase) / m.h.lineRange));
	},
	// fixed_advance_pc: a uhalf added to the address unscaled, and op_index cleared.
	9: (m, r) => {
		m.address += r.u16('DW_LNS_fixed_advance_pc');
		m.opIndex = 0;
	},
	10: () => {}, // set_prologue_end
	11: () => {}, // set_epilogue_begin
	12: (_m, r) => void r.uleb('DW_LNS_set_isa')
};

/**
 * §6.2.5.3: the extended opcodes; `size` is the operand size from the length prefix. The caller
 * moves past the whole instruction afterwards, whatever the handler read.
 */
const DW_LNE: Record<number, (m: LineMachine, r: DwarfReader, size: number) => void> = {
	1: (m) => m.emit(true), // end_sequence
	2: (m, r, size) => {
		// set_address: an operand of address size (v5: the header's; earlier: the length says).
		const want = m.h.addressSize ?? size;
		if (size !== want)
			throw new DwarfReadError(
				m.at,
				`DW_LNE_set_address operand is ${size} bytes, address_size is ${want}`
			);
		m.address = r.uN(size, 'DW_LNE_set_address');
		m.opIndex = 0;
	},
	3: (m, r) => {
		// define_file (v2–v4; reserved in v5): appends a file-table entry.
		const entry = readV4FileEntry(r);
		if (entry) m.defineFile(entry);
	},
	4: (_m, r) => void r.uleb('DW_LNE_set_discriminator')
};

/** Runs the program of the unit `h`; `bytes` is the whole .debug_line. Never throws. */
export function runLineProgram(h: LineHeader, bytes: Uint8Array, warn: Warn): LineSequence[] {
	const r = new DwarfReader(bytes, h.programStart, h.unitEnd);
	const m = new LineMachine(h, warn);
	m.reset();
	try {
		while (r.remaining > 0) {
			m.at = r.pos;
			const opcode = r.u8();
			if (opcode >= h.opcodeBase) m.special(opcode);
			else if (opcode === 0) extended(m, r);
			else if (DW_LNS[opcode]) DW_LNS[opcode](m, r);
			else {
				// v5 §6.2.4 (12), v4 (10): standard_opcode_lengths lets a consumer skip an unknown
				// standard opcode by its count of ULEB128 operands.
				const operands = h.standardOpcodeLengths[opcode - 1];
				for (let i = 0; i < operands; i++) r.uleb(`operand of opcode ${opcode}`);
			}
		}
	} catch (e) {
		if (!(e instanceof DwarfReadError)) throw e;
		// Name the opcode that failed, not the byte inside it where the read stopped.
		warn(m.at, e.message);
		m.close();
		return m.sequences;
	}
	if (m.sequenceOpen) m.close(h.unitEnd);
	return m.sequences;
}

function extended(m: LineMachine, r: DwarfReader): void {
	const length = r.uleb('extended opcode length');
	if (length === 0) throw new DwarfReadError(m.at, 'extended opcode with length 0');
	r.need(length, 'extended opcode');
	const end = r.pos + length;
	const op = r.u8('extended opcode');
	const handler = DW_LNE[op];
	if (handler) {
		const inner = new DwarfReader(r.bytes, r.pos, end);
		handler(m, inner, length - 1);
	}
	// Unknown (vendor, DW_LNE_lo_user..hi_user) opcodes are skipped by their length.
	r.pos = end;
}

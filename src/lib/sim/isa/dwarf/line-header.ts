/**
 * The header of one line-number program in .debug_line (DWARF 4 §6.2.4, DWARF 5 §6.2.4), versions
 * 2 to 5: the unit's extent, the parameters of the state machine, and the directory and file tables
 * (v2–v4: NUL-terminated lists; v5: self-describing entry formats with DW_FORM_* values).
 */
import { DwarfReadError, DwarfReader, stringAt } from './reader';

export interface FileEntry {
	/** The path as written: a bare name, or relative to its directory, or absolute. */
	readonly name: string;
	/** Index into LineHeader.dirs. */
	readonly dir: number;
}

export interface LineHeader {
	/** Offset of the unit in .debug_line, and one past its end. */
	readonly offset: number;
	readonly unitEnd: number;
	/** Offset of the first opcode of the line-number program. */
	readonly programStart: number;
	readonly version: number;
	/** 4 for the 32-bit DWARF format, 8 for the 64-bit one (§7.4). */
	readonly offsetSize: 4 | 8;
	/** v5 only: the size of DW_LNE_set_address's operand. */
	readonly addressSize?: number;
	readonly minInstLength: number;
	readonly maxOpsPerInst: number;
	readonly defaultIsStmt: boolean;
	readonly lineBase: number;
	readonly lineRange: number;
	readonly opcodeBase: number;
	/** Operand counts of standard opcodes 1..opcodeBase-1, at index opcode-1. */
	readonly standardOpcodeLengths: readonly number[];
	/**
	 * Directories by their DWARF index. v5 §6.2.4 (16): entry 0 is the compilation directory. v2–v4
	 * §6.2.4 (11): index 0 means the compilation directory and the list starts at 1, so dirs[0] is
	 * '' here (paths stay relative to the compilation directory).
	 */
	readonly dirs: string[];
	/**
	 * Files by their DWARF index. v5 §6.2.4 (20): entry 0 is the primary source file. v2–v4 §6.2.4
	 * (12): the list starts at 1, so files[0] is undefined. DW_LNE_define_file appends here.
	 */
	readonly files: (FileEntry | undefined)[];
}

export interface StringSections {
	readonly debug_line_str?: Uint8Array;
	readonly debug_str?: Uint8Array;
}

// DWARF 5 §7.5.6, Table 7.6: the forms a v5 entry format may use.
const DW_FORM = {
	block2: 0x03,
	block4: 0x04,
	data2: 0x05,
	data4: 0x06,
	data8: 0x07,
	string: 0x08,
	block: 0x09,
	block1: 0x0a,
	data1: 0x0b,
	sdata: 0x0d,
	strp: 0x0e,
	udata: 0x0f,
	data16: 0x1e,
	line_strp: 0x1f
} as const;

// DWARF 5 §6.2.4.1 (meanings) and §7.22, Table 7.27 (codes): content types.
const DW_LNCT_path = 1;
const DW_LNCT_directory_index = 2;

type FormValue = string | number | undefined;
type FormReader = (r: DwarfReader, h: { offsetSize: number }, s: StringSections) => FormValue;

const strp =
	(key: keyof StringSections, section: string, form: string): FormReader =>
	(r, h, s) => {
		const at = r.pos;
		return stringAt(s[key], section, r.uN(h.offsetSize, form), at);
	};

/** How to read each supported form; values the line table ignores (sizes, MD5) read as undefined. */
const FORM_READERS: Record<number, FormReader> = {
	[DW_FORM.string]: (r) => r.cstring('DW_FORM_string'),
	[DW_FORM.line_strp]: strp('debug_line_str', '.debug_line_str', 'DW_FORM_line_strp'),
	[DW_FORM.strp]: strp('debug_str', '.debug_str', 'DW_FORM_strp'),
	[DW_FORM.udata]: (r) => r.uleb('DW_FORM_udata'),
	[DW_FORM.sdata]: (r) => r.sleb('DW_FORM_sdata'),
	[DW_FORM.data1]: (r) => r.u8('DW_FORM_data1'),
	[DW_FORM.data2]: (r) => r.u16('DW_FORM_data2'),
	[DW_FORM.data4]: (r) => r.u32('DW_FORM_data4'),
	[DW_FORM.data8]: (r) => r.u64('DW_FORM_data8'),
	[DW_FORM.data16]: (r) => void r.skip(16, 'DW_FORM_data16'),
	[DW_FORM.block]: (r) => void r.skip(r.uleb('DW_FORM_block'), 'DW_FORM_block'),
	[DW_FORM.block1]: (r) => void r.skip(r.u8('DW_FORM_block1'), 'DW_FORM_block1'),
	[DW_FORM.block2]: (r) => void r.skip(r.u16('DW_FORM_block2'), 'DW_FORM_block2'),
	[DW_FORM.block4]: (r) => void r.skip(r.u32('DW_FORM_block4'), 'DW_FORM_block4')
};

/**
 * Reads the unit length at r.pos and returns where the unit's contents start and end, or throws
 * when the length itself is unusable (then no later unit can be found either).
 */
export function readUnitLength(r: DwarfReader): { offsetSize: 4 | 8; end: number } {
	const at = r.pos;
	let length = r.u32('unit_length');
	let offsetSize: 4 | 8 = 4;
	// §7.4: 0xffffffff announces the 64-bit format; 0xfffffff0..0xfffffffe are reserved.
	if (length === 0xffffffff) {
		length = r.u64('unit_length (64-bit)');
		offsetSize = 8;
	} else if (length >= 0xfffffff0)
		throw new DwarfReadError(at, `unit_length 0x${length.toString(16)} is a reserved value`);
	if (length > r.limit - r.pos)
		throw new DwarfReadError(
			at,
			`unit_length ${length} runs past the end of .debug_line (${r.limit - r.pos} bytes left)`
		);
	return { offsetSize, end: r.pos + length };
}

/**
 * Parses a header whose unit starts at `offset`. `r` must be limited to the unit. Problems that
 * still leave a usable header are pushed to `warn`; unusable ones throw DwarfReadError.
 */
export function readLineHeader(
	r: DwarfReader,
	offset: number,
	offsetSize: 4 | 8,
	strings: StringSections,
	warn: (offset: number, message: string) => void
): LineHeader {
	const unitEnd = r.limit;
	const versionAt = r.pos;
	const version = r.u16('version');
	if (version < 2 || version > 5)
		throw new DwarfReadError(versionAt, `line table version ${version} is not supported (2 to 5 are)`);
	let addressSize: number | undefined;
	if (version >= 5) {
		addressSize = r.u8('address_size');
		if (![1, 2, 4, 8].includes(addressSize))
			throw new DwarfReadError(r.pos - 1, `address_size ${addressSize} is not 1, 2, 4 or 8`);
		r.u8('segment_selector_size');
	}
	const headerLength = r.uN(offsetSize, 'header_length');
	const programStart = r.pos + headerLength;
	if (programStart > unitEnd)
		throw new DwarfReadError(r.pos - offsetSize, `header_length ${headerLength} runs past the unit end`);
	const minInstLength = r.u8('minimum_instruction_length');
	// DWARF 4 §6.2.4 (5): maximum_operations_per_instruction appeared in version 4.
	let maxOpsPerInst = version >= 4 ? r.u8('maximum_operations_per_instruction') : 1;
	if (maxOpsPerInst === 0) {
		warn(r.pos - 1, 'maximum_operations_per_instruction is 0; using 1');
		maxOpsPerInst = 1;
	}
	const defaultIsStmt = r.u8('default_is_stmt') !== 0;
	const lineBase = r.s8('line_base');
	const lineRange = r.u8('line_range');
	const opcodeBase = r.u8('opcode_base');
	if (opcodeBase === 0) throw new DwarfReadError(r.pos - 1, 'opcode_base is 0');
	const standardOpcodeLengths: number[] = [];
	for (let i = 1; i < opcodeBase; i++) standardOpcodeLengths.push(r.u8('standard_opcode_lengths'));

	const tables =
		version >= 5 ? readV5Tables(r, offsetSize, strings) : { dirs: readV4Dirs(r), files: readV4Files(r) };
	if (r.pos > programStart)
		warn(
			programStart,
			`directory and file tables overrun header_length by ${r.pos - programStart} bytes`
		);
	return {
		offset,
		unitEnd,
		programStart,
		version,
		offsetSize,
		addressSize,
		minInstLength,
		maxOpsPerInst,
		defaultIsStmt,
		lineBase,
		lineRange,
		opcodeBase,
		standardOpcodeLengths,
		...tables
	};
}

/** v2–v4 §6.2.4 (11): include_directories, strings ended by an empty one. */
function readV4Dirs(r: DwarfReader): string[] {
	const dirs = [''];
	for (;;) {
		const dir = r.cstring('include_directories');
		if (dir === '') return dirs;
		dirs.push(dir);
	}
}

/** v2–v4 §6.2.4 (12): file_names, entries ended by a 0 byte (an empty name). */
function readV4Files(r: DwarfReader): (FileEntry | undefined)[] {
	const files: (FileEntry | undefined)[] = [undefined];
	for (;;) {
		const entry = readV4FileEntry(r);
		if (!entry) return files;
		files.push(entry);
	}
}

/** One v2–v4 file entry (also DW_LNE_define_file's operand): name, dir, mtime, length. */
export function readV4FileEntry(r: DwarfReader): FileEntry | undefined {
	const name = r.cstring('file name');
	if (name === '') return undefined;
	const dir = r.uleb('file directory index');
	r.uleb('file modification time');
	r.uleb('file length');
	return { name, dir };
}

/** v5 §6.2.4 (13–20): directory and file tables, each described by its own entry format. */
function readV5Tables(r: DwarfReader, offsetSize: 4 | 8, strings: StringSections) {
	const dirs: string[] = [];
	for (const entry of readV5Entries(r, offsetSize, strings, 'directory')) {
		if (typeof entry.path !== 'string')
			throw new DwarfReadError(entry.at, 'directory entry has no DW_LNCT_path string');
		dirs.push(entry.path);
	}
	const files: FileEntry[] = [];
	for (const entry of readV5Entries(r, offsetSize, strings, 'file name')) {
		if (typeof entry.path !== 'string')
			throw new DwarfReadError(entry.at, 'file entry has no DW_LNCT_path string');
		const dir = typeof entry.dir === 'number' ? entry.dir : 0;
		files.push({ name: entry.path, dir });
	}
	return { dirs, files };
}

interface V5Entry {
	at: number;
	path: FormValue;
	dir: FormValue;
}

function readV5Entries(r: DwarfReader, offsetSize: 4 | 8, strings: StringSections, what: string): V5Entry[] {
	const formatCount = r.u8(`${what}_entry_format_count`);
	const format: { type: number; read: FormReader }[] = [];
	for (let i = 0; i < formatCount; i++) {
		const type = r.uleb(`${what}_entry_format content type`);
		const formAt = r.pos;
		const form = r.uleb(`${what}_entry_format form`);
		const read = FORM_READERS[form];
		if (!read)
			throw new DwarfReadError(formAt, `${what} entry form 0x${form.toString(16)} is not supported`);
		format.push({ type, read });
	}
	const countAt = r.pos;
	const count = r.uleb(`${what}s_count`);
	// Each entry takes at least one byte unless the format is empty; refuse counts the unit cannot hold.
	if (count > r.remaining && formatCount > 0)
		throw new DwarfReadError(countAt, `${what}s_count ${count} exceeds the bytes left in the unit`);
	if (formatCount === 0 && count > 0)
		throw new DwarfReadError(countAt, `${count} ${what} entries but an empty entry format`);
	const h = { offsetSize };
	const entries: V5Entry[] = [];
	for (let i = 0; i < count; i++) {
		const entry: V5Entry = { at: r.pos, path: undefined, dir: undefined };
		for (const f of format) {
			const value = f.read(r, h, strings);
			if (f.type === DW_LNCT_path) entry.path = value;
			else if (f.type === DW_LNCT_directory_index) entry.dir = value;
		}
		entries.push(entry);
	}
	return entries;
}

/**
 * ELF32 loader for RISC-V little-endian executables (System V gABI; RISC-V psABI "ELF Object
 * Files"). It reads PT_LOAD segments, the entry point and .symtab, and rejects anything malformed or
 * foreign with an ElfError naming the field and the reason. It never throws anything else.
 */
import { readElfLineInfo } from './dwarf';
import type { Program, ProgramSymbol, Segment, SymbolKind } from './program';

export class ElfError extends Error {
	constructor(
		readonly field: string,
		reason: string
	) {
		super(`invalid ELF: ${field}: ${reason}`);
		this.name = 'ElfError';
	}
}

const EM_RISCV = 243;
const ET_EXEC = 2;
const PT_LOAD = 1;
const SHT_SYMTAB = 2;
const PF_X = 1;
const PF_W = 2;
const PF_R = 4;
const STT_KINDS: SymbolKind[] = ['notype', 'object', 'func', 'section', 'file'];

export interface ElfLoadOptions {
	/** Where loadable segments must fall (physical RAM). Default: 0x8000_0000, 128 MiB. */
	ramBase?: number;
	ramSize?: number;
}

export function loadElf(bytes: Uint8Array, opts: ElfLoadOptions = {}): Program {
	const ramBase = opts.ramBase ?? 0x8000_0000;
	const ramSize = opts.ramSize ?? 128 * 1024 * 1024;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const need = (end: number, field: string) => {
		if (end > bytes.length) throw new ElfError(field, `file is truncated (${bytes.length} bytes)`);
	};
	const u16 = (o: number) => view.getUint16(o, true);
	const u32 = (o: number) => view.getUint32(o, true);

	need(52, 'ELF header');
	if (u32(0) !== 0x464c457f) throw new ElfError('e_ident[EI_MAG]', 'not an ELF file (bad magic)');
	if (bytes[4] !== 1) throw new ElfError('e_ident[EI_CLASS]', `expected ELFCLASS32 (1), got ${bytes[4]}`);
	if (bytes[5] !== 1) throw new ElfError('e_ident[EI_DATA]', `expected little-endian (1), got ${bytes[5]}`);
	if (bytes[6] !== 1) throw new ElfError('e_ident[EI_VERSION]', `expected 1, got ${bytes[6]}`);
	const type = u16(16);
	if (type !== ET_EXEC) throw new ElfError('e_type', `expected an executable (ET_EXEC), got ${type}`);
	const machine = u16(18);
	if (machine !== EM_RISCV) throw new ElfError('e_machine', `expected RISC-V (243), got ${machine}`);
	const entry = u32(24);
	const phoff = u32(28);
	const shoff = u32(32);
	const phentsize = u16(42);
	const phnum = u16(44);
	const shentsize = u16(46);
	const shnum = u16(48);
	if (phnum === 0) throw new ElfError('e_phnum', 'no program headers');
	if (phentsize < 32) throw new ElfError('e_phentsize', `too small (${phentsize})`);
	need(phoff + phnum * phentsize, 'program headers (e_phoff/e_phnum)');

	const segments: Segment[] = [];
	for (let i = 0; i < phnum; i++) {
		const p = phoff + i * phentsize;
		if (u32(p) !== PT_LOAD) continue;
		const offset = u32(p + 4);
		const paddr = u32(p + 12);
		const filesz = u32(p + 16);
		const memsz = u32(p + 20);
		const flags = u32(p + 24);
		const field = `program header ${i}`;
		if (memsz === 0) continue;
		if (filesz > memsz) throw new ElfError(field, `p_filesz (${filesz}) exceeds p_memsz (${memsz})`);
		if (offset + filesz > bytes.length)
			throw new ElfError(field, `segment data (offset ${offset}, ${filesz} bytes) is outside the file`);
		if (paddr < ramBase || paddr + memsz > ramBase + ramSize)
			throw new ElfError(field, `segment 0x${hex(paddr)}..0x${hex(paddr + memsz)} is outside RAM`);
		for (const s of segments)
			if (paddr < s.addr + s.memSize && s.addr < paddr + memsz)
				throw new ElfError(field, `segment at 0x${hex(paddr)} overlaps the one at 0x${hex(s.addr)}`);
		segments.push({
			addr: paddr,
			data: bytes.slice(offset, offset + filesz),
			memSize: memsz,
			flags: { read: !!(flags & PF_R), write: !!(flags & PF_W), exec: !!(flags & PF_X) }
		});
	}
	if (segments.length === 0) throw new ElfError('program headers', 'no PT_LOAD segment');
	// Unprivileged §2.2: without the C extension instructions are 4-byte aligned.
	if (entry & 3) throw new ElfError('e_entry', `0x${hex(entry)} is not 4-byte aligned`);
	if (!segments.some((s) => s.flags.exec && entry >= s.addr && entry < s.addr + s.memSize))
		throw new ElfError('e_entry', `0x${hex(entry)} is not inside an executable segment`);

	const symbols = shnum && shoff ? readSymbols(bytes, view, shoff, shentsize, shnum) : [];
	const find = (name: string) => symbols.find((s) => s.name === name)?.addr;
	// Line tables are optional extras: malformed DWARF yields fewer rows, never a failed load.
	const lines = readElfLineInfo(bytes).rows;
	return { entry, segments, symbols, lines, tohost: find('tohost'), fromhost: find('fromhost') };
}

function readSymbols(
	bytes: Uint8Array,
	view: DataView,
	shoff: number,
	shentsize: number,
	shnum: number
): ProgramSymbol[] {
	if (shentsize < 40) throw new ElfError('e_shentsize', `too small (${shentsize})`);
	if (shoff + shnum * shentsize > bytes.length)
		throw new ElfError('section headers (e_shoff/e_shnum)', 'outside the file');
	const sh = (i: number, field: number) => view.getUint32(shoff + i * shentsize + field, true);
	const out: ProgramSymbol[] = [];
	for (let i = 0; i < shnum; i++) {
		if (sh(i, 4) !== SHT_SYMTAB) continue;
		const off = sh(i, 16);
		const size = sh(i, 20);
		const link = sh(i, 24);
		if (off + size > bytes.length) throw new ElfError(`section ${i} (.symtab)`, 'outside the file');
		if (link >= shnum) throw new ElfError(`section ${i} (.symtab) sh_link`, `no section ${link}`);
		const strOff = sh(link, 16);
		const strSize = sh(link, 20);
		if (strOff + strSize > bytes.length)
			throw new ElfError(`section ${link} (.strtab)`, 'outside the file');
		const name = (at: number) => {
			if (at >= strSize) throw new ElfError('symbol st_name', `offset ${at} outside .strtab`);
			let end = strOff + at;
			while (end < strOff + strSize && bytes[end] !== 0) end++;
			return UTF8.decode(bytes.subarray(strOff + at, end));
		};
		for (let s = off + 16; s + 16 <= off + size; s += 16) {
			const info = bytes[s + 12];
			const kind = STT_KINDS[info & 15] ?? 'notype';
			out.push({
				name: name(view.getUint32(s, true)),
				addr: view.getUint32(s + 4, true),
				size: view.getUint32(s + 8, true),
				kind,
				global: info >> 4 !== 0
			});
		}
	}
	return out;
}

const hex = (n: number) => (n >>> 0).toString(16);
/** Symbol names: UTF-8, invalid bytes replaced; any length (a spread of a huge name would throw). */
const UTF8 = new TextDecoder();

/**
 * The named sections of an ELF32 little-endian file (System V gABI, "Sections"), as views into the
 * file's bytes. Independent of the loader in ../elf.ts: it needs no program headers and accepts any
 * file type, so it also reads relocatable objects. Every offset is bounds-checked; problems are
 * returned, never thrown.
 */
import type { DwarfError } from './reader';

export interface ElfSections {
	/** Section name → its bytes (a view, not a copy). SHT_NOBITS and SHT_NULL sections are left out. */
	readonly sections: Map<string, Uint8Array>;
	readonly errors: DwarfError[];
}

const EHDR_SIZE = 52;
const SHDR_SIZE = 40;
const SHT_NULL = 0;
const SHT_NOBITS = 8;
const SHF_COMPRESSED = 0x800;
const SHN_XINDEX = 0xffff;
// Section names are bytes; latin1 maps each to one character and never fails.
const latin1 = new TextDecoder('latin1');

export function readElfSections(bytes: Uint8Array): ElfSections {
	const sections = new Map<string, Uint8Array>();
	const errors: DwarfError[] = [];
	const fail = (section: string, offset: number, message: string): ElfSections => {
		errors.push({ section, offset, message });
		return { sections, errors };
	};
	if (bytes.length < EHDR_SIZE) return fail('ELF header', 0, `file is ${bytes.length} bytes, too short`);
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const u16 = (o: number) => view.getUint16(o, true);
	const u32 = (o: number) => view.getUint32(o, true);
	if (u32(0) !== 0x464c457f) return fail('ELF header', 0, 'bad magic: not an ELF file');
	if (bytes[4] !== 1) return fail('ELF header', 4, `EI_CLASS ${bytes[4]}: only ELFCLASS32 is read`);
	if (bytes[5] !== 1) return fail('ELF header', 5, `EI_DATA ${bytes[5]}: only little-endian is read`);

	const shoff = u32(32);
	const shentsize = u16(46);
	let shnum = u16(48);
	let shstrndx = u16(50);
	if (shoff === 0) return { sections, errors }; // no section header table: nothing to name
	if (shentsize < SHDR_SIZE) return fail('ELF header', 46, `e_shentsize ${shentsize} is below 40`);
	const header = (i: number) => shoff + i * shentsize;
	const inFile = (off: number, size: number) => off <= bytes.length && size <= bytes.length - off;
	if (!inFile(shoff, SHDR_SIZE)) return fail('ELF header', 32, `e_shoff ${shoff} is outside the file`);
	// gABI "Section Header": with 0xff00 or more sections, e_shnum is 0 and section 0's sh_size holds
	// the count; e_shstrndx SHN_XINDEX means section 0's sh_link holds the index.
	if (shnum === 0) shnum = u32(shoff + 20);
	if (shstrndx === SHN_XINDEX) shstrndx = u32(shoff + 24);
	if (!inFile(shoff, shnum * shentsize))
		return fail('ELF header', 48, `${shnum} section headers at ${shoff} run past the end of the file`);
	if (shstrndx >= shnum) return fail('ELF header', 50, `e_shstrndx ${shstrndx} names no section`);

	const strOff = u32(header(shstrndx) + 16);
	const strSize = u32(header(shstrndx) + 20);
	if (!inFile(strOff, strSize))
		return fail('section headers', header(shstrndx), 'section name table is outside the file');
	const names = bytes.subarray(strOff, strOff + strSize);

	for (let i = 1; i < shnum; i++) {
		const h = header(i);
		const type = u32(h + 4);
		if (type === SHT_NULL || type === SHT_NOBITS) continue;
		const nameAt = u32(h);
		const nameEnd = names.indexOf(0, nameAt);
		if (nameAt >= names.length || nameEnd < 0) {
			errors.push({
				section: 'section headers',
				offset: h,
				message: `section ${i}: sh_name ${nameAt} is invalid`
			});
			continue;
		}
		const name = latin1.decode(names.subarray(nameAt, nameEnd));
		const flags = u32(h + 8);
		const off = u32(h + 16);
		const size = u32(h + 20);
		if (flags & SHF_COMPRESSED) {
			errors.push({
				section: name,
				offset: h,
				message: 'compressed section (SHF_COMPRESSED) is not supported'
			});
			continue;
		}
		if (!inFile(off, size)) {
			errors.push({
				section: name,
				offset: h,
				message: `contents (${size} bytes at ${off}) are outside the file`
			});
			continue;
		}
		if (!sections.has(name)) sections.set(name, bytes.subarray(off, off + size));
	}
	return { sections, errors };
}

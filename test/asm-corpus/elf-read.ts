/**
 * A minimal ELF32 little-endian reader for tests: section headers and symbols. Enough to compare the
 * assembler's output with GNU ld's, and to check writeElf; not the product's loader.
 */
export interface ElfSection {
	name: string;
	type: number;
	flags: number;
	addr: number;
	offset: number;
	size: number;
	link: number;
	info: number;
	align: number;
	entsize: number;
	data: Uint8Array;
}

export interface ElfSymbol {
	name: string;
	value: number;
	size: number;
	info: number;
	shndx: number;
}

export const SHT_NOBITS = 8;
const SHT_SYMTAB = 2;

export function readElf(bytes: Uint8Array): { entry: number; sections: ElfSection[]; symbols: ElfSymbol[] } {
	const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const u32 = (o: number) => dv.getUint32(o, true);
	const u16 = (o: number) => dv.getUint16(o, true);
	const shoff = u32(0x20);
	const shentsize = u16(0x2e);
	const shnum = u16(0x30);
	const shstrndx = u16(0x32);
	const raw = Array.from({ length: shnum }, (_, i) => {
		const o = shoff + i * shentsize;
		const s = {
			nameOff: u32(o),
			type: u32(o + 4),
			flags: u32(o + 8),
			addr: u32(o + 12),
			offset: u32(o + 16),
			size: u32(o + 20),
			link: u32(o + 24),
			info: u32(o + 28),
			align: u32(o + 32),
			entsize: u32(o + 36)
		};
		const data = s.type === SHT_NOBITS ? new Uint8Array(0) : bytes.subarray(s.offset, s.offset + s.size);
		return { ...s, data };
	});
	const str = (sec: { data: Uint8Array }, off: number) => {
		let end = off;
		while (end < sec.data.length && sec.data[end] !== 0) end++;
		return new TextDecoder().decode(sec.data.subarray(off, end));
	};
	const sections: ElfSection[] = raw.map((s) => ({ ...s, name: str(raw[shstrndx], s.nameOff) }));
	const symbols: ElfSymbol[] = [];
	for (const s of sections) {
		if (s.type !== SHT_SYMTAB) continue;
		const strtab = sections[s.link];
		for (let o = 16; o + 16 <= s.size; o += 16) {
			const sd = new DataView(s.data.buffer, s.data.byteOffset + o, 16);
			symbols.push({
				name: str(strtab, sd.getUint32(0, true)),
				value: sd.getUint32(4, true),
				size: sd.getUint32(8, true),
				info: sd.getUint8(12),
				shndx: sd.getUint16(14, true)
			});
		}
	}
	return { entry: u32(0x18), sections, symbols };
}

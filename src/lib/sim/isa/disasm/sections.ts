/**
 * The code sections of an ELF32 file, for disassembly.
 *
 * The ELF loader reads segments (what gets loaded); objdump -d lists *sections* with the
 * SHF_EXECINSTR flag. A linked program's first PT_LOAD segment usually also maps the ELF and
 * program headers, which are not code, so a listing by segment would begin with garbage. This
 * reads just the section headers (System V gABI, "Sections"). It never throws: a missing or
 * inconsistent section table gives undefined, and the caller falls back to the segments.
 */
import type { Segment } from '../program';

const SHT_PROGBITS = 1;
const SHF_EXECINSTR = 0x4;

export function codeSections(bytes: Uint8Array): Segment[] | undefined {
	if (bytes.length < 52) return undefined;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const u16 = (o: number) => view.getUint16(o, true);
	const u32 = (o: number) => view.getUint32(o, true);
	const shoff = u32(32);
	const shentsize = u16(46);
	const shnum = u16(48);
	const shstrndx = u16(50);
	if (shoff === 0 || shnum === 0 || shentsize < 40 || shstrndx >= shnum) return undefined;
	if (shoff + shnum * shentsize > bytes.length) return undefined;
	const header = (i: number) => {
		const o = shoff + i * shentsize;
		return {
			name: u32(o),
			type: u32(o + 4),
			flags: u32(o + 8),
			addr: u32(o + 12),
			offset: u32(o + 16),
			size: u32(o + 20)
		};
	};
	const strtab = header(shstrndx);
	if (strtab.offset + strtab.size > bytes.length) return undefined;
	const nameAt = (at: number) => {
		if (at >= strtab.size) return undefined;
		const start = strtab.offset + at;
		let end = start;
		while (end < strtab.offset + strtab.size && bytes[end] !== 0) end++;
		return new TextDecoder().decode(bytes.subarray(start, end));
	};

	const sections: Segment[] = [];
	for (let i = 1; i < shnum; i++) {
		const h = header(i);
		if (h.type !== SHT_PROGBITS || !(h.flags & SHF_EXECINSTR) || h.size === 0) continue;
		if (h.offset + h.size > bytes.length) return undefined;
		sections.push({
			addr: h.addr,
			data: bytes.slice(h.offset, h.offset + h.size),
			memSize: h.size,
			flags: { read: true, write: false, exec: true },
			name: nameAt(h.name) ?? `section ${i}`
		});
	}
	return sections.length > 0 ? sections : undefined;
}

/**
 * What disassembly needs from an ELF32 file's *section* table, which the ELF loader (segments
 * only) does not read: the code sections objdump lists, and the privileged-spec version recorded
 * in `.riscv.attributes`, by which objdump names CSRs.
 *
 * A linked program's first PT_LOAD segment usually also maps the ELF and program headers, so a
 * listing by segment would begin with garbage; objdump -d lists sections with SHF_EXECINSTR.
 * Layouts: System V gABI "Sections"; RISC-V psABI "Attributes". Nothing here throws: a missing
 * or inconsistent table gives undefined, and the caller falls back (segments; spec 1.12).
 */
import type { Segment } from '../program';
import { privSpecFromNumbers, type PrivSpec } from './privspec';

const SHT_PROGBITS = 1;
const SHT_RISCV_ATTRIBUTES = 0x70000003;
const SHF_EXECINSTR = 0x4;
const TAG_FILE = 1;
const TAG_PRIV_SPEC = 8;
const TAG_PRIV_SPEC_MINOR = 10;
const TAG_PRIV_SPEC_REVISION = 12;

interface SectionHeader {
	readonly name: string;
	readonly type: number;
	readonly flags: number;
	readonly addr: number;
	readonly data: Uint8Array;
}

/** All sections with their bytes (empty for NOBITS), or undefined if the table is unusable. */
function sectionHeaders(bytes: Uint8Array): SectionHeader[] | undefined {
	if (bytes.length < 52) return undefined;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const u16 = (o: number) => view.getUint16(o, true);
	const u32 = (o: number) => view.getUint32(o, true);
	const [shoff, shentsize, shnum, shstrndx] = [u32(32), u16(46), u16(48), u16(50)];
	if (shoff === 0 || shnum === 0 || shentsize < 40 || shstrndx >= shnum) return undefined;
	if (shoff + shnum * shentsize > bytes.length) return undefined;
	const raw = Array.from({ length: shnum }, (_, i) => {
		const o = shoff + i * shentsize;
		return {
			name: u32(o),
			type: u32(o + 4),
			flags: u32(o + 8),
			addr: u32(o + 12),
			offset: u32(o + 16),
			size: u32(o + 20)
		};
	});
	const inFile = (h: { type: number; offset: number; size: number }) =>
		h.type === 8 || h.offset + h.size <= bytes.length;
	if (!raw.every(inFile)) return undefined;
	const strtab = raw[shstrndx];
	const nameAt = (at: number) => {
		let end = strtab.offset + at;
		while (end < strtab.offset + strtab.size && bytes[end] !== 0) end++;
		return new TextDecoder().decode(bytes.subarray(strtab.offset + at, end));
	};
	return raw.map((h, i) => ({
		name: h.name < strtab.size ? nameAt(h.name) : `section ${i}`,
		type: h.type,
		flags: h.flags,
		addr: h.addr,
		data: h.type === 8 ? new Uint8Array(0) : bytes.subarray(h.offset, h.offset + h.size)
	}));
}

/** The code sections (SHF_EXECINSTR, with contents) as segments to list, or undefined. */
export function codeSections(bytes: Uint8Array): Segment[] | undefined {
	const sections = (sectionHeaders(bytes) ?? [])
		.filter((h) => h.type === SHT_PROGBITS && h.flags & SHF_EXECINSTR && h.data.length > 0)
		.map((h) => ({
			addr: h.addr,
			data: h.data.slice(),
			memSize: h.data.length,
			flags: { read: true, write: false, exec: true },
			name: h.name
		}));
	return sections.length > 0 ? sections : undefined;
}

/** The privileged spec the ELF says it targets (Tag_RISCV_priv_spec*), if it says one. */
export function elfPrivSpec(bytes: Uint8Array): PrivSpec | undefined {
	const attrs = sectionHeaders(bytes)?.find((h) => h.type === SHT_RISCV_ATTRIBUTES);
	if (!attrs) return undefined;
	const tags = fileAttributes(attrs.data);
	if (!tags || ![TAG_PRIV_SPEC, TAG_PRIV_SPEC_MINOR, TAG_PRIV_SPEC_REVISION].some((t) => tags.has(t)))
		return undefined;
	const n = (t: number) => tags.get(t) ?? 0;
	// objdump falls back to the newest spec for versions it does not know.
	return privSpecFromNumbers(n(TAG_PRIV_SPEC), n(TAG_PRIV_SPEC_MINOR), n(TAG_PRIV_SPEC_REVISION)) ?? '1.12';
}

/** Integer attributes of the "riscv" vendor's Tag_File subsection: 'A', length, vendor, tags. */
function fileAttributes(d: Uint8Array): Map<number, number> | undefined {
	if (d.length < 1 || d[0] !== 0x41) return undefined;
	const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
	const tags = new Map<number, number>();
	let pos = 1;
	const uleb = (): number => {
		let v = 0;
		let shift = 0;
		while (pos < d.length) {
			const b = d[pos++];
			v += (b & 0x7f) * 2 ** shift;
			shift += 7;
			if (!(b & 0x80)) break;
		}
		return v;
	};
	while (pos + 4 <= d.length) {
		const subEnd = pos + view.getUint32(pos, true);
		if (subEnd > d.length || subEnd <= pos) return undefined;
		let p = pos + 4;
		const vendorEnd = d.indexOf(0, p);
		if (vendorEnd < 0 || vendorEnd >= subEnd) return undefined;
		const vendor = new TextDecoder().decode(d.subarray(p, vendorEnd));
		p = vendorEnd + 1;
		while (vendor === 'riscv' && p + 5 <= subEnd) {
			const tag = d[p];
			const end = p + view.getUint32(p + 1, true);
			if (end > subEnd || end <= p) return undefined;
			pos = p + 5;
			while (tag === TAG_FILE && pos < end) {
				const t = uleb();
				if (t % 2 === 1) {
					// Odd tags hold NUL-terminated strings (e.g. Tag_RISCV_arch).
					const z = d.indexOf(0, pos);
					pos = z < 0 ? end : z + 1;
				} else tags.set(t, uleb());
			}
			p = end;
		}
		pos = subEnd;
	}
	return tags;
}

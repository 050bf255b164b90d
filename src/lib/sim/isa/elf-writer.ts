/**
 * ELF32 writer: a Program as a RISC-V executable that GNU tools (readelf, objdump), QEMU and
 * vmscope's own loader accept. Layout, in file order: ELF header, program headers (one PT_LOAD per
 * segment), segment contents, .symtab, .strtab, .shstrtab, section headers.
 * Field meanings are from the System V gABI (ELF32) and the RISC-V psABI ("ELF Object Files":
 * EM_RISCV = 243; e_flags 0 = soft-float ABI, no RVC).
 */
import type { Program, ProgramSymbol, SymbolKind } from './program';

const EHDR = 52;
const PHDR = 32;
const SHDR = 40;
const SYM = 16;
const PAGE = 0x1000;

const ET_EXEC = 2;
const EM_RISCV = 243;
const PT_LOAD = 1;
const [PF_X, PF_W, PF_R] = [1, 2, 4];
const [SHT_PROGBITS, SHT_SYMTAB, SHT_STRTAB, SHT_NOBITS] = [1, 2, 3, 8];
const [SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR] = [1, 2, 4];
const SHN_ABS = 0xfff1;
const STT: Record<SymbolKind, number> = { notype: 0, object: 1, func: 2, section: 3, file: 4 };
const [STB_LOCAL, STB_GLOBAL] = [0, 1];

/** A string table: NUL first, each name once. */
class StringTable {
	private readonly parts: Uint8Array[] = [new Uint8Array(1)];
	private size = 1;
	private readonly seen = new Map<string, number>();
	add(s: string): number {
		if (s === '') return 0;
		const known = this.seen.get(s);
		if (known !== undefined) return known;
		const bytes = new TextEncoder().encode(`${s}\0`);
		const off = this.size;
		this.parts.push(bytes);
		this.size += bytes.length;
		this.seen.set(s, off);
		return off;
	}
	bytes(): Uint8Array {
		const out = new Uint8Array(this.size);
		let o = 0;
		for (const p of this.parts) {
			out.set(p, o);
			o += p.length;
		}
		return out;
	}
}

interface SectionHeader {
	name: number;
	type: number;
	flags: number;
	addr: number;
	offset: number;
	size: number;
	link: number;
	info: number;
	align: number;
	entsize: number;
}

const alignUp = (v: number, a: number) => Math.ceil(v / a) * a;
/** The largest power of two (up to 16) that divides addr: a plausible sh_addralign. */
function naturalAlign(addr: number): number {
	let a = 1;
	while (a < 16 && addr % (a * 2) === 0) a *= 2;
	return a;
}

export function writeElf(program: Program): Uint8Array {
	const segs = program.segments;
	const shstr = new StringTable();
	const strtab = new StringTable();
	const headers: SectionHeader[] = [
		{ name: 0, type: 0, flags: 0, addr: 0, offset: 0, size: 0, link: 0, info: 0, align: 0, entsize: 0 }
	];
	const chunks: { offset: number; data: Uint8Array }[] = [];

	// Segment contents: file offset congruent to the address modulo the page size, as loaders expect.
	let offset = EHDR + PHDR * segs.length;
	const phdrs = segs.map((seg, k) => {
		if (seg.data.length > 0) {
			offset = alignUp(offset - (seg.addr % PAGE), PAGE) + (seg.addr % PAGE);
			if (offset < EHDR + PHDR * segs.length) offset += PAGE;
		}
		const fileOff = offset;
		chunks.push({ offset: fileOff, data: seg.data });
		offset += seg.data.length;
		const flags =
			(seg.flags.read ? PF_R : 0) | (seg.flags.write ? PF_W : 0) | (seg.flags.exec ? PF_X : 0);
		const shFlags = SHF_ALLOC | (seg.flags.write ? SHF_WRITE : 0) | (seg.flags.exec ? SHF_EXECINSTR : 0);
		const name = seg.name ?? `.segment${k}`;
		const align = naturalAlign(seg.addr);
		if (seg.data.length > 0 || seg.memSize === 0) {
			headers.push({
				name: shstr.add(name),
				type: SHT_PROGBITS,
				flags: shFlags,
				addr: seg.addr,
				offset: fileOff,
				size: seg.data.length,
				link: 0,
				info: 0,
				align,
				entsize: 0
			});
		}
		if (seg.memSize > seg.data.length) {
			headers.push({
				name: shstr.add(seg.data.length > 0 ? `${name}.bss` : name),
				type: SHT_NOBITS,
				flags: shFlags,
				addr: seg.addr + seg.data.length,
				offset: fileOff + seg.data.length,
				size: seg.memSize - seg.data.length,
				link: 0,
				info: 0,
				align: seg.data.length > 0 ? 1 : align,
				entsize: 0
			});
		}
		return { fileOff, seg, flags };
	});

	// Symbols: locals first (gABI: sh_info is one past the last local).
	const sectionOf = (s: ProgramSymbol): number => {
		for (let i = 1; i < headers.length; i++) {
			const h = headers[i];
			if (s.addr >= h.addr && s.addr < h.addr + Math.max(h.size, 1)) return i;
		}
		for (let i = 1; i < headers.length; i++) if (s.addr === headers[i].addr + headers[i].size) return i;
		return SHN_ABS;
	};
	const named = program.symbols.filter((s) => s.kind !== 'section' && s.name !== '');
	const ordered = [...named.filter((s) => !s.global), ...named.filter((s) => s.global)];
	const symtab = new Uint8Array(SYM * (ordered.length + 1));
	const sv = new DataView(symtab.buffer);
	ordered.forEach((s, k) => {
		const o = SYM * (k + 1);
		sv.setUint32(o, strtab.add(s.name), true);
		sv.setUint32(o + 4, s.addr >>> 0, true);
		sv.setUint32(o + 8, s.size >>> 0, true);
		sv.setUint8(o + 12, ((s.global ? STB_GLOBAL : STB_LOCAL) << 4) | STT[s.kind]);
		sv.setUint16(o + 14, s.kind === 'file' ? SHN_ABS : sectionOf(s), true);
	});
	const firstGlobal = 1 + ordered.filter((s) => !s.global).length;

	const symtabIndex = headers.length;
	const tables: [string, number, Uint8Array, number][] = [
		['.symtab', SHT_SYMTAB, symtab, 4],
		['.strtab', SHT_STRTAB, strtab.bytes(), 1]
	];
	const shstrtabName = shstr.add('.shstrtab');
	for (const [name, type, data, align] of tables) {
		offset = alignUp(offset, align);
		headers.push({
			name: shstr.add(name),
			type,
			flags: 0,
			addr: 0,
			offset,
			size: data.length,
			link: type === SHT_SYMTAB ? symtabIndex + 1 : 0,
			info: type === SHT_SYMTAB ? firstGlobal : 0,
			align,
			entsize: type === SHT_SYMTAB ? SYM : 0
		});
		chunks.push({ offset, data });
		offset += data.length;
	}
	const shstrData = shstr.bytes();
	headers.push({
		name: shstrtabName,
		type: SHT_STRTAB,
		flags: 0,
		addr: 0,
		offset,
		size: shstrData.length,
		link: 0,
		info: 0,
		align: 1,
		entsize: 0
	});
	chunks.push({ offset, data: shstrData });
	offset += shstrData.length;
	const shoff = alignUp(offset, 4);

	const out = new Uint8Array(shoff + SHDR * headers.length);
	const v = new DataView(out.buffer);
	// e_ident: magic, ELFCLASS32, ELFDATA2LSB, EV_CURRENT, ELFOSABI_SYSV.
	out.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0]);
	v.setUint16(16, ET_EXEC, true);
	v.setUint16(18, EM_RISCV, true);
	v.setUint32(20, 1, true); // e_version
	v.setUint32(24, program.entry >>> 0, true);
	v.setUint32(28, segs.length ? EHDR : 0, true); // e_phoff
	v.setUint32(32, shoff, true);
	v.setUint32(36, 0, true); // e_flags: soft-float, no RVC
	v.setUint16(40, EHDR, true);
	v.setUint16(42, PHDR, true);
	v.setUint16(44, segs.length, true);
	v.setUint16(46, SHDR, true);
	v.setUint16(48, headers.length, true);
	v.setUint16(50, headers.length - 1, true); // e_shstrndx
	phdrs.forEach(({ fileOff, seg, flags }, k) => {
		const o = EHDR + PHDR * k;
		v.setUint32(o, PT_LOAD, true);
		v.setUint32(o + 4, fileOff, true);
		v.setUint32(o + 8, seg.addr >>> 0, true); // p_vaddr
		v.setUint32(o + 12, seg.addr >>> 0, true); // p_paddr
		v.setUint32(o + 16, seg.data.length, true);
		v.setUint32(o + 20, seg.memSize, true);
		v.setUint32(o + 24, flags, true);
		v.setUint32(o + 28, PAGE, true);
	});
	for (const c of chunks) out.set(c.data, c.offset);
	headers.forEach((h, k) => {
		const o = shoff + SHDR * k;
		const fields = [
			h.name,
			h.type,
			h.flags,
			h.addr,
			h.offset,
			h.size,
			h.link,
			h.info,
			h.align,
			h.entsize
		];
		fields.forEach((f, j) => v.setUint32(o + 4 * j, f >>> 0, true));
	});
	return out;
}

/**
 * The session's read-only views of a machine, as plain data: CSRs, a memory range, the page table
 * satp points at, device state, and the source line of a pc. Pure reads: none changes the machine.
 */
import { CSR_TABLE } from '../hart/csr-file';
import type { Hart } from '../hart/hart';
import { CSR_NAME } from '../isa/csrs';
import { functionFor, lineFor } from '../isa/dwarf';
import { symbolAt, type Program } from '../isa/program';
import type { Ram } from '../bus/ram';
import type { Machine } from '../machine/machine';
import { readPageTable, type PageMapping } from '../mmu/page-table';
import { satpMode, satpPpn } from '../mmu/translate';
import type { CsrView, DevicesView, MemoryView, SourceView } from './types';

/** Every implemented CSR, read through the CSR file's read functions (none has side effects). */
export function csrsOf(h: Hart): CsrView[] {
	const out: CsrView[] = [];
	CSR_TABLE.forEach((d, num) => {
		if (d) out.push({ num, name: CSR_NAME.get(num) ?? `csr${num}`, value: d.read(h) >>> 0 });
	});
	return out;
}

/** Up to 1 MiB from addr; bytes outside RAM read as 0 and `inRam` says whether all were in it. */
export function memoryOf(ram: Ram, addr: number, length: number): MemoryView {
	const len = Math.max(0, Math.min(length, 1 << 20));
	const bytes = new Uint8Array(len);
	const off = ram.offset(addr >>> 0, len);
	if (off >= 0) bytes.set(ram.u8.subarray(off, off + len));
	else
		for (let i = 0; i < len; i++) {
			const o = ram.offset((addr + i) >>> 0);
			if (o >= 0) bytes[i] = ram.u8[o];
		}
	return { addr: addr >>> 0, bytes, inRam: off >= 0 };
}

/** The mappings of the table satp points at, or null with paging off (satp.MODE = Bare, §4.1.11). */
export function pageTableOf(h: Hart, ram: Ram): PageMapping[] | null {
	const satp = CSR_TABLE[0x180]?.read(h);
	if (satp === undefined || satpMode(satp) === 0) return null;
	return readPageTable((paddr) => {
		const off = ram.offset(paddr >>> 0, 4);
		return off >= 0 && off % 4 === 0 ? ram.i32[off >>> 2] >>> 0 : undefined;
	}, satpPpn(satp));
}

export function devicesOf(m: Machine): DevicesView {
	return {
		uart: structuredClone(m.uart.snapshot()),
		clint: structuredClone(m.clint.snapshot()),
		mtime: m.time(),
		pending: m.events.pending().map((e) => ({ cycle: e.cycle, kind: e.kind }))
	};
}

/** The source line (DWARF or the assembler's line table) and the function or nearest symbol of pc. */
export function sourceOf(program: Program | undefined, pc: number): SourceView {
	const at = pc >>> 0;
	const row = program ? lineFor(program.lines, at) : undefined;
	const fn = program ? functionFor(program.symbols, at) : undefined;
	const near = fn ? { symbol: fn, offset: at - fn.addr } : program ? symbolAt(program, at) : undefined;
	return {
		pc: at,
		file: row && row.line > 0 ? row.file : null,
		line: row && row.line > 0 ? row.line : null,
		symbol: near?.symbol.name ?? null,
		offset: near?.offset ?? 0
	};
}

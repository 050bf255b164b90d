/**
 * The hart's side of Sv32 (privileged §4.3): which accesses are translated, the windows the interpreter
 * loop reads RAM through, and the page walker's view of physical memory.
 *
 * The decode cache is keyed by physical RAM word, so translation only has to say which physical page
 * the fetch pc is on. The loop keeps one fetch window: with translation off it is all of RAM (the bare
 * fast path, unchanged); with it on, it is the current 4 KiB page, and leaving it (or any event that
 * may change the mapping: a trap, xRET, a satp or mstatus write, SFENCE.VMA) sends the next fetch back
 * here to translate again through the MMU's TLB. Loads and stores have a window each, opened on the
 * page the slow path (memory.ts) last translated for them.
 */
import {
	ACCESS_FAULT_CAUSE,
	ACCESS_FETCH,
	ACCESS_LOAD,
	ACCESS_STORE,
	PRIV_M,
	PRIV_S,
	effectivePrivilege,
	type Access,
	type Privilege,
	type PteMemory
} from '../mmu';
import { Cause, Mode } from './causes';
import { MSTATUS_MPP, MSTATUS_MPRV, MSTATUS_MXR, MSTATUS_SUM } from './csr-bits';
import type { Hart } from './hart';
import { pmpAllows, pmpChecks } from './pmp';

/** The first physical address outside Sv32's reach of this bus: paddr ≥ 2^32 raises an access fault. */
const PHYS_LIMIT = 2 ** 32;

/** The mstatus bits translation depends on (§3.1.6.3): the windows are derived under them. */
const TRANSLATION_MSTATUS = MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_SUM | MSTATUS_MXR;

/**
 * At the start of a slice: keep the windows when nothing they were derived under has changed since
 * (satp, mode, mstatus's translation bits, the TLB's generation, which every flush bumps), as they
 * would have stayed open had the slice gone on. So a slice boundary costs no TLB lookup, and the TLB
 * counts do not depend on how a run is sliced (run N, or N single steps). Without a TLB every
 * translation walks, so a PTE changed between slices must be seen: derive the windows afresh.
 */
export function refreshWindows(h: Hart): void {
	const tlb = h.mmu.tlb;
	if (
		tlb === null ||
		h.satp !== h.windowSatp ||
		h.mode !== h.windowMode ||
		(h.mstatus & TRANSLATION_MSTATUS) !== h.windowMstatus ||
		tlb.generation !== h.windowGeneration
	)
		updateWindows(h);
}

/** Recompute the loop's fetch and data windows after anything that may change translation. */
export function updateWindows(h: Hart): void {
	h.windowSatp = h.satp;
	h.windowMode = h.mode;
	h.windowMstatus = h.mstatus & TRANSLATION_MSTATUS;
	h.windowGeneration = h.mmu.tlb?.generation ?? -1;
	const sv32 = h.satp < 0; // satp.MODE is bit 31
	// Fetches and data go through the slow path when translated, or when PMP decides them.
	h.fetchPaged = (sv32 && h.mode !== Mode.Machine) || pmpChecks(h.pmp, h.mode as Privilege);
	if (h.fetchPaged)
		h.fetchSize = 0; // translate at the next fetch
	else {
		h.fetchBase = h.ram.base | 0;
		h.fetchSize = h.ram.size;
		h.fetchWord = 0;
	}
	const data = effectivePrivilege(h.mode as Privilege, h.mstatus, ACCESS_LOAD);
	h.dataPaged = (sv32 && data !== PRIV_M) || pmpChecks(h.pmp, data);
	h.loadBase = h.storeBase = h.ram.base | 0;
	h.loadDelta = h.storeDelta = 0;
	h.loadSize = h.storeSize = h.dataPaged ? 0 : h.ram.size;
}

/**
 * After a translated access inside one page: point the load (or store) window at that page, when it is
 * RAM, so the loop's inline path serves the next accesses to it. A store window is only opened by a
 * store, whose translation checked W and set D.
 */
export function openDataWindow(h: Hart, va: number, access: Access): void {
	const off = h.physLo - h.ram.base;
	if (!(off >= 0 && off < h.ram.size)) return;
	const priv = effectivePrivilege(h.mode as Privilege, h.mstatus, access);
	if (pmpChecks(h.pmp, priv) && !pmpAllows(h.pmp, h.physLo - (va & 0xfff), 4096, access, priv)) return;
	const inPage = va & 0xfff;
	if (access === ACCESS_LOAD) {
		h.loadBase = (va - inPage) | 0;
		h.loadSize = 4096;
		h.loadDelta = off - inPage;
	} else {
		h.storeBase = (va - inPage) | 0;
		h.storeSize = 4096;
		h.storeDelta = off - inPage;
	}
}

/**
 * Translate the fetch pc and open the window on its page. Returns 0, or the exception cause (page
 * fault 12, or access fault 1 when the page is not RAM: this hart fetches only from RAM).
 */
export function translateFetch(h: Hart, pc: number): number {
	const priv = h.mode as Privilege;
	const cause = h.mmu.translate(pc, ACCESS_FETCH, priv, h.satp, false, false);
	if (cause !== 0) return cause;
	const pa = h.mmu.paddr;
	const off = pa - h.ram.base;
	if (!(off >= 0 && off < h.ram.size)) return Cause.InstructionAccessFault;
	const inPage = pc & 0xfff;
	if (pmpChecks(h.pmp, priv)) {
		if (!pmpAllows(h.pmp, pa, 4, ACCESS_FETCH, priv)) return Cause.InstructionAccessFault;
		// A page PMP does not allow whole gets a window of this one instruction.
		if (!pmpAllows(h.pmp, pa - inPage, 4096, ACCESS_FETCH, priv)) {
			h.fetchBase = pc | 0;
			h.fetchSize = 4;
			h.fetchWord = off >>> 2;
			return 0;
		}
	}
	h.fetchBase = (pc - inPage) | 0;
	h.fetchSize = 4096;
	h.fetchWord = (off - inPage) >>> 2;
	return 0;
}

/**
 * Translate a data access of `size` bytes at `va` (loads as ACCESS_LOAD; stores, SC and AMOs as
 * ACCESS_STORE), at the effective privilege (MPRV, §3.1.6.3). Returns 0 with the physical address of
 * each byte available from physOf(), or the cause with h.faultAddress = the virtual address of the part
 * that faulted (§3.1.16: for a misaligned access, "the portion of the access that caused the fault").
 */
export function translateData(h: Hart, va: number, size: number, access: Access): number {
	const s = h.mstatus;
	const priv = effectivePrivilege(h.mode as Privilege, s, access);
	const sum = (s & MSTATUS_SUM) !== 0;
	const mxr = (s & MSTATUS_MXR) !== 0;
	const v = va >>> 0;
	let cause = h.mmu.translate(v, access, priv, h.satp, sum, mxr);
	h.faultAddress = v;
	if (cause !== 0) return cause;
	h.physLo = h.mmu.paddr;
	const first = 4096 - (v & 0xfff);
	h.splitAt = size > first ? first : size;
	const pmp = pmpChecks(h.pmp, priv);
	// §3.7.1: PMP checks the physical address of each part (its own page's) after translation.
	if (pmp && !pmpAllows(h.pmp, h.physLo, h.splitAt, access, priv)) return ACCESS_FAULT_CAUSE[access];
	if (size > first) {
		// §4.3.2: an access crossing a page boundary translates each page; either may fault.
		const v2 = (v + first) >>> 0;
		cause = h.mmu.translate(v2, access, priv, h.satp, sum, mxr);
		if (cause !== 0) {
			h.faultAddress = v2;
			return cause;
		}
		h.physHi = h.mmu.paddr - first;
		if (pmp && !pmpAllows(h.pmp, h.mmu.paddr, size - first, access, priv)) {
			h.faultAddress = v2;
			return ACCESS_FAULT_CAUSE[access];
		}
	}
	return 0;
}

/** Physical address of byte k of the last translated access (k < size). */
export function physOf(h: Hart, k: number): number {
	return k < h.splitAt ? h.physLo + k : h.physHi + k;
}

/** True when byte range [p, p + n) lies below 4 GiB (Sv32 reaches 2^34; this bus ends at 2^32). */
export function physReachable(p: number, n: number): boolean {
	return p + n <= PHYS_LIMIT;
}

/**
 * Physical memory for the page walker: PTEs live in RAM only (anything else fails the PMA check and
 * raises an access fault, §4.3.2 step 2). A/D updates are stores through the RAM path, so they drop
 * decoded instructions in that word and break this hart's reservation on it.
 */
export function ramPteMemory(h: Hart): PteMemory {
	return {
		// §3.7.1: "PMP checks are also applied to page-table accesses for virtual-address translation,
		// for which the effective privilege mode is S."
		readPte(paddr) {
			const off = h.ram.offset(paddr, 4);
			if (!h.pmp.openBelowM && !pmpAllows(h.pmp, paddr, 4, ACCESS_LOAD, PRIV_S)) return undefined;
			return paddr < PHYS_LIMIT && off >= 0 ? h.ram.i32[off >>> 2] : undefined;
		},
		writePte(paddr, value) {
			const off = h.ram.offset(paddr, 4);
			if (!(paddr < PHYS_LIMIT && off >= 0)) return false;
			if (!h.pmp.openBelowM && !pmpAllows(h.pmp, paddr, 4, ACCESS_STORE, PRIV_S)) return false;
			h.ram.write(off, 4, value);
			if (h.reservation === paddr) h.reservation = -1;
			return true;
		}
	};
}

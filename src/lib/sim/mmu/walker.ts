/**
 * The page walker: Privileged ISA 1.12 §4.3.2 "Virtual Address Translation Process", step by step, for
 * any scheme described by a PagingScheme (Sv32 now, Sv32x4 for the hypervisor's G-stage later).
 *
 * The caller supplies physical memory through two callbacks, resolves MPRV into an effective privilege,
 * and picks how A/D bits are kept. Nothing here throws: a guest fault is a value. The allocating
 * `pageWalk` returns a discriminated union; `walkInto` fills a reusable WalkOutcome for the hot path.
 * Pass a WalkRecord to either to log every memory reference for the visualisation.
 */
import {
	ACCESS_FAULT_CAUSE,
	ACCESS_FETCH,
	ACCESS_STORE,
	PAGE_FAULT_CAUSE,
	PRIV_U,
	PTE_A,
	PTE_D,
	PTE_G,
	PTE_PPN_SHIFT,
	PTE_R,
	PTE_U,
	PTE_V,
	PTE_W,
	PTE_X,
	type Access,
	type AccessFaultCause,
	type PageFaultCause,
	type PagingScheme,
	type Privilege
} from './scheme';
import { WalkRecord, type WalkFaultReason } from './walk-record';

export * from './scheme';
export {
	WalkRecord,
	formatWalkRecord,
	type WalkDecision,
	type WalkFaultReason,
	type WalkStep
} from './walk-record';

/** Physical memory as the walker sees it. `undefined` / `false` mean the PMA/PMP check failed. */
export interface PteMemory {
	readPte(paddr: number): number | undefined;
	writePte(paddr: number, value: number): boolean;
}

/**
 * §4.3.1 allows two schemes for A and D: 'hardware' sets them in the PTE during the walk; 'fault' raises a
 * page fault so software sets them (as Svade does).
 */
export type AdMode = 'hardware' | 'fault';

/** Everything a walk depends on besides the address and access type. Reusable: callers mutate it. */
export interface WalkRequest {
	scheme: PagingScheme;
	/** satp.PPN (or hgatp.PPN for a G-stage walk). */
	rootPpn: number;
	/** Effective privilege: the caller applies MPRV/MPP. Anything but U is checked as S. */
	priv: Privilege;
	/** mstatus.SUM */
	sum: boolean;
	/** mstatus.MXR */
	mxr: boolean;
	adMode: AdMode;
	memory: PteMemory;
}

export interface WalkOk {
	ok: true;
	/** Physical address, up to 2^34 for Sv32: callers decide what lies above 4 GiB. */
	paddr: number;
	/** The leaf PTE as it is after any A/D update. */
	pte: number;
	pteAddr: number;
	/** Level of the leaf: 0 for a 4 KiB page, 1 for a 4 MiB megapage in Sv32. */
	level: number;
	pageSize: number;
	/** The leaf's flag byte (PTE_V..PTE_D), with PTE_G set if any PTE on the path had G (§4.3.1). */
	perms: number;
}

export interface WalkFault {
	ok: false;
	cause: PageFaultCause | AccessFaultCause;
	/** The faulting virtual address, for xtval. */
	tval: number;
	/** Level at which the walk stopped. */
	level: number;
	reason: WalkFaultReason;
}

export type WalkResult = WalkOk | WalkFault;

/** The mutable form of WalkResult that walkInto fills, so a walk allocates nothing. */
export class WalkOutcome {
	ok = false;
	paddr = 0;
	pte = 0;
	pteAddr = 0;
	level = 0;
	pageSize = 0;
	perms = 0;
	cause: PageFaultCause | AccessFaultCause = 13;
	tval = 0;
	reason: WalkFaultReason = 'invalid';

	toResult(): WalkResult {
		if (this.ok) {
			const { paddr, pte, pteAddr, level, pageSize, perms } = this;
			return { ok: true, paddr, pte, pteAddr, level, pageSize, perms };
		}
		return { ok: false, cause: this.cause, tval: this.tval, level: this.level, reason: this.reason };
	}
}

/**
 * §4.3.2 step 5: may this leaf be used for this access?
 * §4.3.1: "U-mode software may only access the page when U=1. If the SUM bit in the sstatus register is
 * set, supervisor mode software may also access pages with U=1. ... Irrespective of SUM, the supervisor
 * may not execute code on pages with U=1."
 * §3.1.6.3: "When MXR=1, loads from pages marked either readable or executable (R=1 or X=1) will succeed."
 */
export function leafPermits(
	pte: number,
	access: Access,
	priv: Privilege,
	sum: boolean,
	mxr: boolean
): boolean {
	if (priv === PRIV_U) {
		if ((pte & PTE_U) === 0) return false;
	} else if (pte & PTE_U) {
		if (access === ACCESS_FETCH || !sum) return false;
	}
	if (access === ACCESS_FETCH) return (pte & PTE_X) !== 0;
	if (access === ACCESS_STORE) return (pte & PTE_W) !== 0;
	return (pte & PTE_R) !== 0 || (mxr && (pte & PTE_X) !== 0);
}

function fault(
	out: WalkOutcome,
	rec: WalkRecord | undefined,
	kind: 'page' | 'access',
	access: Access,
	va: number,
	level: number,
	reason: WalkFaultReason
): false {
	out.ok = false;
	out.cause = kind === 'page' ? PAGE_FAULT_CAUSE[access] : ACCESS_FAULT_CAUSE[access];
	out.tval = va;
	out.level = level;
	out.reason = reason;
	if (rec) rec.finishFault(out.cause, reason);
	return false;
}

/**
 * Walks the page table for `va` (a number; a negative int32 is taken as its unsigned value) and fills
 * `out`. Returns out.ok. Allocates nothing unless `rec` is given.
 */
export function walkInto(
	out: WalkOutcome,
	req: WalkRequest,
	vaIn: number,
	access: Access,
	rec?: WalkRecord
): boolean {
	const s = req.scheme;
	const mem = req.memory;
	const va = vaIn < 0 ? vaIn >>> 0 : vaIn;
	const pageSize = s.levelPageSize[0];
	if (rec) rec.begin(s.name, va, access, req.priv, req.rootPpn);
	// Sv32x4 §8.5.1: guest physical address bits above 33 must be zero (a 32-bit va always fits Sv32).
	if (va >= s.vaLimit) return fault(out, rec, 'page', access, va, s.levels - 1, 'address-range');

	// Step 1: "Let a be satp.ppn × PAGESIZE, and let i = LEVELS − 1."
	let a = req.rootPpn * pageSize;
	let i = s.levels - 1;
	let global = false;
	let pte: number;
	let pteAddr: number;
	let vpn: number;
	for (;;) {
		// Step 2: "Let pte be the value of the PTE at address a + va.vpn[i] × PTESIZE. If accessing pte
		// violates a PMA or PMP check, raise an access-fault exception corresponding to the original access type."
		vpn = ((va / s.levelPageSize[i]) >>> 0) & s.vpnMask[i];
		pteAddr = a + vpn * s.pteSize;
		const raw = mem.readPte(pteAddr);
		if (raw === undefined) {
			if (rec) rec.step(i, a, vpn, pteAddr, null, 'pte-read-fault');
			return fault(out, rec, 'access', access, va, i, 'pte-read-fault');
		}
		pte = raw >>> 0;
		// Step 3: "If pte.v = 0, or if pte.r = 0 and pte.w = 1, ... stop and raise a page-fault exception".
		// Sv32 has no reserved PTE bits (RSW, bits 9:8, is for software).
		if ((pte & PTE_V) === 0 || (pte & (PTE_R | PTE_W)) === PTE_W) {
			const reason = (pte & PTE_V) === 0 ? 'invalid' : 'reserved-wx';
			if (rec) rec.step(i, a, vpn, pteAddr, pte, reason);
			return fault(out, rec, 'page', access, va, i, reason);
		}
		// §4.3.1: "For non-leaf PTEs, the global setting implies that all mappings in the subsequent
		// levels of the page table are global."
		if (pte & PTE_G) global = true;
		// Step 4: "If pte.r = 1 or pte.x = 1, go to step 5. Otherwise, this PTE is a pointer to the next
		// level of the page table. Let i = i − 1. If i < 0, stop and raise a page-fault exception".
		if (pte & (PTE_R | PTE_X)) break;
		if (i === 0) {
			if (rec) rec.step(i, a, vpn, pteAddr, pte, 'no-leaf');
			return fault(out, rec, 'page', access, va, i, 'no-leaf');
		}
		if (rec) rec.step(i, a, vpn, pteAddr, pte, 'next');
		i--;
		// "Otherwise, let a = pte.ppn × PAGESIZE and go to step 2."
		a = (pte >>> PTE_PPN_SHIFT) * pageSize;
	}

	// Step 5: "A leaf PTE has been found. Determine if the requested memory access is allowed by the
	// pte.r, pte.w, pte.x, and pte.u bits, given the current privilege mode and ... SUM and MXR".
	if (!leafPermits(pte, access, req.priv, req.sum, req.mxr)) {
		if (rec) rec.step(i, a, vpn, pteAddr, pte, 'permission');
		return fault(out, rec, 'page', access, va, i, 'permission');
	}
	// Step 6: "If i > 0 and pte.ppn[i − 1 : 0] ≠ 0, this is a misaligned superpage; stop and raise a
	// page-fault exception corresponding to the original access type."
	const ppn = pte >>> PTE_PPN_SHIFT;
	if (i > 0 && (ppn & s.superpagePpnMask[i]) !== 0) {
		if (rec) rec.step(i, a, vpn, pteAddr, pte, 'misaligned-superpage');
		return fault(out, rec, 'page', access, va, i, 'misaligned-superpage');
	}
	// Step 7: "If pte.a = 0, or if the original memory access is a store and pte.d = 0, either raise a
	// page-fault exception corresponding to the original access type, or: [set A, and D on a store]".
	const need = access === ACCESS_STORE ? PTE_A | PTE_D : PTE_A;
	if ((pte & need) !== need) {
		if (req.adMode === 'fault') {
			if (rec) rec.step(i, a, vpn, pteAddr, pte, 'accessed-dirty');
			return fault(out, rec, 'page', access, va, i, 'accessed-dirty');
		}
		const updated = (pte | need) >>> 0;
		// "If a store to pte would violate a PMA or PMP check, raise an access-fault exception". The
		// compare-and-set that follows cannot fail here: a walk runs within one hart's step, and no other
		// store is interleaved with it.
		const written = mem.writePte(pteAddr, updated);
		if (rec) {
			rec.step(i, a, vpn, pteAddr, pte, written ? 'leaf' : 'pte-write-fault');
			rec.adWrite(pte, updated, written);
		}
		if (!written) return fault(out, rec, 'access', access, va, i, 'pte-write-fault');
		pte = updated;
	} else if (rec) rec.step(i, a, vpn, pteAddr, pte, 'leaf');

	// Step 8: "pa.pgoff = va.pgoff. If i > 0, then this is a superpage translation and
	// pa.ppn[i − 1 : 0] = va.vpn[i − 1 : 0]. pa.ppn[LEVELS − 1 : i] = pte.ppn[LEVELS − 1 : i]."
	// Step 6 made pte.ppn[i-1:0] zero, so adding the in-page offset composes both.
	const size = s.levelPageSize[i];
	out.ok = true;
	out.paddr = ppn * pageSize + (va % size);
	out.pte = pte;
	out.pteAddr = pteAddr;
	out.level = i;
	out.pageSize = size;
	out.perms = (pte & 0xff) | (global ? PTE_G : 0);
	if (rec) rec.finishOk(out.paddr, out.perms);
	return true;
}

const scratch = new WalkOutcome();

/** One walk, returning a fresh result object (convenient for tests, tools and the viz). */
export function pageWalk(req: WalkRequest, va: number, access: Access, rec?: WalkRecord): WalkResult {
	walkInto(scratch, req, va, access, rec);
	return scratch.toResult();
}

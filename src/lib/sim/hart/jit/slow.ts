/**
 * A load or store that missed a block's window, done inside the block when the interpreter's slow
 * path would do nothing but translate through the TLB (a hit), access RAM and move the window: then
 * calling that same slow path (memory.ts) from the block changes exactly what the interpreter would,
 * in the same order, and nothing it does reads the clock. Anything else leaves the block for the
 * interpreter: a TLB miss walks, a fault traps, MMIO devices read the clock, a page-crossing access
 * splits, translation observers stamp events with the cycle, and a store into a word holding a
 * decoded instruction may rewrite the running block.
 */
import type { AccessSize } from '../../devices/device';
import { ACCESS_LOAD, ACCESS_STORE, effectivePrivilege, type Access, type Privilege } from '../../mmu';
import { MSTATUS_MXR, MSTATUS_SUM } from '../csr-bits';
import type { Hart } from '../hart';
import { load, store } from '../memory';
import { pmpAllows, pmpChecks } from '../pmp';

/** The RAM offset of an access the slow path would serve from a TLB hit on RAM, else -1. */
function ramHit(h: Hart, addr: number, size: AccessSize, access: Access): number {
	const mmu = h.mmu;
	if (mmu.onLookup !== null || mmu.onWalk !== null) return -1;
	if (h.misalignedTrap && addr & (size - 1)) return -1;
	const v = addr >>> 0;
	if ((v & 0xfff) + size > 4096) return -1;
	const s = h.mstatus;
	const priv = effectivePrivilege(h.mode as Privilege, s, access);
	const pa = mmu.wouldHit(v, access, priv, h.satp, (s & MSTATUS_SUM) !== 0, (s & MSTATUS_MXR) !== 0);
	if (pa < 0) return -1;
	const off = pa - h.ram.base;
	if (!(off >= 0 && off + size <= h.ram.size)) return -1;
	if (pmpChecks(h.pmp, priv) && !pmpAllows(h.pmp, pa, size, access, priv)) return -1;
	return off;
}

/** True when the load was done (x[rd] written, the load window moved); false: leave the block. */
export function slowLoad(
	h: Hart,
	pc: number,
	rd: number,
	addr: number,
	size: AccessSize,
	signed: boolean
): boolean {
	if (ramHit(h, addr, size, ACCESS_LOAD) < 0) return false;
	load(h, pc, rd, addr, size, signed);
	return true;
}

/** True when the store was done (the store window moved); false: leave the block. */
export function slowStore(h: Hart, pc: number, addr: number, size: AccessSize, value: number): boolean {
	const off = ramHit(h, addr, size, ACCESS_STORE);
	if (off < 0) return false;
	const code = h.ram.code;
	if (code[off >>> 2] !== 0 || code[(off + size - 1) >>> 2] !== 0) return false;
	store(h, pc, addr, size, value);
	return true;
}

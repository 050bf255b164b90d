/**
 * A load that missed a block's window, done inside the block when the interpreter's slow path would
 * do nothing but translate through the TLB (a hit), read RAM and move the load window: then calling
 * that same slow path (memory.ts load) from the block changes exactly what the interpreter would, in
 * the same order, and nothing it does reads the clock. Anything else leaves the block for the
 * interpreter (a TLB miss walks, a fault traps, MMIO devices read the clock, a page-crossing access
 * splits, and translation observers stamp events with the cycle).
 */
import type { AccessSize } from '../../devices/device';
import { ACCESS_LOAD, effectivePrivilege, type Privilege } from '../../mmu';
import { MSTATUS_MXR, MSTATUS_SUM } from '../csr-bits';
import type { Hart } from '../hart';
import { load } from '../memory';
import { pmpAllows, pmpChecks } from '../pmp';

/** True when the load was done (x[rd] written, the load window moved); false: leave the block. */
export function slowLoad(
	h: Hart,
	pc: number,
	rd: number,
	addr: number,
	size: AccessSize,
	signed: boolean
): boolean {
	const mmu = h.mmu;
	if (mmu.onLookup !== null || mmu.onWalk !== null) return false;
	if (h.misalignedTrap && addr & (size - 1)) return false;
	const v = addr >>> 0;
	if ((v & 0xfff) + size > 4096) return false;
	const s = h.mstatus;
	const priv = effectivePrivilege(h.mode as Privilege, s, ACCESS_LOAD);
	const pa = mmu.wouldHit(v, ACCESS_LOAD, priv, h.satp, (s & MSTATUS_SUM) !== 0, (s & MSTATUS_MXR) !== 0);
	if (pa < 0) return false;
	const off = pa - h.ram.base;
	if (!(off >= 0 && off + size <= h.ram.size)) return false;
	if (pmpChecks(h.pmp, priv) && !pmpAllows(h.pmp, pa, size, ACCESS_LOAD, priv)) return false;
	load(h, pc, rd, addr, size, signed);
	return true;
}

/**
 * Physical memory protection (privileged §3.7), enforced. The sixteen entries are decoded into
 * address ranges whenever a pmpcfg or pmpaddr CSR changes (and on reset and restore), and two facts
 * are kept for the fast path: whether S/U may reach every byte of the address space with R, W and X
 * (the allow-all entry OpenSBI and vmscope's firmware program), and whether any entry is locked (then
 * M-mode is checked too). While both say "nothing to check", the interpreter's windows onto RAM work
 * as before and no access pays for PMP; otherwise the hart's slow paths check every access, and a
 * window is opened on a page only when the whole page is allowed.
 *
 * §3.7.1.3: "The lowest-numbered PMP entry that matches any byte of an access determines whether that
 * access succeeds or fails. The matching PMP entry must match all bytes of an access, or the access
 * fails ... If the L bit is clear and the privilege mode of the access is M, the access succeeds.
 * Otherwise ... the access succeeds only if the R, W, or X bit corresponding to the access type is
 * set. If no PMP entry matches an M-mode access, the access succeeds. If no PMP entry matches an
 * S-mode or U-mode access, but at least one PMP entry is implemented, the access fails."
 */
import { PRIV_M, type Access, type Privilege } from '../mmu';

const R = 1;
const W = 2;
const X = 4;
const A_SHIFT = 3;
const L = 0x80;
const OFF = 0;
const TOR = 1;
const NA4 = 2;
/** Sv32's physical addresses are 34 bits: pmpaddr holds bits 33:2. */
const PHYS_TOP = 2 ** 34;

/** The decoded entries: [lo, hi) byte ranges, their cfg byte, and the fast-path facts. */
export class PmpRanges {
	readonly lo = new Float64Array(16);
	readonly hi = new Float64Array(16);
	readonly cfg = new Uint8Array(16);
	count = 0;
	/** S and U may reach all of the address space with R, W and X: nothing to check below M. */
	openBelowM = false;
	/** Some active entry is locked: M-mode accesses are checked too. */
	locked = false;
}

/** The cfg byte of entry i from the four pmpcfg registers (RV32: four entries per register). */
export const pmpCfgByte = (pmpcfg: Int32Array, i: number) => (pmpcfg[i >> 2] >>> ((i & 3) * 8)) & 0xff;

/** Decode the entries (§3.7.1.2, Table 3.10: OFF, TOR, NA4, NAPOT). */
export function decodePmp(pmpcfg: Int32Array, pmpaddr: Int32Array, out: PmpRanges): void {
	let n = 0;
	out.locked = false;
	out.openBelowM = false;
	for (let i = 0; i < 16; i++) {
		const cfg = pmpCfgByte(pmpcfg, i);
		const a = (cfg >>> A_SHIFT) & 3;
		if (a === OFF) continue;
		const addr = (pmpaddr[i] >>> 0) * 4;
		let lo: number;
		let hi: number;
		if (a === TOR) {
			lo = i === 0 ? 0 : (pmpaddr[i - 1] >>> 0) * 4;
			hi = addr;
		} else if (a === NA4) {
			lo = addr;
			hi = addr + 4;
		} else {
			// NAPOT: the trailing ones of pmpaddr give the size, 2^(3 + ones) bytes.
			const v = pmpaddr[i] >>> 0;
			let ones = 0;
			while (ones < 32 && (v >>> ones) & 1) ones++;
			const size = 2 ** (ones + 3);
			lo = Math.floor(addr / size) * size;
			hi = lo + size;
		}
		if (hi <= lo) continue; // an empty TOR range matches nothing
		out.lo[n] = lo;
		out.hi[n] = hi;
		out.cfg[n] = cfg;
		if (cfg & L) out.locked = true;
		n++;
	}
	out.count = n;
	// The first entry decides each byte: below M everything is open when the first active entry covers
	// the whole physical address space with R, W and X.
	out.openBelowM =
		n > 0 && out.lo[0] === 0 && out.hi[0] >= PHYS_TOP && (out.cfg[0] & (R | W | X)) === (R | W | X);
}

const NEED = [X, R, W]; // by Access: fetch, load, store

/** May an access of `size` bytes at physical `pa` by privilege `priv` proceed? */
export function pmpAllows(p: PmpRanges, pa: number, size: number, access: Access, priv: Privilege): boolean {
	if (priv === PRIV_M ? !p.locked : p.openBelowM) return true;
	const end = pa + size;
	for (let i = 0; i < p.count; i++) {
		if (end <= p.lo[i] || pa >= p.hi[i]) continue;
		if (pa < p.lo[i] || end > p.hi[i]) return false; // matches some bytes, not all
		const cfg = p.cfg[i];
		if (priv === PRIV_M && (cfg & L) === 0) return true;
		return (cfg & NEED[access]) !== 0;
	}
	return priv === PRIV_M;
}

/** Does PMP decide accesses at this privilege (so the windows must not bypass it)? */
export function pmpChecks(p: PmpRanges, priv: Privilege): boolean {
	return priv === PRIV_M ? p.locked : !p.openBelowM;
}

/** The whole 4 KiB page at `page` is allowed for `access`: a window may serve it inline. */
export function pmpPageAllowed(p: PmpRanges, page: number, access: Access, priv: Privilege): boolean {
	return pmpAllows(p, page, 4096, access, priv);
}

/**
 * The hart's slow memory paths: everything the interpreter's inline RAM fast path does not take
 * (MMIO, misaligned accesses, unmapped addresses, every access while Sv32 translates data) and the
 * A extension. Each returns the next pc, or the trap handler's pc after raising the architectural
 * exception with tval = the virtual address.
 */
import type { AccessSize } from '../devices/device';
import { ACCESS_LOAD, ACCESS_STORE } from '../mmu';
import { Cause } from './causes';
import type { Hart } from './hart';
import { openDataWindow, physOf, physReachable, translateData } from './paging';
import { takeTrap } from './trap';

/** A plain load; writes rd (sign- or zero-extended) unless it traps. */
export function load(
	h: Hart,
	pc: number,
	rd: number,
	addr: number,
	size: AccessSize,
	signed: boolean
): number {
	if (h.misalignedTrap && addr & (size - 1)) return takeTrap(h, Cause.LoadMisaligned, addr, pc);
	const cause = translateData(h, addr, size, ACCESS_LOAD);
	if (cause !== 0) return takeTrap(h, cause, h.faultAddress, pc);
	let v = 0;
	if (h.splitAt === size) {
		const p = h.physLo;
		if (physReachable(p, size)) v = h.bus.read(p, size);
		if (!physReachable(p, size) || h.bus.faulted) return takeTrap(h, Cause.LoadAccessFault, addr, pc);
		if (h.dataPaged) openDataWindow(h, addr, ACCESS_LOAD);
	} else {
		// Split across two pages: byte by byte, little-endian (§2.6 lets misaligned accesses do this).
		// A physical access fault reports the access's address, as the unsplit path does.
		for (let k = 0; k < size; k++) {
			const p = physOf(h, k);
			const b = physReachable(p, 1) ? h.bus.read(p, 1) : 0;
			if (!physReachable(p, 1) || h.bus.faulted) return takeTrap(h, Cause.LoadAccessFault, addr, pc);
			v |= b << (8 * k);
		}
	}
	const shift = 32 - 8 * size;
	h.x[rd] = signed ? (v << shift) >> shift : v;
	return (pc + 4) | 0;
}

/** A plain store of the low `size` bytes of value. */
export function store(h: Hart, pc: number, addr: number, size: AccessSize, value: number): number {
	if (h.misalignedTrap && addr & (size - 1)) return takeTrap(h, Cause.StoreMisaligned, addr, pc);
	const cause = translateData(h, addr, size, ACCESS_STORE);
	if (cause !== 0) return takeTrap(h, cause, h.faultAddress, pc);
	if (h.splitAt === size) {
		const p = h.physLo;
		if (physReachable(p, size)) h.bus.write(p, size, value);
		if (!physReachable(p, size) || h.bus.faulted) return takeTrap(h, Cause.StoreAccessFault, addr, pc);
		if (h.dataPaged) openDataWindow(h, addr, ACCESS_STORE);
	} else {
		// Both pages translated, so a fault can only come from the physical side: check before writing.
		for (let k = 0; k < size; k++) {
			const p = physOf(h, k);
			if (!physReachable(p, 1) || h.ram.offset(p, 1) < 0)
				return takeTrap(h, Cause.StoreAccessFault, addr, pc);
		}
		for (let k = 0; k < size; k++) h.bus.write(physOf(h, k), 1, value >>> (8 * k));
	}
	return (pc + 4) | 0;
}

// AMO funct5 values (unprivileged §8.4, Table 24.2 "RV32A")
const LR = 0b00010;
const SC = 0b00011;
const AMO_OPS: Record<number, (old: number, src: number) => number> = {
	0b00001: (_, s) => s, // amoswap
	0b00000: (a, s) => (a + s) | 0, // amoadd
	0b00100: (a, s) => a ^ s, // amoxor
	0b01100: (a, s) => a & s, // amoand
	0b01000: (a, s) => a | s, // amoor
	0b10000: (a, s) => (a < s ? a : s), // amomin
	0b10100: (a, s) => (a > s ? a : s), // amomax
	0b11000: (a, s) => (a >>> 0 < s >>> 0 ? a : s), // amominu
	0b11100: (a, s) => (a >>> 0 > s >>> 0 ? a : s) // amomaxu
};

/**
 * LR.W, SC.W and the AMOs (§8.2–8.4). The address must be naturally aligned, else LR raises load
 * address-misaligned and SC/AMOs store/AMO address-misaligned; then it is translated (LR as a load, SC
 * and AMOs as stores, §4.3.2) and must be RAM (other regions raise access faults, as a PMA without AMO
 * support would, privileged §3.6.3.1). The reservation holds the physical address.
 */
export function atomic(h: Hart, pc: number, w: number): number {
	const x = h.x;
	const funct5 = w >>> 27;
	const rd = (w >>> 7) & 31;
	const addr = x[(w >>> 15) & 31];
	const src = x[(w >>> 20) & 31];
	const isLoad = funct5 === LR;
	if (addr & 3) return takeTrap(h, isLoad ? Cause.LoadMisaligned : Cause.StoreMisaligned, addr, pc);
	const cause = translateData(h, addr, 4, isLoad ? ACCESS_LOAD : ACCESS_STORE);
	if (cause !== 0) return takeTrap(h, cause, addr, pc);
	const paddr = h.physLo;
	const off = physReachable(paddr, 4) ? h.ram.offset(paddr, 4) : -1;
	if (off < 0) return takeTrap(h, isLoad ? Cause.LoadAccessFault : Cause.StoreAccessFault, addr, pc);
	const word = off >>> 2;
	const mem = h.ram.i32;
	if (isLoad) {
		x[rd] = mem[word];
		h.reservation = paddr;
	} else if (funct5 === SC) {
		// §8.2: SC succeeds only with a valid reservation covering the address; either way it is gone.
		// (With several harts, another hart's store must also clear it: the reserved word can carry a
		// watch marker in ram.code, so such stores leave the fast path, as HTIF's tohost does.)
		const ok = h.reservation === paddr;
		h.reservation = -1;
		h.scSucceeded = ok;
		if (ok) writeWord(h, word, src);
		x[rd] = ok ? 0 : 1;
	} else {
		const fn = AMO_OPS[funct5];
		const old = mem[word];
		writeWord(h, word, fn(old, src));
		x[rd] = old;
	}
	return (pc + 4) | 0;
}

function writeWord(h: Hart, word: number, value: number): void {
	h.ram.i32[word] = value;
	if (h.ram.code[word] !== 0) h.ram.touched(word);
}

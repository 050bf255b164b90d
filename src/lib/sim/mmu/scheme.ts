/**
 * Paging schemes as data, so one page walker serves them all (as TinyEMU's `get_phys_addr` is one
 * function over levels and PTE size). Sv32 is the supervisor scheme (Privileged ISA 1.12 §4.3); Sv32x4
 * is the hypervisor's G-stage scheme (§8.5.1), identical except that its root table is four times larger
 * and VPN[1] two bits wider, so it translates 34-bit guest physical addresses.
 */

export interface PagingScheme {
	readonly name: string;
	/** LEVELS in §4.3.2. */
	readonly levels: number;
	/** PTESIZE in bytes. */
	readonly pteSize: number;
	/** log2(PAGESIZE). */
	readonly pageShift: number;
	/** Width of va.vpn[i], i = 0 .. levels-1 (index 0 is the last level walked). */
	readonly vpnBits: readonly number[];
	/** Width of pte.ppn[i]; a PTE's PPN field starts at bit 10 (§4.3.1 Figure 4.18). */
	readonly ppnBits: readonly number[];
	/** Size of the root table in pages: 1 for Sv32, 4 (16 KiB) for Sv32x4 (§8.5.1). */
	readonly rootPages: number;
	/** Translated address width: 32 for Sv32 virtual addresses, 34 for Sv32x4 guest physical ones. */
	readonly vaBits: number;
	/** Bit position of va.vpn[i] (derived). */
	readonly vpnShift: readonly number[];
	/** Bytes mapped by a leaf found at level i (derived): 4 KiB and 4 MiB for Sv32. */
	readonly levelPageSize: readonly number[];
	/** 2 ** vpnBits[i] - 1 (derived). */
	readonly vpnMask: readonly number[];
	/** Mask of pte.ppn[i-1:0], which must be zero in a leaf at level i (derived; §4.3.2 step 6). */
	readonly superpagePpnMask: readonly number[];
	/** 2 ** vaBits: the first address the scheme cannot translate (derived). */
	readonly vaLimit: number;
}

interface SchemeSpec {
	name: string;
	levels: number;
	pteSize: number;
	pageShift: number;
	vpnBits: number[];
	ppnBits: number[];
	rootPages: number;
}

/** Derives shifts and sizes, and checks that the root table size agrees with the top VPN width. */
export function defineScheme(spec: SchemeSpec): PagingScheme {
	const vpnShift: number[] = [];
	const levelPageSize: number[] = [];
	const superpagePpnMask: number[] = [];
	const vpnMask = spec.vpnBits.map((b) => 2 ** b - 1);
	let shift = spec.pageShift;
	let ppnLow = 0;
	for (let i = 0; i < spec.levels; i++) {
		vpnShift.push(shift);
		levelPageSize.push(2 ** shift);
		superpagePpnMask.push(2 ** ppnLow - 1);
		shift += spec.vpnBits[i];
		ppnLow += spec.ppnBits[i];
	}
	const entriesPerPage = 2 ** spec.pageShift / spec.pteSize;
	const rootEntries = 2 ** spec.vpnBits[spec.levels - 1];
	if (rootEntries !== entriesPerPage * spec.rootPages) {
		throw new Error(`${spec.name}: root VPN width does not match ${spec.rootPages} root page(s)`);
	}
	return Object.freeze({
		...spec,
		vaBits: shift,
		vaLimit: 2 ** shift,
		vpnMask,
		vpnShift,
		levelPageSize,
		superpagePpnMask
	});
}

/** §4.3.1: Sv32, two levels of 1024 four-byte PTEs, 22-bit PPN, so 34-bit physical addresses. */
export const SV32: PagingScheme = defineScheme({
	name: 'Sv32',
	levels: 2,
	pteSize: 4,
	pageShift: 12,
	vpnBits: [10, 10],
	ppnBits: [10, 12],
	rootPages: 1
});

/**
 * §8.5.1: for Sv32x4 "the root page table is 16 KiB and must be aligned to a 16-KiB boundary"; VPN[1] is
 * 12 bits. A G-stage walk passes priv = U: "For G-stage address translation, all memory accesses are
 * considered to be user-level accesses, as though executed in U-mode." The caller maps causes 12/13/15
 * to guest-page faults 20/21/23, and ignores G (reserved in G-stage PTEs).
 */
export const SV32X4: PagingScheme = defineScheme({
	name: 'Sv32x4',
	levels: 2,
	pteSize: 4,
	pageShift: 12,
	vpnBits: [10, 12],
	ppnBits: [10, 12],
	rootPages: 4
});

/** PTE flag bits, §4.3.1 Figure 4.18. */
export const PTE_V = 1 << 0;
export const PTE_R = 1 << 1;
export const PTE_W = 1 << 2;
export const PTE_X = 1 << 3;
export const PTE_U = 1 << 4;
export const PTE_G = 1 << 5;
export const PTE_A = 1 << 6;
export const PTE_D = 1 << 7;
export const PTE_PPN_SHIFT = 10;

/** Privilege levels as encoded in mstatus.MPP (§1.2 Table 1.1). */
export const PRIV_U = 0;
export const PRIV_S = 1;
export const PRIV_M = 3;
export type Privilege = 0 | 1 | 3;

/** Access types. AMOs and SC translate as stores (§3.7: "store/AMO page fault"). */
export const ACCESS_FETCH = 0;
export const ACCESS_LOAD = 1;
export const ACCESS_STORE = 2;
export type Access = 0 | 1 | 2;

/** Exception codes by access type (§3.1.15 Table 3.6). */
export const PAGE_FAULT_CAUSE: readonly [12, 13, 15] = [12, 13, 15];
export const ACCESS_FAULT_CAUSE: readonly [1, 5, 7] = [1, 5, 7];
export type PageFaultCause = 12 | 13 | 15;
export type AccessFaultCause = 1 | 5 | 7;
export type TranslationFaultCause = PageFaultCause | AccessFaultCause;

/** Renders PTE flags as letters in Figure 4.18's `DAGUXWRV` order, '-' for a clear bit: `da--x-rv`. */
export function pteFlagString(pte: number): string {
	const letters = 'vrwxugad';
	let s = '';
	for (let b = 7; b >= 0; b--) s += pte & (1 << b) ? letters[b] : '-';
	return s;
}

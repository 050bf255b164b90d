/**
 * The whole page table as a list of mappings, for the UI's page-table view (not used when translating).
 */
import {
	PTE_G,
	PTE_PPN_SHIFT,
	PTE_R,
	PTE_V,
	PTE_W,
	PTE_X,
	SV32,
	pteFlagString,
	type PagingScheme
} from './scheme';

/** One mapping in a page table, for a view. */
export interface PageMapping {
	/** First virtual address mapped. */
	va: number;
	size: number;
	paddr: number;
	/** 0: 4 KiB page; 1: 4 MiB megapage (Sv32). */
	level: number;
	pte: number;
	pteAddr: number;
	/** Leaf flags with the effective G bit. */
	perms: number;
	/** The flags as letters in the spec's `DAGUXWRV` order, e.g. `da--x-rv`. */
	flags: string;
	/** A megapage whose PPN is not aligned: every access through it page-faults (§4.3.2 step 6). */
	misaligned: boolean;
}

/**
 * Every leaf mapping reachable from the root table at `rootPpn`, in virtual-address order. Invalid PTEs,
 * reserved encodings, pointers at the last level and unreadable tables are skipped. The reader should
 * read RAM without side effects (not MMIO, and not counted as guest accesses).
 */
export function readPageTable(
	readPte: (paddr: number) => number | undefined,
	rootPpn: number,
	scheme: PagingScheme = SV32
): PageMapping[] {
	const out: PageMapping[] = [];
	const pageSize = scheme.levelPageSize[0];
	const visit = (tablePpn: number, level: number, vaBase: number, global: boolean) => {
		const entries = 2 ** scheme.vpnBits[level];
		const size = scheme.levelPageSize[level];
		for (let idx = 0; idx < entries; idx++) {
			const pteAddr = tablePpn * pageSize + idx * scheme.pteSize;
			const raw = readPte(pteAddr);
			if (raw === undefined) return;
			const pte = raw >>> 0;
			if ((pte & PTE_V) === 0 || (pte & (PTE_R | PTE_W)) === PTE_W) continue;
			const va = vaBase + idx * size;
			const g = global || (pte & PTE_G) !== 0;
			if ((pte & (PTE_R | PTE_X)) === 0) {
				if (level > 0) visit(pte >>> PTE_PPN_SHIFT, level - 1, va, g);
				continue;
			}
			const ppn = pte >>> PTE_PPN_SHIFT;
			const perms = (pte & 0xff) | (g ? PTE_G : 0);
			out.push({
				va,
				size,
				paddr: ppn * pageSize,
				level,
				pte,
				pteAddr,
				perms,
				flags: pteFlagString(perms),
				misaligned: level > 0 && (ppn & scheme.superpagePpnMask[level]) !== 0
			});
		}
	};
	visit(rootPpn, scheme.levels - 1, 0, false);
	return out;
}

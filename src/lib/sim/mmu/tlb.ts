/**
 * A TLB: set-associative arrays of cached leaf PTEs, one array per page size (4 KiB and 4 MiB for Sv32),
 * tagged by ASID and VMID, with global entries (G) that match every ASID. Replacement is round-robin per
 * set, so a run is deterministic. All state is in typed arrays; a lookup allocates nothing.
 *
 * Only successful walks are cached (never invalid PTEs), and every entry has A=1. The VMID tag is 0 until
 * the H extension arrives (a G-stage or VS-stage TLB then passes the guest's VMID).
 */
import { PTE_G, PTE_PPN_SHIFT, type PagingScheme } from './scheme';

export interface TlbLevelConfig {
	/** Number of sets; a power of two. */
	sets: number;
	ways: number;
}

/** One array per leaf level: levels[0] caches 4 KiB pages, levels[1] 4 MiB megapages (Sv32). */
export interface TlbConfig {
	levels: readonly TlbLevelConfig[];
}

export const DEFAULT_TLB_CONFIG: TlbConfig = {
	levels: [
		{ sets: 16, ways: 4 },
		{ sets: 2, ways: 4 }
	]
};

/** One entry as the UI sees it. */
export interface TlbEntryView {
	index: number;
	level: number;
	/** First virtual address the entry maps. */
	va: number;
	paddr: number;
	size: number;
	asid: number;
	vmid: number;
	global: boolean;
	/** Leaf flags (V R W X U G A D), G being the effective global bit. */
	perms: number;
	pte: number;
}

/** The TLB's state as a structured-clone-able object. */
export interface TlbSnapshot {
	valid: Uint8Array;
	tag: Uint32Array;
	asid: Uint16Array;
	vmid: Uint16Array;
	perms: Uint8Array;
	pte: Uint32Array;
	next: Uint16Array;
	counters: [number, number, number, number];
}

export class Tlb {
	readonly scheme: PagingScheme;
	readonly config: TlbConfig;
	/** Total number of entries over all levels. */
	readonly size: number;

	hits = 0;
	misses = 0;
	/** Bumped by every flush, so caches in front of the TLB know their copies may be stale. */
	generation = 0;
	fills = 0;
	evictions = 0;

	private readonly valid: Uint8Array;
	/** va / page size of the entry's level. */
	private readonly tag: Uint32Array;
	private readonly asid: Uint16Array;
	private readonly vmid: Uint16Array;
	/** Leaf flags with the effective G bit (read by translate's fast path). */
	readonly perms: Uint8Array;
	/** The leaf PTE as cached (after any A/D update). */
	readonly pte: Uint32Array;
	/** Entry index → level (fixed by layout). */
	readonly level: Uint8Array;
	/** Physical address of the entry's page (up to 2^34, so a double). */
	readonly base: Float64Array;
	/** Entry index → page size − 1 (fixed by layout): paddr = base[e] + (va & offsetMask[e]). */
	readonly offsetMask: Int32Array;
	/** Round-robin victim pointer, one per set over all levels. */
	private readonly next: Uint16Array;

	private readonly entryBase: number[] = [];
	private readonly setBase: number[] = [];
	private readonly setMask: number[] = [];
	private readonly ways: number[] = [];
	private readonly pageSize: number[];
	private readonly basePageSize: number;
	private readonly pageShift: number[] = [];

	constructor(scheme: PagingScheme, config: TlbConfig = DEFAULT_TLB_CONFIG) {
		if (config.levels.length !== scheme.levels) {
			throw new Error(`TLB config needs ${scheme.levels} levels for ${scheme.name}`);
		}
		this.scheme = scheme;
		this.config = config;
		this.pageSize = scheme.levelPageSize.slice();
		this.basePageSize = scheme.levelPageSize[0];
		this.pageShift = scheme.vpnShift.slice();
		let entries = 0;
		let sets = 0;
		for (const { sets: s, ways: w } of config.levels) {
			if (s < 1 || (s & (s - 1)) !== 0 || w < 1)
				throw new Error('TLB sets must be a power of two, ways ≥ 1');
			this.entryBase.push(entries);
			this.setBase.push(sets);
			this.setMask.push(s - 1);
			this.ways.push(w);
			entries += s * w;
			sets += s;
		}
		this.size = entries;
		this.valid = new Uint8Array(entries);
		this.tag = new Uint32Array(entries);
		this.asid = new Uint16Array(entries);
		this.vmid = new Uint16Array(entries);
		this.perms = new Uint8Array(entries);
		this.pte = new Uint32Array(entries);
		this.level = new Uint8Array(entries);
		this.base = new Float64Array(entries);
		this.offsetMask = new Int32Array(entries);
		this.next = new Uint16Array(sets);
		for (let l = 0; l < config.levels.length; l++) {
			const n = (this.setMask[l] + 1) * this.ways[l];
			this.level.fill(l, this.entryBase[l], this.entryBase[l] + n);
			this.offsetMask.fill(this.pageSize[l] - 1, this.entryBase[l], this.entryBase[l] + n);
		}
	}

	/**
	 * The entry caching the page that holds `va` (unsigned) for this ASID/VMID, or -1. Global entries
	 * match any ASID. Counts a hit or a miss.
	 */
	lookup(va: number, asid: number, vmid = 0): number {
		const e = this.find(va, asid, vmid);
		if (e >= 0) this.hits++;
		else this.misses++;
		return e;
	}

	/** As lookup, counting nothing (the translator asks whether a translation would hit). */
	find(va: number, asid: number, vmid = 0): number {
		for (let l = 0; l < this.ways.length; l++) {
			const tag = this.tagOf(va, l);
			const ways = this.ways[l];
			const first = this.entryBase[l] + (tag & this.setMask[l]) * ways;
			for (let e = first; e < first + ways; e++) {
				if (
					this.valid[e] === 1 &&
					this.tag[e] === tag &&
					this.vmid[e] === vmid &&
					(this.asid[e] === asid || (this.perms[e] & PTE_G) !== 0)
				)
					return e;
			}
		}
		return -1;
	}

	/** va's page number at level l. A shift for 32-bit addresses; Sv32x4's 34-bit ones divide. */
	private tagOf(va: number, l: number): number {
		return va <= 0xffff_ffff ? va >>> this.pageShift[l] : (va / this.pageSize[l]) >>> 0;
	}

	/** The PPN of entry `e`'s leaf. */
	ppn(e: number): number {
		return this.pte[e] >>> PTE_PPN_SHIFT;
	}

	/** The physical address of `va` through entry `e`. */
	paddr(e: number, va: number): number {
		return this.base[e] + (va & this.offsetMask[e]);
	}

	/**
	 * Caches a leaf found by a walk: `perms` are the leaf flags with the effective G bit. Replaces an entry
	 * for the same page and address space if there is one, else an invalid way, else the set's
	 * round-robin victim. Returns the entry index.
	 */
	fill(va: number, asid: number, vmid: number, level: number, perms: number, pte: number): number {
		const tag = this.tagOf(va, level);
		const ways = this.ways[level];
		const set = tag & this.setMask[level];
		const first = this.entryBase[level] + set * ways;
		const global = (perms & PTE_G) !== 0;
		let victim = -1;
		for (let e = first; e < first + ways; e++) {
			if (this.valid[e] === 0) {
				if (victim < 0) victim = e;
			} else if (
				this.tag[e] === tag &&
				this.vmid[e] === vmid &&
				(this.asid[e] === asid || global || (this.perms[e] & PTE_G) !== 0)
			) {
				victim = e;
				break;
			}
		}
		if (victim < 0) {
			const rr = this.setBase[level] + set;
			victim = first + this.next[rr];
			this.next[rr] = (this.next[rr] + 1) % ways;
			this.evictions++;
		}
		this.valid[victim] = 1;
		this.tag[victim] = tag;
		this.asid[victim] = asid;
		this.vmid[victim] = vmid;
		this.perms[victim] = perms;
		this.pte[victim] = pte;
		this.base[victim] = (pte >>> PTE_PPN_SHIFT) * this.basePageSize;
		this.fills++;
		return victim;
	}

	/**
	 * SFENCE.VMA (§4.2.1), for entries of `vmid`. Pass `undefined` where the instruction names x0:
	 * - rs1=x0, rs2=x0: every entry, for all address spaces, global ones included;
	 * - rs1=x0, rs2=asid: every non-global entry of that ASID;
	 * - rs1=va, rs2=x0: every entry for the page holding va, in all address spaces, global ones included;
	 * - rs1=va, rs2=asid: the entry for va in that ASID, global entries excepted.
	 * Returns the number of entries invalidated.
	 */
	sfenceVma(va: number | undefined, asid: number | undefined, vmid = 0): number {
		let flushed = 0;
		this.generation++;
		if (va === undefined) {
			for (let e = 0; e < this.size; e++) {
				if (this.valid[e] === 0 || this.vmid[e] !== vmid) continue;
				if (asid !== undefined && (this.asid[e] !== asid || (this.perms[e] & PTE_G) !== 0)) continue;
				this.valid[e] = 0;
				flushed++;
			}
			return flushed;
		}
		const v = va < 0 ? va >>> 0 : va;
		for (let l = 0; l < this.ways.length; l++) {
			const tag = this.tagOf(v, l);
			const ways = this.ways[l];
			const first = this.entryBase[l] + (tag & this.setMask[l]) * ways;
			for (let e = first; e < first + ways; e++) {
				if (this.valid[e] === 0 || this.tag[e] !== tag || this.vmid[e] !== vmid) continue;
				if (asid !== undefined && (this.asid[e] !== asid || (this.perms[e] & PTE_G) !== 0)) continue;
				this.valid[e] = 0;
				flushed++;
			}
		}
		return flushed;
	}

	/** Invalidates every entry of every VMID (reset, or a change of scheme). */
	flushAll(): void {
		this.generation++;
		this.valid.fill(0);
	}

	resetCounters(): void {
		this.hits = this.misses = this.fills = this.evictions = 0;
	}

	/** The valid entries, for a view. */
	entries(): TlbEntryView[] {
		const out: TlbEntryView[] = [];
		for (let e = 0; e < this.size; e++) {
			if (this.valid[e] === 0) continue;
			const level = this.level[e];
			const size = this.pageSize[level];
			const va = this.tag[e] * size;
			out.push({
				index: e,
				level,
				va,
				paddr: this.paddr(e, va),
				size,
				asid: this.asid[e],
				vmid: this.vmid[e],
				global: (this.perms[e] & PTE_G) !== 0,
				perms: this.perms[e],
				pte: this.pte[e]
			});
		}
		return out;
	}

	snapshot(): TlbSnapshot {
		return {
			valid: this.valid.slice(),
			tag: this.tag.slice(),
			asid: this.asid.slice(),
			vmid: this.vmid.slice(),
			perms: this.perms.slice(),
			pte: this.pte.slice(),
			next: this.next.slice(),
			counters: [this.hits, this.misses, this.fills, this.evictions]
		};
	}

	/** Restores a snapshot taken from a TLB of the same configuration. */
	restore(s: TlbSnapshot): void {
		if (s.valid.length !== this.size || s.next.length !== this.next.length) {
			throw new Error('TLB snapshot is from a different configuration');
		}
		this.generation++;
		this.valid.set(s.valid);
		this.tag.set(s.tag);
		this.asid.set(s.asid);
		this.vmid.set(s.vmid);
		this.perms.set(s.perms);
		this.pte.set(s.pte);
		for (let e = 0; e < this.size; e++) this.base[e] = (s.pte[e] >>> PTE_PPN_SHIFT) * this.basePageSize;
		this.next.set(s.next);
		[this.hits, this.misses, this.fills, this.evictions] = s.counters;
	}
}

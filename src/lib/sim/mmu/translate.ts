/**
 * The MMU a hart calls for every fetch, load and store: satp decides whether to translate, the TLB answers
 * most accesses, and a page walk answers the rest and refills the TLB.
 *
 * The hart resolves the effective privilege before calling. §3.1.6.3: "When MPRV=1, load and store memory
 * addresses are translated and protected, and endianness is applied, as though the current privilege mode
 * were set to MPP." Instruction fetches always use the current mode. So an M-mode hart passes PRIV_M for
 * fetches, and for loads and stores passes mstatus.MPP when MPRV=1 (PRIV_M otherwise):
 * effectivePrivilege(priv, mstatus, access) does exactly that.
 *
 * `translate` never throws. It returns 0 when the access may proceed, with the physical address in
 * `mmu.paddr`, or the exception cause (1, 5, 7, 12, 13, 15; never 0) with tval = the virtual address.
 * The address comes back in a field, not as the return value, because it is a double (up to 2^34, and
 * RAM sits at 2^31): returning it from a call V8 does not inline would allocate a heap number per access.
 * Sv32 physical addresses reach 2^34: the caller must treat paddr > 0xffff_ffff as an access fault (or
 * whatever its bus decides) before any `>>> 0`, which would wrap it into low memory.
 */
import { DEFAULT_TLB_CONFIG, Tlb, type TlbConfig, type TlbSnapshot } from './tlb';
import {
	ACCESS_FETCH,
	ACCESS_STORE,
	PRIV_M,
	PTE_D,
	SV32,
	WalkOutcome,
	WalkRecord,
	leafPermits,
	walkInto,
	type Access,
	type AdMode,
	type Privilege,
	type PteMemory,
	type TranslationFaultCause,
	type WalkRequest
} from './walker';

/** satp fields for RV32 (§4.1.11): MODE[31], ASID[30:22], PPN[21:0]. */
export const SATP_MODE_SV32 = 0x8000_0000;
export const satpMode = (satp: number) => satp >>> 31;
export const satpAsid = (satp: number) => (satp >>> 22) & 0x1ff;
export const satpPpn = (satp: number) => satp & 0x3f_ffff;
export const makeSatp = (asid: number, ppn: number) => (SATP_MODE_SV32 | ((asid & 0x1ff) << 22) | ppn) >>> 0;

/** mstatus bits the MMU depends on (§3.1.6). */
export const MSTATUS_MPP_SHIFT = 11;
export const MSTATUS_MPRV = 1 << 17;
export const MSTATUS_SUM = 1 << 18;
export const MSTATUS_MXR = 1 << 19;

/**
 * The privilege an access is translated and checked at. §3.1.6.3: "When MPRV=1, load and store memory
 * addresses are translated and protected ... as though the current privilege mode were set to MPP.
 * Instruction address-translation and protection are unaffected by the setting of MPRV."
 */
export function effectivePrivilege(priv: Privilege, mstatus: number, access: Access): Privilege {
	if (access === ACCESS_FETCH || (mstatus & MSTATUS_MPRV) === 0) return priv;
	return ((mstatus >>> MSTATUS_MPP_SHIFT) & 3) as Privilege;
}

/** translate's result: 0 for success (read `paddr`), else the exception cause. */
export type TranslateStatus = 0 | TranslationFaultCause;

/** The MMU's state as a structured-clone-able object. */
export interface MmuSnapshot {
	adMode: AdMode;
	walks: number;
	faults: number;
	/** Absent in snapshots made before the walker's memory references were counted. */
	pteReads?: number;
	pteWrites?: number;
	tlb: TlbSnapshot | null;
}

export interface MmuOptions {
	/** How A/D bits are kept (§4.3.1); a machine option. Default 'hardware', as QEMU does. */
	adMode?: AdMode;
	/** TLB geometry, or null for no TLB (every access walks). */
	tlb?: TlbConfig | null;
}

export class Mmu {
	readonly tlb: Tlb | null;
	/** When set, every walk is recorded here (reused) and `onWalk` is called with it. */
	record: WalkRecord | null = null;
	onWalk: ((record: WalkRecord) => void) | null = null;
	/** Page walks made (TLB misses, and hits that could not be used as cached). */
	walks = 0;
	/** Translations that faulted. */
	faults = 0;
	/** Memory references the walker made: PTE reads, and A/D updates written back (§4.3.2 steps 2, 7). */
	pteReads = 0;
	pteWrites = 0;
	/**
	 * Called on every TLB lookup when set (the `tlb-lookup` trace kind): the address, whether the TLB
	 * (or the last-page cache in front of it) held the page, and the ASID. A held entry that does not
	 * permit the access is a hit that still walks (counted in `walks`), as `tlb.hits` counts it.
	 * Counted: each translate() under Sv32 with a TLB, which the hart calls on every refill of its
	 * one-page fetch/load/store windows and on every slow-path access; not counted: the accesses those
	 * windows serve inline without calling translate.
	 */
	onLookup: ((va: number, hit: boolean, asid: number) => void) | null = null;
	/** The physical address found by the last translate that returned 0. */
	paddr = 0;

	private readonly req: WalkRequest;
	private readonly out = new WalkOutcome();
	// The last translation per access type (fetch, load, store), in front of the TLB: a 4 KiB page, the
	// satp and privilege/SUM/MXR it was checked under, and the TLB generation (bumped by every flush).
	private readonly lastPage = new Int32Array(3).fill(-1);
	private readonly lastSatp = new Uint32Array(3);
	private readonly lastMode = new Int32Array(3);
	private readonly lastGen = new Float64Array(3);
	private readonly lastBase = new Float64Array(3);

	constructor(memory: PteMemory, options: MmuOptions = {}) {
		const config = options.tlb === undefined ? DEFAULT_TLB_CONFIG : options.tlb;
		this.tlb = config === null ? null : new Tlb(SV32, config);
		// Every reference the walker makes goes through here, so the counts cannot miss one.
		const counted: PteMemory = {
			readPte: (paddr) => {
				this.pteReads++;
				return memory.readPte(paddr);
			},
			writePte: (paddr, value) => {
				this.pteWrites++;
				return memory.writePte(paddr, value);
			}
		};
		this.req = {
			scheme: SV32,
			rootPpn: 0,
			priv: 1,
			sum: false,
			mxr: false,
			adMode: options.adMode ?? 'hardware',
			memory: counted
		};
	}

	get adMode(): AdMode {
		return this.req.adMode;
	}

	set adMode(mode: AdMode) {
		this.req.adMode = mode;
	}

	/** The last walk's outcome (valid after a translate that walked). */
	get lastWalk(): Readonly<WalkOutcome> {
		return this.out;
	}

	/**
	 * Translates `va` for an access at effective privilege `priv` under `satp`, with mstatus.SUM/MXR.
	 * Returns 0 with the physical address in `this.paddr`, or the exception cause.
	 */
	translate(
		va: number,
		access: Access,
		priv: Privilege,
		satp: number,
		sum: boolean,
		mxr: boolean
	): TranslateStatus {
		const v = va >>> 0;
		// §4.1.11: "When MODE=Bare, supervisor virtual addresses are equal to supervisor physical
		// addresses"; and M-mode (effective) accesses are never translated (§4.3.2 step 1: satp is active
		// only in S-mode and U-mode).
		if (priv === PRIV_M || satp >>> 31 === 0) {
			this.paddr = v;
			return 0;
		}
		const asid = (satp >>> 22) & 0x1ff;
		const tlb = this.tlb;
		const mode = priv | (sum ? 4 : 0) | (mxr ? 8 : 0);
		if (tlb !== null) {
			if (
				this.lastPage[access] === v >>> 12 &&
				this.lastSatp[access] === satp >>> 0 &&
				this.lastMode[access] === mode &&
				this.lastGen[access] === tlb.generation
			) {
				tlb.hits++;
				if (this.onLookup !== null) this.onLookup(v, true, asid);
				this.paddr = this.lastBase[access] + (v & 0xfff);
				return 0;
			}
			const e = tlb.lookup(v, asid, 0);
			if (this.onLookup !== null) this.onLookup(v, e >= 0, asid);
			if (e >= 0) {
				const perms = tlb.perms[e];
				// A cached leaf has A=1; a store needs D=1 too. When the cached leaf does not permit the
				// access, walk: the walk decides the fault (or sets D) from the PTE in memory.
				if (
					leafPermits(perms, access, priv, sum, mxr) &&
					(access !== ACCESS_STORE || (perms & PTE_D) !== 0)
				) {
					const paddr = tlb.base[e] + (v & tlb.offsetMask[e]);
					this.remember(access, v, satp, mode, tlb.generation, paddr);
					this.paddr = paddr;
					return 0;
				}
			}
		}
		const req = this.req;
		req.rootPpn = satp & 0x3f_ffff;
		req.priv = priv;
		req.sum = sum;
		req.mxr = mxr;
		this.walks++;
		const rec = this.record;
		const ok =
			rec === null ? walkInto(this.out, req, v, access) : walkInto(this.out, req, v, access, rec);
		if (rec !== null && this.onWalk !== null) this.onWalk(rec);
		if (!ok) {
			this.faults++;
			return this.out.cause;
		}
		if (tlb !== null) {
			tlb.fill(v, asid, 0, this.out.level, this.out.perms, this.out.pte);
			this.remember(access, v, satp, mode, tlb.generation, this.out.paddr);
		}
		this.paddr = this.out.paddr;
		return 0;
	}

	/**
	 * The physical address translate() with these arguments would give without walking (from the
	 * last-page cache or a TLB entry that permits the access), else -1; changing nothing and counting
	 * nothing: the block translator
	 * (hart/jit) asks before doing a load's slow path itself, so the translate that follows hits and
	 * counts exactly as the interpreter's would.
	 */
	wouldHit(va: number, access: Access, priv: Privilege, satp: number, sum: boolean, mxr: boolean): number {
		const v = va >>> 0;
		if (priv === PRIV_M || satp >>> 31 === 0) return v;
		const tlb = this.tlb;
		if (tlb === null) return -1;
		const mode = priv | (sum ? 4 : 0) | (mxr ? 8 : 0);
		if (
			this.lastPage[access] === v >>> 12 &&
			this.lastSatp[access] === satp >>> 0 &&
			this.lastMode[access] === mode &&
			this.lastGen[access] === tlb.generation
		)
			return this.lastBase[access] + (v & 0xfff);
		const e = tlb.find(v, (satp >>> 22) & 0x1ff, 0);
		if (e < 0) return -1;
		const perms = tlb.perms[e];
		const ok =
			leafPermits(perms, access, priv, sum, mxr) && (access !== ACCESS_STORE || (perms & PTE_D) !== 0);
		return ok ? tlb.base[e] + (v & tlb.offsetMask[e]) : -1;
	}

	private remember(
		access: Access,
		v: number,
		satp: number,
		mode: number,
		gen: number,
		paddr: number
	): void {
		this.lastPage[access] = v >>> 12;
		this.lastSatp[access] = satp;
		this.lastMode[access] = mode;
		this.lastGen[access] = gen;
		this.lastBase[access] = paddr - (v & 0xfff);
	}

	snapshot(): MmuSnapshot {
		return {
			adMode: this.adMode,
			walks: this.walks,
			faults: this.faults,
			pteReads: this.pteReads,
			pteWrites: this.pteWrites,
			tlb: this.tlb?.snapshot() ?? null
		};
	}

	restore(s: MmuSnapshot): void {
		this.adMode = s.adMode;
		this.walks = s.walks;
		this.faults = s.faults;
		this.pteReads = s.pteReads ?? 0;
		this.pteWrites = s.pteWrites ?? 0;
		if (this.tlb !== null) {
			if (s.tlb === null) this.tlb.flushAll();
			else this.tlb.restore(s.tlb);
		}
	}

	/** SFENCE.VMA: `undefined` stands for x0 in rs1 (address) or rs2 (ASID). §4.2.1 */
	sfenceVma(va: number | undefined, asid: number | undefined): void {
		if (this.tlb !== null) this.tlb.sfenceVma(va, asid === undefined ? undefined : asid & 0x1ff);
	}
}

export { readPageTable, type PageMapping } from './page-table';

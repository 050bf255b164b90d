/**
 * Shadow page tables: the Sv32 tables the real MMU walks while a guest runs, composed by the
 * hypervisor from the guest's own tables (guest-virtual to guest-physical) and its guest map
 * (guest-physical to host-physical). Each vCPU has one for its guest kernel (vS) and one for its guest
 * user code (vU), since the real hart runs both in U-mode: the vS shadow grants what the guest's PTEs
 * grant to S (under its SUM and MXR), the vU shadow what they grant to U.
 *
 * A shadow is a software-filled TLB, not a mirror: it starts empty, an entry is filled when the guest
 * takes a page fault the guest's tables would not have raised (a hidden fault), and the guest's
 * SFENCE.VMA or satp write empties it. The privileged spec allows a TLB to keep a translation until a
 * fence (§4.2.1), so a guest that changes a PTE and fences sees the change, as on hardware. Entries
 * never carry G (the teaching kernel marks its image global; one VM's global page would then be seen
 * under another VM's address space) and carry D only once the guest's PTE is dirty.
 */
import { PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X } from '../mmu';
import { HYPERVISOR, PAGE, type HostFrames } from './frames';

/** One shadow table, as plain data: its root, the leaf tables it grew, and its real ASID. */
export interface ShadowState {
	/** Host-physical address of the root table (-1 until first used). */
	root: number;
	leaves: number[];
	asid: number;
	/** Entries filled since the last flush (a statistic). */
	entries: number;
}

export function newShadow(asid: number): ShadowState {
	return { root: -1, leaves: [], asid, entries: 0 };
}

export class ShadowTables {
	constructor(private readonly frames: HostFrames) {}

	/** The root's host page number for satp; allocates the root on first use (-1: out of host RAM). */
	rootPpn(s: ShadowState): number {
		if (s.root < 0) s.root = this.frames.alloc(HYPERVISOR);
		return s.root < 0 ? -1 : s.root / PAGE;
	}

	/**
	 * Map virtual page `va` to host page `pa` with the R/W/X/U bits in `perms`, W only when `dirty`
	 * (under trap-and-emulate the real hart runs the guest in U-mode, so every entry has U; under TVM
	 * the guest's own U). False when host RAM is exhausted.
	 */
	fill(s: ShadowState, va: number, pa: number, perms: number, dirty: boolean): boolean {
		if (this.rootPpn(s) < 0) return false;
		const topAt = s.root + (va >>> 22) * 4;
		let top = this.frames.word(topAt);
		if ((top & PTE_V) === 0) {
			const leaf = this.frames.alloc(HYPERVISOR);
			if (leaf < 0) return false;
			s.leaves.push(leaf);
			top = ((leaf / PAGE) << 10) | PTE_V;
			this.frames.putWord(topAt, top);
		}
		const p = (dirty ? perms : perms & ~PTE_W) & (PTE_R | PTE_W | PTE_X | PTE_U);
		const pte = (((pa >>> 12) << 10) | p | PTE_V | PTE_A | (p & PTE_W ? PTE_D : 0)) >>> 0;
		this.frames.putWord((top >>> 10) * PAGE + ((va >>> 12) & 0x3ff) * 4, pte);
		s.entries++;
		return true;
	}

	/** The shadow PTE for `va`, or 0 when there is none. */
	lookup(s: ShadowState, va: number): number {
		if (s.root < 0) return 0;
		const top = this.frames.word(s.root + (va >>> 22) * 4);
		if ((top & PTE_V) === 0) return 0;
		return this.frames.word((top >>> 10) * PAGE + ((va >>> 12) & 0x3ff) * 4);
	}

	/** Drop one page's entry (SFENCE.VMA with an address). */
	flushPage(s: ShadowState, va: number): void {
		if (s.root < 0) return;
		const top = this.frames.word(s.root + (va >>> 22) * 4);
		if ((top & PTE_V) === 0) return;
		const at = (top >>> 10) * PAGE + ((va >>> 12) & 0x3ff) * 4;
		if (this.frames.word(at) & PTE_V) {
			this.frames.putWord(at, 0);
			s.entries = Math.max(0, s.entries - 1);
		}
	}

	/** Empty the shadow: its leaf tables go back to the allocator, its root is cleared. */
	flush(s: ShadowState): void {
		if (s.root < 0) return;
		for (const leaf of s.leaves) this.frames.release(leaf);
		s.leaves = [];
		s.entries = 0;
		this.frames.ram.fill(s.root - this.frames.ram.base, PAGE);
	}

	/** Give every frame back (the vCPU is destroyed). */
	destroy(s: ShadowState): void {
		this.flush(s);
		if (s.root >= 0) this.frames.release(s.root);
		s.root = -1;
	}
}

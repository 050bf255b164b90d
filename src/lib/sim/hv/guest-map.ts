/**
 * A VM's guest-physical memory map: which host frame backs each 4 KiB guest-physical page, kept as an
 * Sv32x4 table in host RAM (privileged §8.5.1: a 16 KiB root of 4096 PTEs, then 4 KiB leaf tables), so
 * the hardware-assisted mode can hand the same table to the G-stage walker as hgatp's root. The
 * hypervisor fills it on first touch; entries are leaf PTEs with U=1, as §8.5.1 requires of G-stage
 * leaves ("all G-stage PTEs are treated as user pages").
 */
import { PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X } from '../mmu';
import { PAGE, type HostFrames } from './frames';

const LEAF_FLAGS = PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D;

export class GuestMap {
	constructor(
		readonly frames: HostFrames,
		/** Host-physical address of the 16 KiB root table. */
		readonly root: number,
		/** Guest RAM: [ramBase, ramBase + ramSize). */
		readonly ramBase: number,
		readonly ramSize: number
	) {}

	/** Allocate the root table (owned by the hypervisor); -1 when host RAM is exhausted. */
	static allocRoot(frames: HostFrames): number {
		return frames.allocContiguous(-2, 4);
	}

	/** Is `gpa` guest RAM? */
	isRam(gpa: number, length = 1): boolean {
		return gpa >= this.ramBase && gpa + length <= this.ramBase + this.ramSize;
	}

	/** The host-physical page backing guest page `gpa`, or -1 when none is mapped yet. */
	lookup(gpa: number): number {
		const top = this.frames.word(this.root + Math.floor(gpa / 2 ** 22) * 4);
		if ((top & PTE_V) === 0) return -1;
		const leaf = this.frames.word((top >>> 10) * PAGE + ((gpa >>> 12) & 0x3ff) * 4);
		return leaf & PTE_V ? (leaf >>> 10) * PAGE : -1;
	}

	/**
	 * The host-physical address of guest RAM byte `gpa`, backing its page with a new frame owned by
	 * `vm` on first touch. -1 when gpa is not guest RAM or host RAM is exhausted.
	 */
	backing(gpa: number, vm: number, onAlloc?: (gpa: number, pa: number) => void): number {
		if (!this.isRam(gpa)) return -1;
		const page = this.lookup(gpa);
		if (page >= 0) return page + (gpa & 0xfff);
		const topAt = this.root + Math.floor(gpa / 2 ** 22) * 4;
		let top = this.frames.word(topAt);
		if ((top & PTE_V) === 0) {
			const table = this.frames.alloc(-2);
			if (table < 0) return -1;
			top = (((table / PAGE) << 10) | PTE_V) >>> 0;
			this.frames.putWord(topAt, top);
		}
		const frame = this.frames.alloc(vm);
		if (frame < 0) return -1;
		this.frames.putWord(
			(top >>> 10) * PAGE + ((gpa >>> 12) & 0x3ff) * 4,
			((frame / PAGE) << 10) | LEAF_FLAGS
		);
		onAlloc?.(gpa & ~0xfff, frame);
		return frame + (gpa & 0xfff);
	}

	/** Guest pages mapped so far. */
	mappedPages(): number {
		let n = 0;
		for (let i = 0; i < 4096; i++) {
			const top = this.frames.word(this.root + i * 4);
			if ((top & PTE_V) === 0) continue;
			for (let j = 0; j < 1024; j++) if (this.frames.word((top >>> 10) * PAGE + j * 4) & PTE_V) n++;
		}
		return n;
	}

	/** Every table frame of the map (the root's four and the leaves), for destroying the VM. */
	tableFrames(): number[] {
		const out = [this.root, this.root + PAGE, this.root + 2 * PAGE, this.root + 3 * PAGE];
		for (let i = 0; i < 4096; i++) {
			const top = this.frames.word(this.root + i * 4);
			if (top & PTE_V) out.push((top >>> 10) * PAGE);
		}
		return out;
	}
}

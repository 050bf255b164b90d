/**
 * Host frames: the hypervisor's allocator of 4 KiB host-physical pages, and the owner of each. Guest
 * memory is backed a frame at a time, on first touch; shadow page tables and the guest-physical maps
 * live in frames the hypervisor owns. The owner table is what the isolation invariant is checked
 * against: a shadow entry may only point at a frame its own VM owns.
 *
 * Allocation is deterministic (the most recently freed frame first, then the lowest never used), and a
 * frame is zeroed before it is handed out, unless the 'unzeroed-frames' fault is injected, which is
 * how one VM comes to read another's data.
 */
import type { Ram } from '../bus/ram';

export const PAGE = 4096;
/** Owner values besides a VM's index (0, 1, ...). */
export const FREE = -1;
export const HYPERVISOR = -2;

/** The allocator as plain data (it travels in the hypervisor's snapshot). */
export interface FramesState {
	/** Owner of each frame of host RAM: FREE, HYPERVISOR or a VM index. */
	owner: Int32Array;
	/** Frames freed, most recent last (reused first). */
	free: number[];
	/** The lowest frame never handed out. */
	next: number;
	/** Frames handed out without zeroing (the injected fault), for the breach check. */
	reused: number;
	/** The last VM that owned each frame (-1: none yet), to name whose data a new owner may see. */
	was: Int32Array;
}

export function newFrames(ramBytes: number): FramesState {
	const frames = ramBytes / PAGE;
	return {
		owner: new Int32Array(frames).fill(FREE),
		free: [],
		next: 0,
		reused: 0,
		was: new Int32Array(frames).fill(FREE)
	};
}

export class HostFrames {
	constructor(
		readonly ram: Ram,
		public s: FramesState,
		/** False: the injected fault that skips zeroing a reused frame. */
		private readonly zero: boolean,
		/** A frame went to `owner` with another VM's bytes still in it (only under the fault). */
		readonly onLeak?: (frame: number, owner: number, previous: number) => void
	) {}

	/** Host-physical address of frame `f`. */
	addr(f: number): number {
		return this.ram.base + f * PAGE;
	}

	/** The frame holding host-physical address `pa`, or -1 outside RAM. */
	frameOf(pa: number): number {
		const off = pa - this.ram.base;
		return off >= 0 && off < this.ram.size ? Math.floor(off / PAGE) : -1;
	}

	/** The 32-bit word at host-physical `pa` (the hypervisor's tables live in RAM frames). */
	word(pa: number): number {
		return this.ram.i32[(pa - this.ram.base) >>> 2] >>> 0;
	}

	putWord(pa: number, v: number): void {
		this.ram.write(pa - this.ram.base, 4, v);
	}

	ownerOf(pa: number): number {
		const f = this.frameOf(pa);
		return f < 0 ? HYPERVISOR : this.s.owner[f];
	}

	get total(): number {
		return this.s.owner.length;
	}

	/** Frames not owned by anyone. */
	get available(): number {
		return this.s.free.length + (this.total - this.s.next);
	}

	/**
	 * One frame for `owner`, zeroed (unless the fault is on and the frame was used before), as a
	 * host-physical address; -1 when host RAM is exhausted.
	 */
	alloc(owner: number): number {
		const s = this.s;
		let f: number;
		let reused = false;
		if (s.free.length > 0) {
			f = s.free.pop()!;
			reused = true;
		} else if (s.next < s.owner.length) f = s.next++;
		else return -1;
		s.owner[f] = owner;
		const previous = s.was[f];
		if (owner >= 0) s.was[f] = owner;
		// The fault leaks guest data only: the hypervisor's own tables are always zeroed.
		if (this.zero || !reused || owner === HYPERVISOR) this.ram.fill(f * PAGE, PAGE);
		else {
			s.reused++;
			if (previous >= 0 && previous !== owner) this.onLeak?.(f, owner, previous);
		}
		return this.addr(f);
	}

	/**
	 * `count` contiguous frames aligned to `count` pages (an Sv32x4 root table is 16 KiB, 16 KiB
	 * aligned, §8.5.1), from never-used frames; the frames skipped to align go to the free list.
	 */
	allocContiguous(owner: number, count: number): number {
		const s = this.s;
		const first = Math.ceil(s.next / count) * count;
		if (first + count > s.owner.length) return -1;
		for (let f = s.next; f < first; f++) s.free.push(f);
		for (let f = first; f < first + count; f++) s.owner[f] = owner;
		s.next = first + count;
		this.ram.fill(first * PAGE, count * PAGE);
		return this.addr(first);
	}

	/** Give a frame back; its bytes stay as they were until it is zeroed on reuse. */
	release(pa: number): void {
		const f = this.frameOf(pa);
		if (f < 0 || this.s.owner[f] === FREE) return;
		this.s.owner[f] = FREE;
		this.s.free.push(f);
	}

	/** Every frame `owner` holds (a VM destroyed gives all of them back). */
	releaseAll(owner: number): number {
		let n = 0;
		const o = this.s.owner;
		for (let f = 0; f < o.length; f++)
			if (o[f] === owner) {
				o[f] = FREE;
				this.s.free.push(f);
				n++;
			}
		return n;
	}
}

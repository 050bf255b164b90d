/**
 * The physical disks' allocation blocks: who owns each, how many references it has, and the byte moves
 * to and from them. Every virtual disk reaches a physical disk only through here, so the isolation
 * check sits in one place: a virtual disk may touch a block only if its own VM owns it, or (reading)
 * if it is a base image's block.
 *
 * Allocation is deterministic: the lowest free blocks first (a minidisk: the first run that fits, as
 * IBM VM's directory placed minidisks). A block is zeroed when it is handed out, since a freed block
 * still holds another VM's data (frames.ts zeroes host frames for the same reason).
 */
import type { DiskImage } from '../../devices/virtio/disk-image';
import type { Extent } from '../../devices/virtio/block-store';
import { BASE, FREE, SECTOR, type DiskLayerState, type PhysicalDiskState } from './state';

/** One piece of a byte range cut at block boundaries. */
export interface Span {
	/** Block index within the range's own numbering (virtual block). */
	block: number;
	/** Byte offset within that block. */
	at: number;
	/** Byte offset within the request's buffer. */
	pos: number;
	length: number;
}

/** [offset, offset + length) cut at multiples of `blockBytes`. */
export function spans(offset: number, length: number, blockBytes: number): Span[] {
	const out: Span[] = [];
	for (let pos = 0; pos < length;) {
		const abs = offset + pos;
		const block = Math.floor(abs / blockBytes);
		const at = abs - block * blockBytes;
		const n = Math.min(blockBytes - at, length - pos);
		out.push({ block, at, pos, length: n });
		pos += n;
	}
	return out;
}

/** Append an extent, merged with the last one when it continues it. */
export function pushExtent(out: Extent[], disk: number, sector: number, count: number): void {
	const last = out[out.length - 1];
	if (last && last.disk === disk && last.sector + last.count === sector) last.count += count;
	else out.push({ disk, sector, count });
}

export class BlockSpace {
	constructor(
		private readonly images: readonly DiskImage[],
		private readonly layer: { readonly state: DiskLayerState }
	) {}

	private disk(d: number): PhysicalDiskState {
		return this.layer.state.disks[d];
	}

	get blockBytes(): number {
		return this.layer.state.blockSectors * SECTOR;
	}

	/** First sector of block `b`. */
	sectorOf(b: number): number {
		return b * this.layer.state.blockSectors;
	}

	free(d: number): number {
		return this.disk(d).free;
	}

	/** `count` blocks for `owner`, lowest free first, zeroed; null (nothing taken) if fewer are free. */
	allocate(d: number, owner: number, count: number): number[] | null {
		const s = this.disk(d);
		if (count > s.free) return null;
		const out: number[] = [];
		for (let b = 0; out.length < count && b < s.refs.length; b++) if (s.refs[b] === 0) out.push(b);
		for (const b of out) this.take(d, b, owner);
		return out;
	}

	/** The first run of `count` free blocks, for `owner`, zeroed: its first block, or -1. */
	allocateRun(d: number, owner: number, count: number): number {
		const first = this.firstRun(d, count);
		if (first >= 0) for (let b = first; b < first + count; b++) this.take(d, b, owner);
		return first;
	}

	/** Where a run of `count` free blocks starts (first fit), or -1. */
	firstRun(d: number, count: number): number {
		const refs = this.disk(d).refs;
		for (let b = 0, run = 0; b < refs.length; b++) {
			run = refs[b] === 0 ? run + 1 : 0;
			if (run === count && count > 0) return b - count + 1;
		}
		return count === 0 ? 0 : -1;
	}

	/** The longest run of free blocks. */
	largestRun(d: number): number {
		let best = 0;
		for (let b = 0, run = 0, refs = this.disk(d).refs; b < refs.length; b++) {
			run = refs[b] === 0 ? run + 1 : 0;
			best = Math.max(best, run);
		}
		return best;
	}

	/** One more reference (a snapshot freezing a block). */
	ref(d: number, b: number): void {
		this.disk(d).refs[b]++;
	}

	/** One reference fewer; at 0 the block is free (its bytes stay until it is zeroed on reuse). */
	unref(d: number, b: number): void {
		const s = this.disk(d);
		if (s.refs[b] <= 0) throw new RangeError(`block ${b} of ${s.name} is already free`);
		if (--s.refs[b] > 0) return;
		s.owner[b] = FREE;
		s.free++;
		s.freed++;
	}

	refs(d: number, b: number): number {
		return this.disk(d).refs[b];
	}

	read(d: number, b: number, at: number, length: number, who: number): Uint8Array {
		this.check(d, b, who, true);
		return this.images[d].read(b * this.blockBytes + at, length);
	}

	write(d: number, b: number, at: number, bytes: Uint8Array, who: number): void {
		this.check(d, b, who, false);
		this.images[d].write(b * this.blockBytes + at, bytes);
	}

	fill(d: number, b: number, at: number, length: number, who: number): void {
		this.check(d, b, who, false);
		this.images[d].fill(b * this.blockBytes + at, length, 0);
	}

	/** A whole block's bytes into another block (copy-on-write); the source may be on another disk. */
	copy(from: { disk: number; block: number; who: number }, d: number, b: number, who: number): void {
		const bytes = this.read(from.disk, from.block, 0, this.blockBytes, from.who);
		this.write(d, b, 0, bytes, who);
	}

	flushed(d: number): void {
		this.images[d].flushed();
	}

	private take(d: number, b: number, owner: number): void {
		const s = this.disk(d);
		s.owner[b] = owner;
		s.refs[b] = 1;
		s.free--;
		// Zero all of it now, not only what the coming write leaves: the write may never come (a reset
		// cancels it), and the block would then show the previous owner's bytes.
		this.images[d].fill(b * this.blockBytes, this.blockBytes, 0);
	}

	/** The isolation check: `who` may touch block `b` (a base's blocks only to read them). */
	private check(d: number, b: number, who: number, reading: boolean): void {
		const s = this.disk(d);
		const owner = b >= 0 && b < s.owner.length ? s.owner[b] : FREE;
		if (owner === who && (who !== BASE || reading)) return;
		const whose = owner === FREE ? 'free' : owner === BASE ? 'a base image' : `vm ${owner}`;
		const by = who === BASE ? 'a base image' : `vm ${who}`;
		throw new RangeError(
			`isolation: ${by} ${reading ? 'read' : 'wrote'} block ${b} of ${s.name}, ${whose}`
		);
	}
}

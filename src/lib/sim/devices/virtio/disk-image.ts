/**
 * A disk's bytes, as the history versions them: a paged store (trace/page-versions.ts) like RAM.
 *
 * Why this and not the image in the device's snapshot: step-back checkpoints are taken every few
 * hundred thousand steps, and copying a 64 MiB image each time would cost more than the run. RAM
 * solved the same problem by keeping page versions (only pages that changed since the last
 * checkpoint are stored); a disk image is one more paged store beside it. Unlike RAM, only the
 * device writes the image, so the image knows exactly which 4 KiB pages were written since the
 * last checkpoint (takeDirty) and the history compares only those, not all 64 MiB. A full machine
 * snapshot (Machine.snapshot() with RAM) still carries a whole copy, as it does for RAM.
 *
 * The buffer is padded to whole pages; `size` is the image's own length (capacity = size / 512).
 */
import type { PagedStore } from '../../trace/page-versions';
import type { BlockStore } from './block-store';

const PAGE = 4096;

export interface DiskWriteListener {
	/** Bytes [offset, offset + length) were written (a completed OUT, a discard). */
	written?(offset: number, length: number): void;
	/** Bytes [offset, offset + length) were discarded (read as zeros now); absent: written() hears it. */
	discarded?(offset: number, length: number): void;
	/** A FLUSH completed: everything written before it must be durable. */
	flushed?(): void;
}

export class DiskImage implements PagedStore, BlockStore {
	readonly u8: Uint8Array;
	readonly i32: Int32Array;
	/** The image's length in bytes (the buffer may be longer, to a whole page). */
	readonly size: number;
	private dirty = new Set<number>();
	/** Who hears about writes (the CLI writes them back to the image file). */
	readonly listeners: DiskWriteListener[] = [];

	constructor(
		readonly name: string,
		bytes: Uint8Array
	) {
		this.size = bytes.length;
		const buf = new ArrayBuffer(Math.max(PAGE, Math.ceil(bytes.length / PAGE) * PAGE));
		this.u8 = new Uint8Array(buf);
		this.u8.set(bytes);
		this.i32 = new Int32Array(buf);
	}

	/** 512-byte sectors (virtio-blk capacity, §5.2.4). */
	get sectors(): number {
		return Math.floor(this.size / 512);
	}

	read(offset: number, length: number): Uint8Array {
		return this.u8.slice(offset, offset + length);
	}

	write(offset: number, bytes: Uint8Array): void {
		this.u8.set(bytes, offset);
		this.mark(offset, bytes.length);
		for (const l of this.listeners) l.written?.(offset, bytes.length);
	}

	fill(offset: number, length: number, value = 0): void {
		this.u8.fill(value, offset, offset + length);
		this.mark(offset, length);
		for (const l of this.listeners) l.written?.(offset, length);
	}

	discard(offset: number, length: number): void {
		this.u8.fill(0, offset, offset + length);
		this.mark(offset, length);
		for (const l of this.listeners)
			if (l.discarded) l.discarded(offset, length);
			else l.written?.(offset, length);
	}

	flushed(): void {
		for (const l of this.listeners) l.flushed?.();
	}

	/** The image's bytes (a view, without the page padding). */
	bytes(): Uint8Array {
		return this.u8.subarray(0, this.size);
	}

	/** Replace the bytes (restoring a full snapshot); every page counts as written. */
	restoreAll(bytes: Uint8Array): void {
		if (bytes.length !== this.size)
			throw new RangeError(`snapshot of disk ${this.name} is ${bytes.length} bytes, not ${this.size}`);
		this.u8.set(bytes);
		this.mark(0, this.size);
	}

	/** Pages written since the last call (PagedStore.takeDirty). */
	takeDirty(): number[] {
		const out = [...this.dirty].sort((a, b) => a - b);
		this.dirty.clear();
		return out;
	}

	private mark(offset: number, length: number): void {
		if (length <= 0) return;
		for (let p = Math.floor(offset / PAGE), end = Math.floor((offset + length - 1) / PAGE); p <= end; p++)
			this.dirty.add(p);
	}
}

/**
 * What the three kinds of virtual disk share: the BlockStore a VM's virtio-blk device moves bytes
 * through, cut at allocation-block boundaries. A kind says only where a virtual block is (`resolve`),
 * whether a write needs a new block for it (`needs`), how to get those blocks (`reserve`, all or
 * none) and what a discard does; reads, writes and locate are the same for all three.
 *
 * A store is a live view over the layer's state, looked up on every call, so it stays valid when the
 * state is replaced by a restored copy.
 */
import type { BlockStore, Extent } from '../../devices/virtio/block-store';
import { pushExtent, spans, type BlockSpace, type Span } from './blocks';
import { SECTOR, show, type DiskLayerState, type VdiskKind, type VdiskState } from './state';

/** Where a virtual block's bytes are: a physical block, and who is reading or writing it. */
export interface Location {
	disk: number;
	block: number;
	/** The owner the access is made as (the VM, or BASE reading a base image). */
	who: number;
}

/**
 * 'discard' (beyond BlockStore's ops): reserves the blocks a discard of part of a copy-on-write
 * cluster needs, so its sectors can read as zeros. Call it when a DISCARD is submitted.
 */
export type LocateOp = 'read' | 'write' | 'discard';

export interface VirtualDisk extends BlockStore {
	readonly id: number;
	readonly kind: VdiskKind;
	locate(op: LocateOp, sector: number, count: number): Extent[] | 'no-space';
}

export abstract class VdiskStore<S extends VdiskState> implements VirtualDisk {
	abstract readonly kind: S['kind'];

	constructor(
		protected readonly space: BlockSpace,
		protected readonly layer: { readonly state: DiskLayerState },
		readonly id: number
	) {}

	/** This disk's state, as it is now. */
	protected get v(): S {
		const v = this.layer.state.vdisks[this.id];
		if (!v) throw new RangeError(`vdisk ${this.id}: released, or never created`);
		if (v.kind !== this.kind)
			throw new RangeError(`vdisk ${this.id}: is a ${v.kind} disk, not ${this.kind}`);
		return v as S;
	}

	get name(): string {
		return `vdisk${this.id}`;
	}

	get sectors(): number {
		return this.v.sectors;
	}

	get serial(): string {
		return this.v.serial;
	}

	/** Where virtual block `vb` is for a read; 'zero': it reads as zeros and touches no disk. */
	protected abstract resolve(vb: number): Location | 'zero';
	/** A write to `vb` needs a new block first (unallocated, or shared with a snapshot). */
	protected abstract needs(vb: number): boolean;
	/** New blocks for all of `vbs` (copying what they held), or none and false. */
	protected abstract reserve(vbs: number[]): boolean;
	protected abstract discardSpan(s: Span, whole: boolean): void;
	/** Every reference to a block of its disk this virtual disk holds (a block once per reference). */
	abstract references(): number[];

	read(offset: number, length: number): Uint8Array {
		this.range('read', offset, length);
		const out = new Uint8Array(length);
		for (const s of spans(offset, length, this.space.blockBytes)) {
			const at = this.resolve(s.block);
			if (at !== 'zero') out.set(this.space.read(at.disk, at.block, s.at, s.length, at.who), s.pos);
		}
		return out;
	}

	write(offset: number, bytes: Uint8Array): void {
		if (!(bytes instanceof Uint8Array)) throw new RangeError(`${this.name}.write: the data is not bytes`);
		this.range('write', offset, bytes.length);
		const ss = spans(offset, bytes.length, this.space.blockBytes);
		// Reserved at submission by locate('write'); only a write that skipped it (or raced a discard or
		// a snapshot of the same blocks) allocates here, and it cannot wait any more.
		if (!this.prepare(ss))
			throw new RangeError(
				`${this.name}: write at sector ${offset / SECTOR} needs blocks and ${this.diskName} is full ` +
					`(call locate('write') when the request is submitted)`
			);
		for (const s of ss) {
			const at = this.resolve(s.block) as Location;
			this.space.write(at.disk, at.block, s.at, bytes.subarray(s.pos, s.pos + s.length), at.who);
		}
	}

	discard(offset: number, length: number): void {
		this.range('discard', offset, length);
		for (const s of spans(offset, length, this.space.blockBytes)) this.discardSpan(s, this.whole(s));
	}

	/** The span covers its block (the last block of a disk not ending on a boundary: up to the end). */
	protected whole(s: Span): boolean {
		const bb = this.space.blockBytes;
		return s.at === 0 && (s.length === bb || s.block * bb + s.length === this.v.sectors * SECTOR);
	}

	flushed(): void {
		this.space.flushed(this.v.disk);
	}

	locate(op: LocateOp, sector: number, count: number): Extent[] | 'no-space' {
		if (!Number.isSafeInteger(sector) || !Number.isSafeInteger(count))
			throw new RangeError(
				`${this.name}.locate: sector ${show(sector)}, count ${show(count)} are not whole numbers`
			);
		this.range(op, sector * SECTOR, count * SECTOR);
		const ss = spans(sector * SECTOR, count * SECTOR, this.space.blockBytes);
		if (op === 'discard') return this.reserveDiscard(ss) ? [] : 'no-space';
		if (op === 'write' && !this.prepare(ss)) return 'no-space';
		const out: Extent[] = [];
		for (const s of ss) {
			const at = this.resolve(s.block);
			if (at !== 'zero')
				pushExtent(out, at.disk, this.space.sectorOf(at.block) + s.at / SECTOR, s.length / SECTOR);
		}
		return out;
	}

	/** Blocks a discard of part of a block will need (only copy-on-write has any). */
	protected reserveDiscard(_ss: Span[]): boolean {
		return true;
	}

	/** Every block the spans write has its own block afterwards, or nothing changed and false. */
	protected prepare(ss: Span[]): boolean {
		const vbs = [...new Set(ss.map((s) => s.block))].filter((vb) => this.needs(vb));
		return vbs.length === 0 || this.reserve(vbs);
	}

	protected get diskName(): string {
		return this.layer.state.disks[this.v.disk].name;
	}

	/** The device checked this against `sectors`; a store checks again, as nothing else stops a bug. */
	private range(op: string, offset: number, length: number): void {
		const end = this.v.sectors * SECTOR;
		if (
			!Number.isSafeInteger(offset) ||
			!Number.isSafeInteger(length) ||
			offset < 0 ||
			length < 0 ||
			offset % SECTOR !== 0 ||
			length % SECTOR !== 0 ||
			offset + length > end
		)
			throw new RangeError(
				`${this.name}.${op}: bytes at ${show(offset)}, length ${show(length)} are not whole sectors within [0, ${end})`
			);
	}
}

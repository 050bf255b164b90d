/**
 * A qcow2 image as a BlockStore (format.ts has the file format): reads fall through to the backing
 * file where the image holds no cluster; the first write to a cluster allocates one (copying the
 * cluster's current bytes from the backing file, or from the cluster a snapshot shares), as
 * hv/vdisk/cow.ts does with blocks of a physical disk.
 *
 * The tables are read whole when the image is opened (and checked: every offset in the file, every
 * cluster's refcount at least the references to it), and kept in memory; every change is written to
 * the file as it is made, so the file is always a valid image:
 *  - a new cluster's refcount is written before anything refers to it (a crash leaks, never corrupts);
 *  - its bytes before the L2 entry that maps them, an L2 table before the L1 entry naming it;
 *  - COPIED (bit 63 of an L1 or L2 entry) is written exactly when the cluster has one reference,
 *    so qemu-img check agrees, and a cluster with more (a snapshot holds it) is copied before a write.
 * Allocation takes the lowest free cluster (refcount 0), else the end of the file.
 */
import type { BlockStore } from '../block-store';
import {
	clusterSize,
	entryBytes,
	getEntry,
	hex,
	ImageError,
	l2Entries,
	parseHeader,
	putU64,
	SECTOR,
	type Header,
	type ImageFile
} from './format';
import { checkRefcounts, references } from './check';
import { parseSnapshots, type Snapshot } from './snapshot-table';

/** What a backing file offers: its virtual bytes (a raw file, or another qcow2 image). */
export interface BackingStore {
	/** Virtual size in bytes. */
	readonly size: number;
	read(offset: number, length: number): Uint8Array;
}

/** An L2 entry in memory: the data cluster's offset (0: none) plus 1 if it reads as zeros. */
const ZERO = 1;
const offsetOf = (e: number) => e - (e % 2);
const isZero = (e: number) => e % 2 === 1;

export class Qcow2Image implements BlockStore, BackingStore {
	readonly name: string;
	readonly cs: number;
	readonly l2n: number;
	readonly perBlock: number;
	/** The active L1 table: offsets of L2 tables (0: none). */
	readonly l1: number[];
	/** L2 tables by offset (the active ones and the snapshots'). */
	readonly l2 = new Map<number, number[]>();
	/** Refcount of each cluster, by cluster index (absent: 0). */
	readonly refcounts: number[] = [];
	/** The refcount table: offsets of refcount blocks (0: none). */
	readonly rtable: number[];
	readonly snapshots: Snapshot[];
	/** The snapshot table's length in bytes. */
	snapshotTableLength: number;
	/** No cluster below this one is free (where allocate starts looking). */
	private freeHint = 1;
	/** Clusters whose refcount is more than their references (leaked: harmless, as qemu-img check says). */
	leaked = 0;

	private constructor(
		readonly file: ImageFile,
		readonly header: Header,
		readonly backing: BackingStore | undefined,
		name: string
	) {
		this.name = name;
		this.cs = clusterSize(header);
		this.l2n = l2Entries(header);
		this.perBlock = this.cs / 2;
		this.l1 = this.readL1(header.l1Offset, header.l1Size, 'L1');
		this.rtable = this.readTable(
			header.refcountTableOffset,
			(header.refcountTableClusters * this.cs) / 8,
			'refcount table'
		);
		this.rtable.forEach((blk, i) => {
			if (blk === 0) return;
			const b = file.read(blk, this.cs);
			for (let k = 0; k < this.perBlock; k++) {
				const v = (b[2 * k] << 8) | b[2 * k + 1];
				if (v) this.refcounts[i * this.perBlock + k] = v;
			}
		});
		const table = parseSnapshots(file, header.snapshotsOffset, header.nbSnapshots, this.cs);
		this.snapshots = table.snapshots;
		this.snapshotTableLength = table.length;
		this.snapshots.forEach((s) => this.readL1(s.l1Offset, s.l1Size, `snapshot '${s.name}' L1`));
		this.leaked = checkRefcounts(this);
	}

	/** Open and check an image; throws ImageError naming the offset of the first thing wrong. */
	static open(file: ImageFile, backing?: BackingStore, name = 'qcow2'): Qcow2Image {
		const header = parseHeader(file);
		if (header.backingFile !== undefined && !backing)
			throw new ImageError(8, `the image needs its backing file '${header.backingFile}'`);
		return new Qcow2Image(file, header, header.backingFile !== undefined ? backing : undefined, name);
	}

	get size(): number {
		return this.header.virtualSize;
	}
	get sectors(): number {
		return this.header.virtualSize / SECTOR;
	}

	/** Table entries that must each be a cluster in the file: an L1 table (and its L2 tables), or the refcount table. */
	private readTable(offset: number, count: number, what: string): number[] {
		const b = this.file.read(offset, count * 8);
		const out: number[] = [];
		for (let i = 0; i < count; i++) {
			const e = getEntry(b, i * 8);
			if (e.reserved || e.compressed || e.zero || e.offset % this.cs !== 0)
				throw new ImageError(
					offset + i * 8,
					`${what} entry ${i} has reserved bits set or is not cluster-aligned`
				);
			if (e.offset + this.cs > this.fileEnd)
				throw new ImageError(
					offset + i * 8,
					`${what} entry ${i}: ${hex(e.offset)} is past the end of the file (${hex(this.file.size)} bytes)`
				);
			out.push(e.offset);
		}
		return out;
	}

	private get fileEnd(): number {
		return Math.ceil(this.file.size / this.cs) * this.cs;
	}

	private readL1(offset: number, count: number, what: string): number[] {
		const l1 = this.readTable(offset, count, what);
		for (const t of l1) if (t && !this.l2.has(t)) this.l2.set(t, this.readL2(t));
		return l1;
	}

	private readL2(offset: number): number[] {
		const b = this.file.read(offset, this.cs);
		const out: number[] = [];
		for (let i = 0; i < this.l2n; i++) {
			const at = offset + i * 8;
			const e = getEntry(b, i * 8);
			if (e.compressed)
				throw new ImageError(at, `L2 entry ${i}: compressed clusters are not supported`);
			if (e.reserved || e.offset % this.cs !== 0 || (e.zero && this.header.version === 2))
				throw new ImageError(at, `L2 entry ${i} has reserved bits set or is not cluster-aligned`);
			if (e.offset + this.cs > this.fileEnd)
				throw new ImageError(
					at,
					`L2 entry ${i}: data cluster ${hex(e.offset)} is past the end of the file (${hex(this.file.size)} bytes)`
				);
			out.push(e.offset + (e.zero ? ZERO : 0));
		}
		return out;
	}

	/** Every cluster the file's structures use, with the references to it (check.ts). */
	references(): Map<number, number> {
		return references(this);
	}

	snapshotL1(s: Snapshot): number[] {
		return this.readTable(s.l1Offset, s.l1Size, `snapshot '${s.name}' L1`);
	}

	refcount(c: number): number {
		return this.refcounts[c] ?? 0;
	}
	refOf(offset: number): number {
		return this.refcount(offset / this.cs);
	}

	/** Set a cluster's refcount in the file (making its refcount block if there is none yet). */
	setRef(offset: number, v: number): void {
		const c = offset / this.cs;
		const i = Math.floor(c / this.perBlock);
		if (i >= this.rtable.length)
			throw new ImageError(
				this.header.refcountTableOffset,
				`the refcount table (${this.rtable.length} blocks) cannot cover cluster ${hex(offset)}: the image is full`
			);
		if (!this.rtable[i]) {
			// A new refcount block covers itself: the first cluster of its range that is not `c`.
			const first = i * this.perBlock;
			const blk = (first === c ? first + 1 : first) * this.cs;
			const b = new Uint8Array(this.cs);
			b[((blk / this.cs) % this.perBlock) * 2 + 1] = 1;
			this.file.write(blk, b);
			this.refcounts[blk / this.cs] = 1;
			this.file.write(this.header.refcountTableOffset + i * 8, entryBytes(blk, false));
			this.rtable[i] = blk;
		}
		this.file.write(this.rtable[i] + (c % this.perBlock) * 2, new Uint8Array([v >> 8, v & 0xff]));
		if (v) this.refcounts[c] = v;
		else {
			delete this.refcounts[c];
			this.freeHint = Math.min(this.freeHint, c);
		}
	}

	/**
	 * `n` contiguous free clusters (lowest first, else at the end of the file), each with refcount 1.
	 * The first two clusters of a range without a refcount block stay free: setRef puts the range's
	 * new block there.
	 */
	allocate(n = 1): number {
		let c = this.freeHint;
		for (let run = 0; ; c++) {
			const fresh = !this.rtable[Math.floor(c / this.perBlock)] && c % this.perBlock < 2;
			run = this.refcount(c) === 0 && !fresh ? run + 1 : 0;
			if (run === n) break;
		}
		const first = c - n + 1;
		if (n === 1) this.freeHint = first + 1;
		for (let k = 0; k < n; k++) this.setRef((first + k) * this.cs, 1);
		return first * this.cs;
	}

	unref(offset: number): void {
		if (offset) this.setRef(offset, this.refOf(offset) - 1);
	}

	/** The cluster's bytes [at, at + length) as the guest sees them. */
	private readCluster(vc: number, at: number, length: number): Uint8Array {
		const t = this.l1[Math.floor(vc / this.l2n)];
		const e = t ? this.l2.get(t)![vc % this.l2n] : 0;
		if (isZero(e)) return new Uint8Array(length);
		if (e) return this.file.read(e + at, length);
		const from = vc * this.cs + at;
		const out = new Uint8Array(length);
		if (this.backing && from < this.backing.size)
			out.set(this.backing.read(from, Math.min(length, this.backing.size - from)));
		return out;
	}

	read(offset: number, length: number): Uint8Array {
		const out = new Uint8Array(length);
		for (let pos = 0; pos < length;) {
			const vc = Math.floor((offset + pos) / this.cs);
			const at = offset + pos - vc * this.cs;
			const n = Math.min(this.cs - at, length - pos);
			out.set(this.readCluster(vc, at, n), pos);
			pos += n;
		}
		return out;
	}

	write(offset: number, bytes: Uint8Array): void {
		this.clearAutoclear();
		for (let pos = 0; pos < bytes.length;) {
			const vc = Math.floor((offset + pos) / this.cs);
			const at = offset + pos - vc * this.cs;
			const n = Math.min(this.cs - at, bytes.length - pos);
			this.writeCluster(vc, at, bytes.subarray(pos, pos + n));
			pos += n;
		}
	}

	private writeCluster(vc: number, at: number, bytes: Uint8Array): void {
		const t = this.ownL2(Math.floor(vc / this.l2n));
		const i = vc % this.l2n;
		const e = this.l2.get(t)![i];
		const own = offsetOf(e);
		if (own && !isZero(e) && this.refOf(own) === 1) {
			this.file.write(own + at, bytes);
			return;
		}
		const cluster = this.readCluster(vc, 0, this.cs);
		cluster.set(bytes, at);
		const target = own && this.refOf(own) === 1 ? own : this.allocate();
		this.file.write(target, cluster);
		this.setEntry(t, i, target);
		if (own && own !== target) this.unref(own);
	}

	/** Cluster-aligned parts map to zeros (v3's zero flag over a backing file), the rest is written. */
	discard(offset: number, length: number): void {
		const end = offset + length;
		for (let pos = offset; pos < end;) {
			const vc = Math.floor(pos / this.cs);
			const n = Math.min((vc + 1) * this.cs, end) - pos;
			if (n < this.cs || (this.header.version === 2 && this.backing))
				this.write(pos, new Uint8Array(n));
			else {
				const t = this.ownL2(Math.floor(vc / this.l2n));
				const own = offsetOf(this.l2.get(t)![vc % this.l2n]);
				this.clearAutoclear();
				this.setEntry(t, vc % this.l2n, this.backing ? ZERO : 0);
				this.unref(own);
			}
			pos += n;
		}
	}

	flushed(): void {
		this.file.flush?.();
	}

	/** The L2 table for L1 index `i`, made or copied so that only the active L1 refers to it. */
	private ownL2(i: number): number {
		const t = this.l1[i];
		if (t && this.refOf(t) === 1) return t;
		const table = t ? this.l2.get(t)!.slice() : new Array<number>(this.l2n).fill(0);
		const fresh = this.allocate();
		this.l2.set(fresh, table);
		this.writeL2(fresh);
		this.l1[i] = fresh;
		this.writeL1Entry(i);
		if (t) {
			this.unref(t);
			if (this.refOf(t) === 0) this.l2.delete(t);
		}
		return fresh;
	}

	private setEntry(t: number, i: number, e: number): void {
		this.l2.get(t)![i] = e;
		this.file.write(t + i * 8, entryBytes(offsetOf(e), this.refOf(offsetOf(e)) === 1, isZero(e)));
	}

	/** Write an L2 table with its COPIED flags as the refcounts say now. */
	writeL2(t: number): void {
		const b = new Uint8Array(this.cs);
		this.l2
			.get(t)!
			.forEach((e, i) =>
				b.set(entryBytes(offsetOf(e), this.refOf(offsetOf(e)) === 1, isZero(e)), i * 8)
			);
		this.file.write(t, b);
	}

	writeL1Entry(i: number): void {
		this.file.write(this.header.l1Offset + i * 8, entryBytes(this.l1[i], this.refOf(this.l1[i]) === 1));
	}

	/** Rewrite the active tables' COPIED flags (after snapshots changed the refcounts). */
	rewriteActive(): void {
		this.l1.forEach((t, i) => {
			this.writeL1Entry(i);
			if (t) this.writeL2(t);
		});
	}

	/** qcow2.txt: autoclear bits must be cleared by a writer that does not know them. */
	private clearAutoclear(): void {
		if (this.header.version !== 3 || this.header.autoclear === 0) return;
		this.header.autoclear = 0;
		const b = new Uint8Array(8);
		putU64(b, 0, 0);
		this.file.write(88, b);
	}

	/** Virtual clusters this image holds itself (not read from the backing file nor zero-mapped). */
	get allocatedClusters(): number {
		return this.clustersOf(this.l1);
	}

	/** Data clusters an L1 table (the active one, or a snapshot's) maps. */
	clustersOf(l1: readonly number[]): number {
		let n = 0;
		for (const t of l1) if (t) for (const e of this.l2.get(t)!) if (e && !isZero(e)) n++;
		return n;
	}
}

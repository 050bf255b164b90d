/**
 * A new, empty qcow2 image (version 3, as `qemu-img create -f qcow2` makes): the header in cluster 0,
 * then the refcount table, the refcount blocks covering the metadata, and the L1 table (all its
 * entries 0: every cluster unallocated, read from the backing file or as zeros), as QEMU lays them out.
 */
import {
	DEFAULT_CLUSTER_BITS,
	encodeHeader,
	entryBytes,
	MAX_CLUSTER_BITS,
	MIN_CLUSTER_BITS,
	SECTOR,
	type Header
} from './format';

export interface CreateOptions {
	/** Virtual size in bytes, a whole number of 512-byte sectors. */
	virtualSize: number;
	/** log2 of the cluster size (default 16: 64 KiB, qemu-img's default). */
	clusterBits?: number;
	/** The backing file's name as the header stores it (relative to the image's own directory). */
	backingFile?: string;
	/** The backing file's format ('raw' or 'qcow2'), stored so no reader has to probe it. */
	backingFormat?: string;
}

/** The image's bytes; throws a RangeError for a size or cluster size out of range. */
export function createQcow2(o: CreateOptions): Uint8Array {
	const bits = o.clusterBits ?? DEFAULT_CLUSTER_BITS;
	if (!Number.isInteger(bits) || bits < MIN_CLUSTER_BITS || bits > MAX_CLUSTER_BITS)
		throw new RangeError(`cluster size 2^${bits} is not in 512 bytes..2 MiB`);
	if (!Number.isSafeInteger(o.virtualSize) || o.virtualSize < SECTOR || o.virtualSize % SECTOR !== 0)
		throw new RangeError(`size ${o.virtualSize} is not a positive whole number of 512-byte sectors`);
	const cs = 2 ** bits;
	const perBlock = cs / 2;
	const l2Span = (cs / 8) * cs;
	const l1Size = Math.ceil(o.virtualSize / l2Span);
	const l1Clusters = Math.max(1, Math.ceil((l1Size * 8) / cs));
	// Room in the refcount table for a file twice the virtual size (data, tables and snapshots' copies).
	const most = 2 * Math.ceil(o.virtualSize / cs) + 2 * l1Size + 64;
	const rtClusters = Math.ceil((Math.ceil(most / perBlock) * 8) / cs);
	let blocks = 1;
	while (1 + rtClusters + blocks + l1Clusters > blocks * perBlock) blocks++;
	const rtOffset = cs;
	const blocksOffset = rtOffset + rtClusters * cs;
	const l1Offset = blocksOffset + blocks * cs;
	const total = 1 + rtClusters + blocks + l1Clusters;
	const h: Header = {
		version: 3,
		clusterBits: bits,
		virtualSize: o.virtualSize,
		l1Size,
		l1Offset,
		refcountTableOffset: rtOffset,
		refcountTableClusters: rtClusters,
		nbSnapshots: 0,
		snapshotsOffset: 0,
		incompatible: 0,
		compatible: 0,
		autoclear: 0,
		headerLength: 104,
		backingFile: o.backingFile,
		backingFormat: o.backingFile !== undefined ? o.backingFormat : undefined
	};
	const out = new Uint8Array(total * cs);
	out.set(encodeHeader(h), 0);
	for (let b = 0; b < blocks; b++) out.set(entryBytes(blocksOffset + b * cs, false), rtOffset + b * 8);
	for (let c = 0; c < total; c++) out[blocksOffset + c * 2 + 1] = 1; // blocks are contiguous: one array
	return out;
}

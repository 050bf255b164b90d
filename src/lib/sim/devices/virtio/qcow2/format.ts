/**
 * qcow2 image files, the subset vmscope reads and writes (qemu docs/interop/qcow2.txt): versions 2
 * and 3, no encryption, no compression, 16-bit refcounts, no external data file, no extended L2.
 * The same ideas as the hypervisor's copy-on-write disks (hv/vdisk/cow.ts), but in a file that
 * qemu-img and QEMU also read: a header in cluster 0, a two-level table (an L1 table of L2 table
 * offsets, L2 tables of data cluster offsets), a refcount table of refcount blocks giving every
 * cluster of the file its number of references, a backing file for clusters the image does not hold,
 * and snapshots (a frozen copy of the L1 table whose clusters hold one more reference each).
 *
 * Pure (no node:fs): the image is reached through an ImageFile, bytes in memory in the browser or a
 * file descriptor in the CLI. Every parse error is an ImageError naming the byte offset and why.
 *
 * Header (big-endian, qcow2.txt "Header"):
 *   0 magic 'QFI\xfb'    4 version           8 backing_file_offset  16 backing_file_size
 *  20 cluster_bits      24 size (virtual)   32 crypt_method        36 l1_size
 *  40 l1_table_offset   48 refcount_table_offset                   56 refcount_table_clusters
 *  60 nb_snapshots      64 snapshots_offset
 *  v3: 72 incompatible_features  80 compatible_features  88 autoclear_features
 *      96 refcount_order          100 header_length
 * then header extensions (type, length, data padded to 8) up to type 0, and the backing file name.
 */

export const QCOW2_MAGIC = 0x514649fb;
export const SECTOR = 512;
/** qcow2.txt: cluster_bits must be in 9..21 (QEMU's MIN/MAX_CLUSTER_BITS). */
export const MIN_CLUSTER_BITS = 9;
export const MAX_CLUSTER_BITS = 21;
export const DEFAULT_CLUSTER_BITS = 16;
const V2_HEADER = 72;
const V3_HEADER = 104;
/** Offsets within an L1 or L2 entry (bits 9..55) and its flags (qcow2.txt "Cluster mapping"). */
const OFFSET_HI_MASK = 0x00ffffff;
const COPIED_HI = 0x80000000;
const COMPRESSED_HI = 0x40000000;
/** Header extension types (qcow2.txt "Header extensions"). */
export const EXT_END = 0;
export const EXT_BACKING_FORMAT = 0xe2792aca;
/** Offsets beyond this are past any file vmscope can hold. */
const MAX_OFFSET = 2 ** 53;

/** The bytes of an image, in memory or in a file; reads past the end are zeros. */
export interface ImageFile {
	readonly size: number;
	read(offset: number, length: number): Uint8Array;
	write(offset: number, bytes: Uint8Array): void;
	/** Make what was written durable (fsync); absent in memory. */
	flush?(): void;
}

/** An ImageFile in memory (the browser, tests): grows as it is written. */
export class MemoryFile implements ImageFile {
	private buf: Uint8Array;
	private length: number;
	constructor(bytes: Uint8Array = new Uint8Array(0)) {
		this.buf = bytes.slice();
		this.length = bytes.length;
	}
	get size(): number {
		return this.length;
	}
	read(offset: number, length: number): Uint8Array {
		const out = new Uint8Array(length);
		if (offset < this.length) out.set(this.buf.subarray(offset, Math.min(offset + length, this.length)));
		return out;
	}
	write(offset: number, bytes: Uint8Array): void {
		const end = offset + bytes.length;
		if (end > this.buf.length) {
			const grown = new Uint8Array(Math.max(end, this.buf.length * 2));
			grown.set(this.buf.subarray(0, this.length));
			this.buf = grown;
		}
		this.buf.set(bytes, offset);
		this.length = Math.max(this.length, end);
	}
	bytes(): Uint8Array {
		return this.buf.slice(0, this.length);
	}
}

/** A corrupt or unsupported image: where in the file, and why. */
export class ImageError extends Error {
	constructor(
		readonly offset: number,
		readonly reason: string,
		/** The file it is in, when known. */
		readonly file?: string
	) {
		super(`${file ? `${file}: ` : ''}offset ${hex(offset)}: ${reason}`);
		this.name = 'ImageError';
	}
}

export const hex = (n: number) => `0x${n.toString(16)}`;

export function getU32(b: Uint8Array, at: number): number {
	return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}
export function putU32(b: Uint8Array, at: number, v: number): void {
	b[at] = v >>> 24;
	b[at + 1] = v >>> 16;
	b[at + 2] = v >>> 8;
	b[at + 3] = v;
}
/** A u64 as a number: exact below 2^53, and MAX_OFFSET (past any end) above. */
export function getU64(b: Uint8Array, at: number): number {
	const hi = getU32(b, at);
	return hi >= 0x200000 ? MAX_OFFSET : hi * 2 ** 32 + getU32(b, at + 4);
}
export function putU64(b: Uint8Array, at: number, v: number): void {
	putU32(b, at, Math.floor(v / 2 ** 32));
	putU32(b, at + 4, v % 2 ** 32);
}
export const u64Bytes = (v: number) => {
	const b = new Uint8Array(8);
	putU64(b, 0, v);
	return b;
};

/** A table entry (L1 or L2) as found: its offset and flags, and what is wrong with it, if anything. */
export interface Entry {
	offset: number;
	copied: boolean;
	compressed: boolean;
	/** L2 only, qcow2 v3: the cluster reads as zeros (bit 0). */
	zero: boolean;
	/** Reserved bits set (1..8 and 56..61). */
	reserved: boolean;
}

export function getEntry(b: Uint8Array, at: number): Entry {
	const hi = getU32(b, at);
	const lo = getU32(b, at + 4);
	return {
		offset: (hi & OFFSET_HI_MASK) * 2 ** 32 + ((lo & ~0x1ff) >>> 0),
		copied: (hi & COPIED_HI) !== 0,
		compressed: (hi & COMPRESSED_HI) !== 0,
		zero: (lo & 1) !== 0,
		reserved: (hi & 0x3f000000) !== 0 || (lo & 0x1fe) !== 0
	};
}

/** An entry's 8 bytes: COPIED exactly when the cluster has one reference (qcow2.txt, bit 63). */
export function entryBytes(offset: number, copied: boolean, zero = false): Uint8Array {
	const b = u64Bytes(offset + (zero ? 1 : 0));
	if (copied && offset !== 0) b[0] |= 0x80;
	return b;
}

export interface Header {
	version: 2 | 3;
	clusterBits: number;
	virtualSize: number;
	l1Size: number;
	l1Offset: number;
	refcountTableOffset: number;
	refcountTableClusters: number;
	nbSnapshots: number;
	snapshotsOffset: number;
	incompatible: number;
	compatible: number;
	autoclear: number;
	headerLength: number;
	backingFile?: string;
	/** The backing format extension ('raw', 'qcow2'), when present. */
	backingFormat?: string;
}

export const clusterSize = (h: { clusterBits: number }) => 2 ** h.clusterBits;
/** Entries in one L2 table (a cluster of 8-byte entries). */
export const l2Entries = (h: { clusterBits: number }) => clusterSize(h) / 8;

/** Incompatible feature bits (qcow2.txt): which ones vmscope cannot honour, and what they are. */
const INCOMPATIBLE: Record<number, string> = {
	0: 'the dirty bit (lazy refcounts were in use: repair it with qemu-img check -r all)',
	1: 'the corrupt bit (QEMU found this image inconsistent)',
	2: 'an external data file',
	3: 'a compression type other than zlib',
	4: 'extended L2 entries (subclusters)'
};

/** Parse and check the header of `file` (magic, version, fields in range, extensions). */
export function parseHeader(file: ImageFile): Header {
	const size = file.size;
	const b = file.read(0, Math.min(Math.max(size, 0), 2 ** MAX_CLUSTER_BITS));
	if (size < V2_HEADER)
		throw new ImageError(size, `the file is ${size} bytes, shorter than a qcow2 header (72)`);
	if (getU32(b, 0) !== QCOW2_MAGIC)
		throw new ImageError(0, `magic ${hex(getU32(b, 0))} is not qcow2's (0x514649fb)`);
	const version = getU32(b, 4);
	if (version !== 2 && version !== 3) throw new ImageError(4, `version ${version} is not 2 or 3`);
	const clusterBits = getU32(b, 20);
	if (clusterBits < MIN_CLUSTER_BITS || clusterBits > MAX_CLUSTER_BITS)
		throw new ImageError(
			20,
			`cluster_bits ${clusterBits} is not in ${MIN_CLUSTER_BITS}..${MAX_CLUSTER_BITS}`
		);
	const cs = 2 ** clusterBits;
	const virtualSize = getU64(b, 24);
	if (virtualSize % SECTOR !== 0 || virtualSize >= MAX_OFFSET)
		throw new ImageError(24, `virtual size ${virtualSize} is not a whole number of 512-byte sectors`);
	if (getU32(b, 32) !== 0)
		throw new ImageError(32, `crypt_method ${getU32(b, 32)}: encrypted images are not supported`);
	const h: Header = {
		version,
		clusterBits,
		virtualSize,
		l1Size: getU32(b, 36),
		l1Offset: getU64(b, 40),
		refcountTableOffset: getU64(b, 48),
		refcountTableClusters: getU32(b, 56),
		nbSnapshots: getU32(b, 60),
		snapshotsOffset: getU64(b, 64),
		incompatible: 0,
		compatible: 0,
		autoclear: 0,
		headerLength: V2_HEADER
	};
	if (version === 3) {
		if (size < V3_HEADER)
			throw new ImageError(size, `the file is ${size} bytes, shorter than a qcow2 v3 header (104)`);
		h.incompatible = getU64(b, 72);
		h.compatible = getU64(b, 80);
		h.autoclear = getU64(b, 88);
		for (let bit = 0; bit < 53; bit++)
			if (Math.floor(h.incompatible / 2 ** bit) % 2 === 1)
				throw new ImageError(
					72,
					`incompatible feature bit ${bit} set: ${INCOMPATIBLE[bit] ?? 'unknown to vmscope'}`
				);
		const order = getU32(b, 96);
		if (order !== 4)
			throw new ImageError(96, `refcount_order ${order}: only 16-bit refcounts (4) are supported`);
		h.headerLength = getU32(b, 100);
		if (h.headerLength < V3_HEADER || h.headerLength % 8 !== 0 || h.headerLength > cs)
			throw new ImageError(
				100,
				`header_length ${h.headerLength} is not a multiple of 8 in ${V3_HEADER}..${cs}`
			);
	}
	const clusters = Math.ceil(size / cs);
	const inFile = (at: number, field: string, value: number, bytes: number) => {
		if (value % cs !== 0)
			throw new ImageError(
				at,
				`${field} ${hex(value)} is not a multiple of the cluster size (${hex(cs)})`
			);
		if (value === 0 && bytes > 0) throw new ImageError(at, `${field} is 0, the header's own cluster`);
		if (value + bytes > clusters * cs)
			throw new ImageError(
				at,
				`${field} ${hex(value)} (${bytes} bytes) is past the end of the file (${hex(size)} bytes)`
			);
	};
	const l2Span = (cs / 8) * cs;
	if (h.l1Size < Math.ceil(virtualSize / l2Span))
		throw new ImageError(
			36,
			`l1_size ${h.l1Size} maps less than the virtual size (needs ${Math.ceil(virtualSize / l2Span)})`
		);
	if (h.l1Size > 0x2000000)
		throw new ImageError(36, `l1_size ${h.l1Size} is larger than QEMU allows (32 MiB of L1)`);
	inFile(40, 'L1 table offset', h.l1Offset, h.l1Size * 8);
	if (h.refcountTableClusters === 0) throw new ImageError(56, 'refcount_table_clusters is 0');
	inFile(48, 'refcount table offset', h.refcountTableOffset, h.refcountTableClusters * cs);
	if (h.nbSnapshots > 65536)
		throw new ImageError(60, `nb_snapshots ${h.nbSnapshots} is more than QEMU allows (65536)`);
	if (h.nbSnapshots > 0) inFile(64, 'snapshot table offset', h.snapshotsOffset, 40 * h.nbSnapshots);
	const backingOffset = getU64(b, 8);
	const backingSize = getU32(b, 16);
	// Extensions end where the backing file name starts (a v2 image may put it right after the header).
	parseExtensions(b, h, backingOffset !== 0 ? Math.min(backingOffset, cs) : Math.min(cs, size));
	if (backingOffset !== 0) {
		if (backingSize === 0 || backingSize > 1023)
			throw new ImageError(16, `backing_file_size ${backingSize} is not in 1..1023`);
		if (backingOffset < h.headerLength || backingOffset + backingSize > Math.min(cs, size))
			throw new ImageError(
				8,
				`backing file name at ${hex(backingOffset)} (${backingSize} bytes) is not within the header's cluster`
			);
		h.backingFile = new TextDecoder().decode(b.subarray(backingOffset, backingOffset + backingSize));
	}
	return h;
}

/** Header extensions, from header_length (v3) or 72 (v2) to the end marker or `end`. */
function parseExtensions(b: Uint8Array, h: Header, end: number): void {
	for (let at = h.headerLength; at < end;) {
		if (at + 8 > end) throw new ImageError(at, `header extension at ${hex(at)} runs past ${hex(end)}`);
		const type = getU32(b, at);
		const length = getU32(b, at + 4);
		if (type === EXT_END) return;
		if (at + 8 + length > end)
			throw new ImageError(
				at + 4,
				`header extension ${hex(type)} of ${length} bytes runs past ${hex(end)}`
			);
		if (type === EXT_BACKING_FORMAT)
			h.backingFormat = new TextDecoder().decode(b.subarray(at + 8, at + 8 + length));
		at += 8 + Math.ceil(length / 8) * 8;
	}
}

/** A new image's header cluster (v3, no extensions but the backing format). */
export function encodeHeader(h: Header): Uint8Array {
	const cs = clusterSize(h);
	const b = new Uint8Array(cs);
	putU32(b, 0, QCOW2_MAGIC);
	putU32(b, 4, h.version);
	putU32(b, 20, h.clusterBits);
	putU64(b, 24, h.virtualSize);
	putU32(b, 36, h.l1Size);
	putU64(b, 40, h.l1Offset);
	putU64(b, 48, h.refcountTableOffset);
	putU32(b, 56, h.refcountTableClusters);
	putU32(b, 60, h.nbSnapshots);
	putU64(b, 64, h.snapshotsOffset);
	let at = V2_HEADER;
	if (h.version === 3) {
		putU64(b, 72, h.incompatible);
		putU64(b, 80, h.compatible);
		putU64(b, 88, h.autoclear);
		putU32(b, 96, 4);
		putU32(b, 100, V3_HEADER);
		at = V3_HEADER;
	}
	const text = new TextEncoder();
	if (h.backingFormat) {
		const f = text.encode(h.backingFormat);
		putU32(b, at, EXT_BACKING_FORMAT);
		putU32(b, at + 4, f.length);
		b.set(f, at + 8);
		at += 8 + Math.ceil(f.length / 8) * 8;
	}
	at += 8; // the end marker: type 0, length 0
	if (h.backingFile) {
		const name = text.encode(h.backingFile);
		if (name.length > 1023 || at + name.length > cs)
			throw new RangeError(`backing file name of ${name.length} bytes does not fit the header`);
		putU64(b, 8, at);
		putU32(b, 16, name.length);
		b.set(name, at);
	}
	return b;
}

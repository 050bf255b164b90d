/**
 * The virtual disk layer's state, as plain data: it travels in the hypervisor's snapshot, and restoring
 * is assigning a structuredClone of it. The bytes are not here: they live in the physical disks'
 * DiskImages, which the step-back history already versions by page (disk-image.ts).
 *
 * Each physical disk is cut into allocation blocks of `blockSectors` sectors (64 KiB by default, as
 * qcow2's default cluster size). A block has one owner (a VM, or a base image shared by its clones)
 * and a reference count: 1 for a block in use, more when copy-on-write snapshots also hold it, 0 free.
 */

export const SECTOR = 512;
/** 64 KiB: qcow2's default cluster size (docs/interop/qcow2.txt, cluster_bits = 16). */
export const DEFAULT_BLOCK_SECTORS = 128;
/**
 * Entries in one L2 table. qcow2 fills a whole cluster with 8-byte entries (8192 at 64 KiB), so a
 * small teaching disk would have one L2 table; 64 gives a 64 MiB overlay 16 tables to look at.
 */
export const DEFAULT_L2_ENTRIES = 64;
/** The most blocks one virtual disk maps (4 GiB at 64 KiB): its map is a dense array in the state. */
export const MAX_VDISK_BLOCKS = 65536;

/** Owner values besides a VM id (0, 1, ...). */
export const FREE = -1;
/** A base image's block: read-only, shared by every clone of the base. */
export const BASE = -2;
/** Reserved for the layer's own metadata; unused, as the tables live in this state, not on disk. */
export const METADATA = -3;

/** A cow L2 entry besides a physical block number. */
export const UNALLOCATED = -1;
/** The cluster reads as zeros, whatever the base holds (qcow2 v3's "all zeroes" L2 flag, bit 0). */
export const ZERO_CLUSTER = -2;

export interface PhysicalDiskState {
	name: string;
	sectors: number;
	/** Owner of each block: FREE, BASE or a VM id. */
	owner: number[];
	/** References to each block (0: free). */
	refs: number[];
	/** Blocks with refs 0. */
	free: number;
	/** Blocks freed since power-on: a VM paused on 'no-space' may retry when this grows. */
	freed: number;
}

/** A read-only base image (a qcow2 backing file) placed once on a physical disk. */
export interface BaseState {
	name: string;
	disk: number;
	sectors: number;
	/** Physical block of each of its blocks. */
	blocks: number[];
}

interface VdiskCommon {
	vm: number;
	/** The physical disk its own blocks are on. */
	disk: number;
	sectors: number;
	serial: string;
}

/** IBM VM's minidisk: a fixed run of blocks of one physical disk, given when it is defined. */
export interface MinidiskState extends VdiskCommon {
	kind: 'minidisk';
	first: number;
	blocks: number;
}

/** Thin provisioning: virtual block → physical block (UNALLOCATED until first written). */
export interface ThinState extends VdiskCommon {
	kind: 'thin';
	map: number[];
}

/** L1 → L2 tables (null: no L2 table yet, every cluster it would map unallocated). */
export type L1Table = (number[] | null)[];

export interface CowSnapshot {
	name: string;
	/** The overlay's tables when it was taken (qcow2 copies the L1 table; here the L2s too). */
	l1: L1Table;
	/** Clusters the overlay held then. */
	clusters: number;
}

/** A copy-on-write overlay over a base image (a simplified qcow2 with a backing file). */
export interface CowState extends VdiskCommon {
	kind: 'cow';
	base: number;
	l1: L1Table;
	snapshots: CowSnapshot[];
}

export type VdiskState = MinidiskState | ThinState | CowState;
export type VdiskKind = VdiskState['kind'];

export interface DiskLayerState {
	blockSectors: number;
	l2Entries: number;
	disks: PhysicalDiskState[];
	bases: BaseState[];
	/** By vdisk id; null once its VM is released (ids are never reused). */
	vdisks: (VdiskState | null)[];
}

/** A value in an error message, whatever it is (String() throws on a symbol's or null-prototype's). */
export function show(value: unknown): string {
	try {
		return typeof value === 'symbol' ? value.toString() : String(value);
	} catch {
		return Object.prototype.toString.call(value);
	}
}

/** A fresh layer over physical disks of these sizes: every block free. */
export function newDiskLayerState(
	disks: readonly { name: string; sectors: number }[],
	blockSectors = DEFAULT_BLOCK_SECTORS,
	l2Entries = DEFAULT_L2_ENTRIES
): DiskLayerState {
	if (!Number.isSafeInteger(blockSectors) || blockSectors < 1)
		throw new RangeError(
			`blockSectors: ${show(blockSectors)} is not a whole number of sectors, 1 or more`
		);
	if (!Number.isSafeInteger(l2Entries) || l2Entries < 1)
		throw new RangeError(`l2Entries: ${show(l2Entries)} is not a whole number, 1 or more`);
	if (!Array.isArray(disks)) throw new RangeError('disks: not a list of physical disks');
	const names = new Set<string>();
	const out = disks.map((d, i): PhysicalDiskState => {
		if (typeof d !== 'object' || d === null) throw new RangeError(`disks[${i}]: not a disk`);
		if (typeof d.name !== 'string' || d.name === '') throw new RangeError(`disks[${i}].name: not a name`);
		if (names.has(d.name)) throw new RangeError(`disks[${i}].name: '${d.name}' is already a disk's name`);
		names.add(d.name);
		if (!Number.isSafeInteger(d.sectors) || d.sectors < 0)
			throw new RangeError(`disks[${i}].sectors: ${show(d.sectors)} is not a number of sectors`);
		// A partial block at the end of a disk is never handed out.
		const blocks = Math.floor(d.sectors / blockSectors);
		return {
			name: d.name,
			sectors: d.sectors,
			owner: new Array<number>(blocks).fill(FREE),
			refs: new Array<number>(blocks).fill(0),
			free: blocks,
			freed: 0
		};
	});
	return { blockSectors, l2Entries, disks: out, bases: [], vdisks: [] };
}

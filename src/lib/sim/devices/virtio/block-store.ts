/**
 * Where a block device's bytes live: a disk image on the bare machine (disk-image.ts), or a virtual
 * disk in the hypervisor (hv/vdisk/: a minidisk's extent of a physical disk, a thin disk's block map,
 * a copy-on-write overlay over a shared base). virtio-blk moves bytes only through this seam, so the
 * same device serves a bare machine and every VM.
 *
 * Offsets and lengths are in bytes, whole 512-byte sectors, and already bounds-checked by the device
 * against `sectors`. A store that allocates (thin, copy-on-write) reserves space when a write is
 * submitted (`locate`), so the write at completion never fails: a full physical disk is found at
 * submission, where the request can wait and its VM pause (as QEMU's werror=enospc does).
 */

/** A run of sectors on a physical disk (`disk`: its index among the host's disks). */
export interface Extent {
	disk: number;
	sector: number;
	count: number;
}

export interface BlockStore {
	readonly name: string;
	/** Capacity in 512-byte sectors (virtio-blk capacity, §5.2.4). */
	readonly sectors: number;
	read(offset: number, length: number): Uint8Array;
	write(offset: number, bytes: Uint8Array): void;
	/** The sectors read as zeros afterwards (a thin disk may give their blocks back). */
	discard(offset: number, length: number): void;
	/** A FLUSH completed: everything written before it must be durable. */
	flushed(): void;
	/**
	 * Where a request lands on the physical disks, for the disk's timing model and the disk map;
	 * a write reserves any blocks it needs. 'no-space': a block cannot be allocated (nothing reserved).
	 * Absent: the store is a disk of its own (disk 0, the same sectors).
	 */
	locate?(op: 'read' | 'write', sector: number, count: number): Extent[] | 'no-space';
}

/**
 * The hypervisor's virtual disk layer: each VM's virtio-blk disks as BlockStores over a few shared
 * physical disks (the IBM VM picture: many users' minidisks on a few real DASDs). Three kinds:
 * minidisk (a fixed extent), thin (blocks given on first write, overcommitted) and cow (a linked
 * clone of a shared base image, with snapshots). This class places them and answers who owns what;
 * the stores themselves (minidisk.ts, thin.ts, cow.ts) move the bytes.
 *
 * State is plain data (state.ts): snapshot with structuredClone(layer.state), restore with restore().
 * Space freed by a discard, a deleted snapshot or a released VM shows in freeBlocks() and in the
 * freed() counter, so a VM paused on 'no-space' can be resumed.
 *
 * Wiring: when a request is submitted, call store.locate('write' | 'discard' | 'read', sector, count);
 * 'no-space' means nothing was reserved (pause the VM, retry when freed() grows). The write or
 * discard at completion then cannot fail; a write that was never reserved allocates itself, and
 * throws a RangeError if the disk is full. Take snapshots with no write of that disk in flight, as
 * QEMU drains a disk before savevm (a write reserved before it would have to copy again).
 */
import type { DiskImage } from '../../devices/virtio/disk-image';
import { formatSize } from '../../scenario/sizes';
import { BlockSpace } from './blocks';
import { CowDisk } from './cow';
import { Minidisk } from './minidisk';
import {
	BASE,
	MAX_VDISK_BLOCKS,
	SECTOR,
	UNALLOCATED,
	newDiskLayerState,
	show,
	type DiskLayerState,
	type VdiskKind,
	type VdiskState
} from './state';
import type { VdiskStore, VirtualDisk } from './store';
import { ThinDisk } from './thin';

export interface VdiskSpec {
	kind: VdiskKind;
	/** The physical disk its blocks are on (by name). */
	on: string;
	/** Bytes, whole sectors; cow: default the base's size. */
	size?: number;
	/** virtio-blk GET_ID (up to 20 bytes). */
	serial?: string;
	/** cow: the base image it is a clone of. */
	base?: string;
}

export interface DiskUsage {
	/** Blocks each VM holds, by VM id (those its snapshots hold too). */
	byVm: number[];
	/** Blocks with more than one reference (held by an overlay and its snapshots). */
	shared: number;
	/** Blocks of base images. */
	base: number;
	free: number;
	total: number;
}

const KINDS: readonly VdiskKind[] = ['minidisk', 'thin', 'cow'];
const SERIAL_BYTES = 20; // virtio 1.2 §5.2.6: GET_ID answers up to 20 bytes
const MAX_VM = 0x7fff; // owners() is an Int16Array

export class DiskLayer {
	state: DiskLayerState;
	private readonly space: BlockSpace;
	private readonly stores = new Map<number, VdiskStore<VdiskState>>();

	static newState = newDiskLayerState;

	constructor(
		private readonly disks: readonly { name: string; image: DiskImage }[],
		state: DiskLayerState
	) {
		this.state = state;
		this.check(state);
		this.space = new BlockSpace(
			disks.map((d) => d.image),
			this
		);
	}

	get blockBytes(): number {
		return this.state.blockSectors * SECTOR;
	}

	/** The index of the physical disk named `name` (-1: none). */
	diskIndex(name: string): number {
		return this.state.disks.findIndex((d) => d.name === name);
	}

	/** Place a base image on disk `on` (its lowest free blocks), read-only from then on. */
	addBase(name: string, on: string, bytes: Uint8Array, path = `bases['${show(name)}']`): void {
		if (typeof name !== 'string' || name === '')
			throw new RangeError(`${path}: a base image needs a name`);
		if (this.state.bases.some((b) => b.name === name))
			throw new RangeError(`${path}: there is already a base image '${name}'`);
		if (!(bytes instanceof Uint8Array) || bytes.length === 0)
			throw new RangeError(`${path}: the image is empty, or not bytes`);
		const disk = this.needDisk(on, `${path}.on`);
		const count = Math.ceil(bytes.length / this.blockBytes);
		const blocks = this.space.allocate(disk, BASE, count);
		if (!blocks) throw new RangeError(`${path}: ${this.doesNotFit(bytes.length, disk)}`);
		// Written once here; from now on the isolation check lets it be read only.
		blocks.forEach((b, i) => {
			const part = bytes.subarray(i * this.blockBytes, (i + 1) * this.blockBytes);
			this.disks[disk].image.write(b * this.blockBytes, part);
		});
		this.state.bases.push({ name, disk, sectors: Math.ceil(bytes.length / SECTOR), blocks });
	}

	/** A new virtual disk for `vm`; its id. `path` names the spec in error messages. */
	create(vm: number, spec: VdiskSpec, path = 'vdisk'): number {
		if (!Number.isSafeInteger(vm) || vm < 0 || vm > MAX_VM)
			throw new RangeError(`${path}: vm ${show(vm)} is not a VM id (0 to ${MAX_VM})`);
		if (typeof spec !== 'object' || spec === null) throw new RangeError(`${path}: not a disk`);
		if (!KINDS.includes(spec.kind))
			throw new RangeError(`${path}.kind: '${show(spec.kind)}' is not one of ${KINDS.join(', ')}`);
		const disk = this.needDisk(spec.on, `${path}.on`);
		const serial = spec.serial ?? '';
		if (typeof serial !== 'string' || new TextEncoder().encode(serial).length > SERIAL_BYTES)
			throw new RangeError(`${path}.serial: not a string of up to ${SERIAL_BYTES} bytes`);
		if (spec.kind !== 'cow' && spec.base !== undefined)
			throw new RangeError(`${path}.base: only a cow disk has a base image`);
		const base = spec.kind === 'cow' ? this.needBase(spec.base, `${path}.base`) : -1;
		const size = spec.size ?? (base >= 0 ? this.state.bases[base].sectors * SECTOR : undefined);
		if (size === undefined) throw new RangeError(`${path}.size: a ${spec.kind} disk needs a size`);
		if (!Number.isSafeInteger(size) || size <= 0 || size % SECTOR !== 0)
			throw new RangeError(
				`${path}.size: ${show(size)} is not a whole number of 512-byte sectors, 1 or more`
			);
		const blocks = Math.ceil(size / this.blockBytes);
		if (blocks > MAX_VDISK_BLOCKS)
			throw new RangeError(
				`${path}.size: ${formatSize(size)} is more than a virtual disk can map ` +
					`(${formatSize(MAX_VDISK_BLOCKS * this.blockBytes)})`
			);
		const common = { vm, disk, sectors: size / SECTOR, serial };
		let v: VdiskState;
		if (spec.kind === 'minidisk') {
			const first = this.space.allocateRun(disk, vm, blocks);
			if (first < 0) throw new RangeError(`${path}.size: ${this.doesNotFit(size, disk)}`);
			v = { kind: 'minidisk', ...common, first, blocks };
		} else if (spec.kind === 'thin')
			v = { kind: 'thin', ...common, map: new Array<number>(blocks).fill(UNALLOCATED) };
		else v = { kind: 'cow', ...common, base, l1: [], snapshots: [] };
		this.state.vdisks.push(v);
		return this.state.vdisks.length - 1;
	}

	/** The live BlockStore of vdisk `id` (valid across restore()). */
	store(id: number): VirtualDisk {
		return this.live(id, 'store');
	}

	/** Ids of `vm`'s virtual disks, in the order they were created. */
	vdisksOf(vm: number): number[] {
		return this.state.vdisks.flatMap((v, id) => (v && v.vm === vm ? [id] : []));
	}

	/** A destroyed VM's disks are gone and their blocks free; how many blocks were freed. */
	release(vm: number): number {
		let n = 0;
		for (const id of this.vdisksOf(vm)) {
			const s = this.live(id, 'release');
			const d = this.state.vdisks[id]!.disk;
			const before = this.space.free(d);
			for (const b of s.references()) this.space.unref(d, b);
			n += this.space.free(d) - before;
			this.state.vdisks[id] = null;
			this.stores.delete(id);
		}
		return n;
	}

	/** Freeze cow disk `id`'s tables as snapshot `name`. */
	snapshot(id: number, name: string): void {
		const s = this.cow(id, 'snapshot');
		if (typeof name !== 'string' || name === '')
			throw new RangeError(`vdisk ${id}: a snapshot needs a name`);
		if (this.cowState(id).snapshots.some((x) => x.name === name))
			throw new RangeError(`vdisk ${id}: there is already a snapshot '${name}'`);
		s.takeSnapshot(name);
	}

	deleteSnapshot(id: number, name: string): void {
		const s = this.cow(id, 'deleteSnapshot');
		const names = this.cowState(id).snapshots.map((x) => x.name);
		if (!names.includes(name))
			throw new RangeError(
				`vdisk ${id}: no snapshot '${show(name)}' (snapshots: ${names.join(', ') || 'none'})`
			);
		s.deleteSnapshot(name);
	}

	/** Cow disk `id`'s snapshots, oldest first: name and the clusters the overlay held then. */
	snapshots(id: number): { name: string; clusters: number }[] {
		this.cow(id, 'snapshots');
		return this.cowState(id).snapshots.map(({ name, clusters }) => ({ name, clusters }));
	}

	usage(disk: number): DiskUsage {
		const d = this.physical(disk, 'usage');
		const byVm: number[] = [];
		let shared = 0;
		let base = 0;
		d.owner.forEach((o, b) => {
			if (o >= 0) byVm[o] = (byVm[o] ?? 0) + 1;
			else if (o === BASE) base++;
			if (d.refs[b] > 1) shared++;
		});
		return { byVm: Array.from(byVm, (n) => n ?? 0), shared, base, free: d.free, total: d.owner.length };
	}

	/** Owner of each block of a physical disk: a VM id, FREE (-1) or BASE (-2). */
	owners(disk: number): Int16Array {
		return Int16Array.from(this.physical(disk, 'owners').owner);
	}

	freeBlocks(disk: number): number {
		return this.physical(disk, 'freeBlocks').free;
	}

	/** Blocks freed on `disk` since power-on: grows when space comes back. */
	freed(disk: number): number {
		return this.physical(disk, 'freed').freed;
	}

	/** Replace the state with a copy of `s` (a step back); stores stay valid. */
	restore(s: DiskLayerState): void {
		const copy = structuredClone(s);
		this.check(copy);
		this.state = copy;
		this.stores.clear();
	}

	private check(s: DiskLayerState): void {
		if (typeof s !== 'object' || s === null || !Array.isArray(s.disks))
			throw new RangeError('state: not a disk layer state');
		if (s.disks.length !== this.disks.length)
			throw new RangeError(`state.disks: ${s.disks.length} disks, but ${this.disks.length} images`);
		s.disks.forEach((d, i) => {
			const img = this.disks[i];
			if (d.name !== img.name)
				throw new RangeError(`disks[${i}].name: '${img.name}', but the state has '${d.name}'`);
			if (d.owner.length * s.blockSectors > img.image.sectors)
				throw new RangeError(
					`disks[${i}]: image ${img.name} has ${img.image.sectors} sectors, fewer than its blocks`
				);
		});
	}

	private live(id: number, op: string): VdiskStore<VdiskState> {
		const v = Number.isSafeInteger(id) ? this.state.vdisks[id] : undefined;
		if (!v) throw new RangeError(`${op}: no vdisk ${show(id)}`);
		let s = this.stores.get(id);
		if (!s || s.kind !== v.kind) {
			s =
				v.kind === 'minidisk'
					? new Minidisk(this.space, this, id)
					: v.kind === 'thin'
						? new ThinDisk(this.space, this, id)
						: new CowDisk(this.space, this, id);
			this.stores.set(id, s);
		}
		return s;
	}

	private cow(id: number, op: string): CowDisk {
		const s = this.live(id, op);
		if (!(s instanceof CowDisk))
			throw new RangeError(`${op}: vdisk ${id} is a ${s.kind} disk; only cow disks have snapshots`);
		return s;
	}

	private cowState(id: number) {
		const v = this.state.vdisks[id];
		if (v?.kind !== 'cow') throw new RangeError(`vdisk ${id} is not a cow disk`);
		return v;
	}

	private physical(disk: number, op: string) {
		const d = Number.isSafeInteger(disk) ? this.state.disks[disk] : undefined;
		if (!d)
			throw new RangeError(
				`${op}: no physical disk ${show(disk)} (0 to ${this.state.disks.length - 1})`
			);
		return d;
	}

	private needDisk(name: unknown, path: string): number {
		const i = typeof name === 'string' ? this.diskIndex(name) : -1;
		if (i < 0)
			throw new RangeError(
				`${path}: no physical disk '${show(name)}' (disks: ${this.state.disks.map((d) => d.name).join(', ')})`
			);
		return i;
	}

	private needBase(name: unknown, path: string): number {
		const i = this.state.bases.findIndex((b) => b.name === name);
		const bases = this.state.bases.map((b) => b.name).join(', ') || 'none';
		if (name === undefined)
			throw new RangeError(`${path}: a cow disk needs a base image (bases: ${bases})`);
		if (i < 0) throw new RangeError(`${path}: no base image '${show(name)}' (bases: ${bases})`);
		return i;
	}

	/** Why `bytes` cannot be placed on `disk`, in the scenario's units. */
	private doesNotFit(bytes: number, disk: number): string {
		const d = this.state.disks[disk];
		const free = formatSize(d.free * this.blockBytes);
		const run = this.space.largestRun(disk) * this.blockBytes;
		const what = `${formatSize(bytes)} does not fit on ${d.name}`;
		if (d.free >= Math.ceil(bytes / this.blockBytes))
			return `${what} (${free} free, but the largest free extent is ${formatSize(run)})`;
		return `${what} (${free} free)`;
	}
}

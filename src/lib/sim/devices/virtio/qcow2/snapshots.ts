/**
 * Internal snapshots of a qcow2 image (qcow2.txt "Snapshots"), as QEMU makes them: taking one copies
 * the active L1 table and adds one reference to every L2 table and data cluster it reaches, so the
 * next write to any of them copies it first (image.ts); applying one makes its L1 the active one;
 * deleting one drops its references, and clusters nothing else holds are free. hv/vdisk/cow.ts does
 * the same with blocks of a physical disk.
 */
import { entryBytes, putU32, putU64, type ImageFile } from './format';
import type { Qcow2Image } from './image';
import { encodeSnapshots, type Snapshot } from './snapshot-table';

export class SnapshotError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SnapshotError';
	}
}

const offsetOf = (e: number) => e - (e % 2);

/** Add `by` to the refcount of every L2 table `l1` names and every data cluster those name. */
function addRefs(img: Qcow2Image, l1: readonly number[], by: 1 | -1): void {
	for (const t of l1) {
		if (!t) continue;
		for (const e of img.l2.get(t)!) if (offsetOf(e)) img.setRef(offsetOf(e), img.refOf(offsetOf(e)) + by);
		img.setRef(t, img.refOf(t) + by);
		if (img.refOf(t) === 0) img.l2.delete(t);
	}
}

function find(img: Qcow2Image, name: string): Snapshot {
	const s = img.snapshots.find((x) => x.name === name || x.id === name);
	if (!s) {
		const names = img.snapshots.map((x) => x.name).join(', ') || 'none';
		throw new SnapshotError(`no snapshot '${name}' (snapshots: ${names})`);
	}
	return s;
}

/** Replace the snapshot table: the new one in clusters of its own, then the header, then free the old. */
function writeTable(img: Qcow2Image, list: Snapshot[]): void {
	const file: ImageFile = img.file;
	const bytes = encodeSnapshots(list);
	const clusters = Math.ceil(bytes.length / img.cs);
	const at = list.length ? img.allocate(clusters) : 0;
	// Whole clusters, so the file stays a whole number of them, as QEMU keeps it.
	if (list.length) file.write(at, padded(bytes, clusters * img.cs));
	const h = new Uint8Array(12);
	putU32(h, 0, list.length);
	putU64(h, 4, at);
	file.write(60, h);
	const old = {
		offset: img.header.snapshotsOffset,
		length: img.snapshotTableLength,
		n: img.header.nbSnapshots
	};
	img.header.nbSnapshots = list.length;
	img.header.snapshotsOffset = at;
	img.snapshotTableLength = bytes.length;
	img.snapshots.splice(0, img.snapshots.length, ...list);
	if (old.n) for (let c = old.offset; c < old.offset + old.length; c += img.cs) img.unref(c);
}

export interface SnapshotDate {
	sec: number;
	nsec: number;
}

export function createSnapshot(
	img: Qcow2Image,
	name: string,
	date: SnapshotDate = { sec: 0, nsec: 0 }
): Snapshot {
	if (name === '' || new TextEncoder().encode(name).length > 65535)
		throw new SnapshotError(`a snapshot name must be 1..65535 bytes`);
	if (img.snapshots.some((s) => s.name === name))
		throw new SnapshotError(`snapshot '${name}' exists already`);
	if (img.snapshots.length >= 65536)
		throw new SnapshotError('the image has 65536 snapshots, the most qcow2 allows');
	const l1 = img.l1.slice();
	const copy = img.allocate(Math.max(1, Math.ceil((l1.length * 8) / img.cs)));
	addRefs(img, l1, 1);
	const b = new Uint8Array(l1.length * 8);
	l1.forEach((t, i) => b.set(entryBytes(t, false), i * 8));
	img.file.write(copy, b);
	img.rewriteActive();
	const id = String(Math.max(0, ...img.snapshots.map((s) => Number(s.id) || 0)) + 1);
	const s: Snapshot = {
		id,
		name,
		l1Offset: copy,
		l1Size: l1.length,
		dateSec: date.sec,
		dateNsec: date.nsec,
		diskSize: img.header.virtualSize,
		moreExtra: new Uint8Array(0)
	};
	writeTable(img, [...img.snapshots, s]);
	return s;
}

/** The image reads as it did when the snapshot was taken (the snapshot stays). */
export function applySnapshot(img: Qcow2Image, name: string): void {
	const s = find(img, name);
	if (s.l1Size > img.l1.length || (s.diskSize !== undefined && s.diskSize !== img.header.virtualSize))
		throw new SnapshotError(
			`snapshot '${s.name}' was taken at another virtual size (${s.diskSize} bytes)`
		);
	const l1 = img.snapshotL1(s);
	const old = img.l1.slice();
	addRefs(img, l1, 1);
	for (let i = 0; i < img.l1.length; i++) img.l1[i] = l1[i] ?? 0;
	img.rewriteActive();
	addRefs(img, old, -1);
	img.rewriteActive();
}

export function deleteSnapshot(img: Qcow2Image, name: string): void {
	const s = find(img, name);
	const l1 = img.snapshotL1(s);
	writeTable(
		img,
		img.snapshots.filter((x) => x !== s)
	);
	addRefs(img, l1, -1);
	for (let c = s.l1Offset; c < s.l1Offset + Math.max(1, s.l1Size * 8); c += img.cs) img.unref(c);
	img.rewriteActive();
}

function padded(bytes: Uint8Array, length: number): Uint8Array {
	const out = new Uint8Array(length);
	out.set(bytes);
	return out;
}

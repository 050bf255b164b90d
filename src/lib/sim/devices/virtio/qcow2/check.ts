/**
 * The refcount check made when an image is opened (qemu-img check's count, qcow2-refcount.c): every
 * cluster the header, the refcount structures, the L1 tables (the active one and each snapshot's),
 * their L2 tables and the data clusters use, with the number of references to it. A refcount below
 * that would let a write reuse a cluster still in use, so the image is refused (the offset of the
 * refcount entry); one above it is a leak, harmless, and counted.
 */
import { hex, ImageError } from './format';
import type { Qcow2Image } from './image';

const offsetOf = (e: number) => e - (e % 2);

/** Cluster index -> references, as qemu-img check counts them (a data cluster once per L1 reaching it). */
export function references(img: Qcow2Image): Map<number, number> {
	const cs = img.cs;
	const refs = new Map<number, number>();
	const add = (offset: number, bytes = cs) => {
		for (let c = offset / cs; c < Math.ceil((offset + bytes) / cs); c++)
			refs.set(c, (refs.get(c) ?? 0) + 1);
	};
	const h = img.header;
	add(0);
	add(h.refcountTableOffset, h.refcountTableClusters * cs);
	for (const b of img.rtable) if (b) add(b);
	if (h.nbSnapshots) add(h.snapshotsOffset, img.snapshotTableLength);
	const walk = (l1: number[]) => {
		for (const t of l1) {
			if (!t) continue;
			add(t);
			for (const e of img.l2.get(t)!) if (offsetOf(e)) add(offsetOf(e));
		}
	};
	add(h.l1Offset, h.l1Size * 8);
	walk(img.l1);
	for (const s of img.snapshots) {
		add(s.l1Offset, s.l1Size * 8);
		walk(img.snapshotL1(s));
	}
	return refs;
}

/** Throws an ImageError for a refcount below its references; returns the clusters leaked. */
export function checkRefcounts(img: Qcow2Image): number {
	const refs = references(img);
	for (const [c, n] of refs) {
		const have = img.refcount(c);
		if (have >= n) continue;
		const blk = img.rtable[Math.floor(c / img.perBlock)];
		const at = blk
			? blk + (c % img.perBlock) * 2
			: img.header.refcountTableOffset + Math.floor(c / img.perBlock) * 8;
		throw new ImageError(
			at,
			`cluster ${hex(c * img.cs)} has refcount ${have} but ${n} reference${n > 1 ? 's' : ''} to it`
		);
	}
	let leaked = 0;
	img.refcounts.forEach((v, c) => {
		if (v > (refs.get(c) ?? 0)) leaked++;
	});
	return leaked;
}

/**
 * Helpers for the virtual disk layer's tests: small physical disks, byte patterns, and the invariants
 * recomputed from the layer's state alone (who references which block), to compare with what the
 * layer itself counts.
 */
import { expect } from 'vitest';
import { DiskImage } from '../../src/lib/sim/devices/virtio/disk-image';
import { DiskLayer } from '../../src/lib/sim/hv/vdisk';
import { BASE, FREE, type DiskLayerState, type L1Table } from '../../src/lib/sim/hv/vdisk/state';

export const SECTOR = 512;

/** Physical disks of `sectors` each, filled with `fill` (old data a new owner must never see). */
export function physical(sectorsEach: number[], fill = 0xee): { name: string; image: DiskImage }[] {
	return sectorsEach.map((sectors, i) => ({
		name: `d${i}`,
		image: new DiskImage(`d${i}`, new Uint8Array(sectors * SECTOR).fill(fill))
	}));
}

/** A layer over fresh disks; blocks of `blockSectors` (default 2: 1 KiB, so tests stay small). */
export function layerOver(sectorsEach: number[], blockSectors = 2, l2Entries = 4) {
	const disks = physical(sectorsEach);
	const state = DiskLayer.newState(
		disks.map((d) => ({ name: d.name, sectors: d.image.sectors })),
		blockSectors,
		l2Entries
	);
	return { disks, layer: new DiskLayer(disks, state) };
}

/** `length` bytes of a pattern seeded by `seed` (never all zeros). */
export function pattern(length: number, seed: number): Uint8Array {
	const out = new Uint8Array(length);
	for (let i = 0; i < length; i++) out[i] = ((seed * 131 + i * 7) % 255) + 1;
	return out;
}

/**
 * expect(a).toEqual(b), but cheap when they are equal: vitest's deep equality costs milliseconds on
 * arrays of a few thousand numbers, and the property checks thousands of them.
 */
export function expectSame(a: unknown, b: unknown): void {
	const equal =
		a instanceof Uint8Array && b instanceof Uint8Array
			? a.length === b.length && Buffer.compare(a, b) === 0
			: JSON.stringify(a) === JSON.stringify(b);
	if (!equal) expect(a).toEqual(b);
}

function mapped(l1: L1Table): number[] {
	return l1.flatMap((l2) => (l2 ?? []).filter((e) => e >= 0));
}

/** Every (disk, block) reference each live vdisk holds, recomputed from the state. */
export function referencesFromState(s: DiskLayerState): { disk: number; block: number; vm: number }[] {
	const out: { disk: number; block: number; vm: number }[] = [];
	s.vdisks.forEach((v) => {
		if (!v) return;
		const blocks =
			v.kind === 'minidisk'
				? Array.from({ length: v.blocks }, (_, i) => v.first + i)
				: v.kind === 'thin'
					? v.map.filter((b) => b >= 0)
					: [...mapped(v.l1), ...v.snapshots.flatMap((x) => mapped(x.l1))];
		for (const block of blocks) out.push({ disk: v.disk, block, vm: v.vm });
	});
	for (const b of s.bases) for (const block of b.blocks) out.push({ disk: b.disk, block, vm: BASE });
	return out;
}

/**
 * Refcounts equal the references held; every referenced block has one owner, the one holding it
 * (never two VMs); free blocks have refcount 0 and owner FREE; usage() and owners() agree.
 */
export function expectConsistent(layer: DiskLayer): void {
	const s = layer.state;
	s.disks.forEach((d, di) => {
		const refs = new Array<number>(d.refs.length).fill(0);
		const holder = new Array<number>(d.refs.length).fill(FREE);
		for (const r of referencesFromState(s).filter((r) => r.disk === di)) {
			refs[r.block]++;
			if (holder[r.block] !== FREE && holder[r.block] !== r.vm)
				throw new Error(`block ${r.block} of ${d.name} is held by ${holder[r.block]} and ${r.vm}`);
			holder[r.block] = r.vm;
		}
		expectSame(d.refs, refs);
		expectSame(d.owner, holder);
		expectSame(Array.from(layer.owners(di)), holder);
		const u = layer.usage(di);
		const byVm = Array.from({ length: u.byVm.length }, (_, vm) => holder.filter((o) => o === vm).length);
		expectSame(
			[u.free, layer.freeBlocks(di), u.shared, u.base, u.total, u.byVm],
			[
				refs.filter((n) => n === 0).length,
				u.free,
				refs.filter((n) => n > 1).length,
				holder.filter((o) => o === BASE).length,
				byVm.reduce((a, b) => a + b, 0) + u.base + u.free,
				byVm
			]
		);
		// No VM holds a block that usage() does not count.
		expect(holder.every((o) => o < u.byVm.length)).toBe(true);
	});
}

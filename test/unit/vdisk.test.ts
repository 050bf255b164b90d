/**
 * The virtual disk layer (src/lib/sim/hv/vdisk/), one kind at a time, on small disks of 1 KiB blocks
 * (2 sectors): minidisk placement and bounds, thin allocation order, zeroing, no-space and discard,
 * copy-on-write read-through, copying, snapshots and their reference counts.
 */
import { describe, expect, it } from 'vitest';
import { DiskLayer } from '../../src/lib/sim/hv/vdisk';
import { ZERO_CLUSTER } from '../../src/lib/sim/hv/vdisk/state';
import { SECTOR, expectConsistent, layerOver, pattern, physical } from './vdisk-harness';

const KiB = 1024;

describe('minidisk', () => {
	it('is placed first fit, reads back what was written, and locates to its extent', () => {
		const { layer } = layerOver([32]); // 16 blocks
		layer.create(0, { kind: 'minidisk', on: 'd0', size: 3 * KiB });
		const b = layer.create(1, { kind: 'minidisk', on: 'd0', size: 2 * KiB });
		expect(Array.from(layer.owners(0).subarray(0, 6))).toEqual([0, 0, 0, 1, 1, -1]);
		layer.release(0);
		// The 3-block hole: a 2-block disk takes its start, the next 2-block one cannot use the last 1.
		const c = layer.create(2, { kind: 'minidisk', on: 'd0', size: 2 * KiB });
		const d = layer.create(3, { kind: 'minidisk', on: 'd0', size: 2 * KiB });
		expect(Array.from(layer.owners(0).subarray(0, 8))).toEqual([2, 2, -1, 1, 1, 3, 3, -1]);
		const sd = layer.store(d);
		expect(sd.sectors).toBe(4);
		expect(sd.locate('read', 1, 3)).toEqual([{ disk: 0, sector: 11, count: 3 }]);
		sd.write(SECTOR, pattern(2 * SECTOR, 1));
		expect(sd.read(SECTOR, 2 * SECTOR)).toEqual(pattern(2 * SECTOR, 1));
		expect(layer.store(b).read(0, 2 * KiB)).toEqual(new Uint8Array(2 * KiB)); // zeroed when given
		expect(layer.store(c).read(0, 2 * KiB)).toEqual(new Uint8Array(2 * KiB));
		sd.discard(SECTOR, SECTOR);
		expect(sd.read(SECTOR, SECTOR)).toEqual(new Uint8Array(SECTOR));
		expect(sd.locate('write', 0, 4)).toEqual([{ disk: 0, sector: 10, count: 4 }]);
		expectConsistent(layer);
	});

	it('never reaches outside its extent, even when asked past the device check', () => {
		const { layer } = layerOver([32]);
		const a = layer.create(0, { kind: 'minidisk', on: 'd0', size: 2 * KiB });
		layer.create(1, { kind: 'minidisk', on: 'd0', size: 2 * KiB });
		const s = layer.store(a);
		expect(() => s.read(4 * SECTOR, SECTOR)).toThrow(RangeError);
		expect(() => s.write(3 * SECTOR, new Uint8Array(2 * SECTOR))).toThrow(/not whole sectors within/);
		expect(() => s.read(100, SECTOR)).toThrow(RangeError);
		expect(() => s.locate('read', -1, 1)).toThrow(RangeError);
		// A layer above that got `sectors` wrong (the VENOM class): the extent check still holds.
		const v = layer.state.vdisks[a];
		if (v?.kind !== 'minidisk') throw new Error('not a minidisk');
		v.blocks = 1;
		expect(() => s.read(2 * SECTOR, SECTOR)).toThrow(/outside its extent of 1 blocks/);
	});

	it('says where a disk does not fit, and why', () => {
		const { layer } = layerOver([16]); // 8 KiB
		expect(() =>
			layer.create(0, { kind: 'minidisk', on: 'd0', size: 12 * KiB }, 'vms[1].disks[0]')
		).toThrow('vms[1].disks[0].size: 12 KiB does not fit on d0 (8 KiB free)');
		const ids = [0, 1, 2, 3].map((vm) => layer.create(vm, { kind: 'minidisk', on: 'd0', size: 2 * KiB }));
		layer.release(0);
		layer.release(2);
		expect(ids).toEqual([0, 1, 2, 3]);
		expect(() => layer.create(5, { kind: 'minidisk', on: 'd0', size: 3 * KiB }, 'x')).toThrow(
			'x.size: 3 KiB does not fit on d0 (4 KiB free, but the largest free extent is 2 KiB)'
		);
	});
});

describe('thin disk', () => {
	it('reads zeros until written, then takes the lowest free blocks, zeroed', () => {
		const { layer, disks } = layerOver([32]);
		const t = layer.store(layer.create(0, { kind: 'thin', on: 'd0', size: 64 * KiB })); // overcommitted
		const m = layer.create(1, { kind: 'minidisk', on: 'd0', size: 2 * KiB }); // blocks 0-1
		expect(t.read(0, 4 * KiB)).toEqual(new Uint8Array(4 * KiB));
		expect(t.locate('read', 0, 128)).toEqual([]); // nothing to read from any disk
		expect(layer.freeBlocks(0)).toBe(14);
		// One sector into virtual block 5: physical block 2 is given, and the rest of it stays zero
		// although the physical disk held 0xee there.
		expect(t.locate('write', 11, 1)).toEqual([{ disk: 0, sector: 5, count: 1 }]);
		t.write(11 * SECTOR, pattern(SECTOR, 2));
		expect(disks[0].image.read(4 * SECTOR, SECTOR)).toEqual(new Uint8Array(SECTOR));
		expect(t.read(10 * SECTOR, 2 * SECTOR)).toEqual(
			Uint8Array.from([...new Uint8Array(SECTOR), ...pattern(SECTOR, 2)])
		);
		// A write across virtual blocks 0 and 1 takes blocks 3 and 4, in order.
		expect(t.locate('write', 1, 2)).toEqual([{ disk: 0, sector: 7, count: 2 }]);
		expect(Array.from(layer.owners(0).subarray(0, 6))).toEqual([1, 1, 0, 0, 0, -1]);
		expect(layer.store(m).read(0, 2 * KiB)).toEqual(new Uint8Array(2 * KiB));
		expectConsistent(layer);
	});

	it("allocates nothing when the disk cannot supply all of a write's blocks", () => {
		const { layer } = layerOver([8]); // 4 blocks
		const t = layer.store(layer.create(0, { kind: 'thin', on: 'd0', size: 16 * KiB }));
		t.write(0, pattern(2 * KiB, 3)); // 2 blocks
		const before = structuredClone(layer.state);
		expect(t.locate('write', 4, 6)).toBe('no-space'); // 3 blocks, 2 free
		expect(layer.state).toEqual(before);
		expect(() => t.write(4 * SECTOR, new Uint8Array(6 * SECTOR))).toThrow(/d0 is full/);
		expect(layer.state).toEqual(before);
		expect(t.locate('write', 4, 4)).not.toBe('no-space');
		expect(layer.freeBlocks(0)).toBe(0);
		expect(t.read(0, 2 * KiB)).toEqual(pattern(2 * KiB, 3));
	});

	it('gives whole discarded blocks back and zeros partial ones', () => {
		const { layer } = layerOver([8]);
		const t = layer.store(layer.create(0, { kind: 'thin', on: 'd0', size: 5 * SECTOR })); // 3 blocks, last half
		t.write(0, pattern(5 * SECTOR, 4));
		expect(layer.freeBlocks(0)).toBe(1);
		const freed = layer.freed(0);
		t.discard(SECTOR, 2 * SECTOR); // half of block 0, half of block 1: zeroed, kept
		expect(layer.freeBlocks(0)).toBe(1);
		t.discard(4 * SECTOR, SECTOR); // all of the last, short, block: given back
		expect(layer.freeBlocks(0)).toBe(2);
		expect(layer.freed(0)).toBe(freed + 1);
		const want = pattern(5 * SECTOR, 4);
		want.fill(0, SECTOR, 3 * SECTOR).fill(0, 4 * SECTOR);
		expect(t.read(0, 5 * SECTOR)).toEqual(want);
		t.discard(0, 4 * SECTOR);
		expect(layer.freeBlocks(0)).toBe(4);
		expect(t.read(0, 5 * SECTOR)).toEqual(new Uint8Array(5 * SECTOR));
		expectConsistent(layer);
	});

	it("never shows a block's previous owner's bytes", () => {
		const { layer } = layerOver([4]); // 2 blocks
		const a = layer.store(layer.create(0, { kind: 'thin', on: 'd0', size: 2 * KiB }));
		a.write(0, pattern(2 * KiB, 5));
		a.discard(0, 2 * KiB);
		const b = layer.store(layer.create(1, { kind: 'thin', on: 'd0', size: 2 * KiB }));
		b.locate('write', 1, 1);
		b.write(SECTOR, pattern(SECTOR, 6));
		expect(b.read(0, SECTOR)).toEqual(new Uint8Array(SECTOR));
	});
});

describe('copy-on-write disk', () => {
	function cowLayer() {
		const { layer, disks } = layerOver([32, 32]);
		const base = pattern(5 * KiB, 7);
		layer.addBase('debian', 'd1', base);
		return { layer, disks, base };
	}

	it('reads the base through clusters it has not written, and copies a cluster on first write', () => {
		const { layer, base } = cowLayer();
		const a = layer.store(layer.create(0, { kind: 'cow', on: 'd0', base: 'debian' }));
		const b = layer.store(layer.create(1, { kind: 'cow', on: 'd0', base: 'debian', size: 8 * KiB }));
		expect(a.sectors).toBe(10);
		expect(a.read(0, 5 * KiB)).toEqual(base);
		expect(b.read(5 * KiB, 3 * KiB)).toEqual(new Uint8Array(3 * KiB)); // past the base's end
		expect(a.locate('read', 2, 2)).toEqual([{ disk: 1, sector: 2, count: 2 }]);
		expect(layer.usage(1)).toMatchObject({ base: 5, free: 11 });
		expect(a.locate('write', 3, 1)).toEqual([{ disk: 0, sector: 1, count: 1 }]);
		a.write(3 * SECTOR, pattern(SECTOR, 8));
		const want = base.slice();
		want.set(pattern(SECTOR, 8), 3 * SECTOR);
		expect(a.read(0, 5 * KiB)).toEqual(want); // the rest of cluster 1 was copied from the base
		expect(b.read(0, 5 * KiB)).toEqual(base);
		expect(layer.usage(0)).toMatchObject({ byVm: [1], free: 15 });
		// Cluster 1 is entry 1 of the first L2 table.
		const v = layer.state.vdisks[0];
		expect(v?.kind === 'cow' && v.l1).toEqual([[-1, 0, -1, -1]]);
		expectConsistent(layer);
	});

	it('snapshots freeze the tables; later writes copy; deleting frees what only it held', () => {
		const { layer } = cowLayer();
		const id = layer.create(0, { kind: 'cow', on: 'd0', base: 'debian' });
		const a = layer.store(id);
		a.write(0, pattern(2 * KiB, 9)); // clusters 0 and 1: blocks 0 and 1
		layer.snapshot(id, 'before');
		expect(layer.snapshots(id)).toEqual([{ name: 'before', clusters: 2 }]);
		expect(layer.usage(0).shared).toBe(2);
		expect(layer.state.disks[0].refs.slice(0, 3)).toEqual([2, 2, 0]);
		expect(a.locate('write', 0, 1)).toEqual([{ disk: 0, sector: 4, count: 1 }]); // a copy in block 2
		a.write(0, pattern(SECTOR, 10));
		expect(layer.state.disks[0].refs.slice(0, 3)).toEqual([1, 2, 1]);
		const want = pattern(2 * KiB, 9);
		want.set(pattern(SECTOR, 10));
		expect(a.read(0, 2 * KiB)).toEqual(want);
		layer.snapshot(id, 'after');
		expect(layer.snapshots(id).map((s) => s.clusters)).toEqual([2, 2]);
		const freed = layer.freed(0);
		layer.deleteSnapshot(id, 'before');
		expect(layer.freed(0)).toBe(freed + 1); // block 0: only 'before' held it
		expect(layer.state.disks[0].refs.slice(0, 3)).toEqual([0, 2, 2]);
		layer.deleteSnapshot(id, 'after');
		expect(layer.state.disks[0].refs.slice(0, 3)).toEqual([0, 1, 1]);
		expect(a.read(0, 2 * KiB)).toEqual(want);
		expectConsistent(layer);
		layer.release(0);
		expect(layer.freeBlocks(0)).toBe(16);
		expectConsistent(layer);
	});

	it('discards whole clusters to zero clusters and copies a partly discarded one', () => {
		const { layer, base } = cowLayer();
		const id = layer.create(0, { kind: 'cow', on: 'd0', base: 'debian' });
		const a = layer.store(id);
		a.discard(0, KiB); // cluster 0 reads zeros now, not the base
		expect(a.read(0, KiB)).toEqual(new Uint8Array(KiB));
		expect(layer.freeBlocks(0)).toBe(16);
		const v = layer.state.vdisks[id];
		expect(v?.kind === 'cow' && v.l1[0]?.[0]).toBe(ZERO_CLUSTER);
		expect(a.locate('discard', 3, 1)).toEqual([]); // half of cluster 1: needs its own block
		expect(layer.freeBlocks(0)).toBe(15);
		a.discard(3 * SECTOR, SECTOR);
		const want = base.slice(0, 2 * KiB);
		want.fill(0, 0, KiB).fill(0, 3 * SECTOR, 4 * SECTOR);
		expect(a.read(0, 2 * KiB)).toEqual(want);
		expectConsistent(layer);
	});

	it('says no-space for a partial discard or a write it cannot copy into, allocating nothing', () => {
		const { layer, disks } = layerOver([4]); // 2 blocks
		layer.addBase('tiny', 'd0', pattern(KiB, 11));
		const a = layer.store(layer.create(0, { kind: 'cow', on: 'd0', base: 'tiny', size: 4 * KiB }));
		a.write(KiB, pattern(KiB, 12)); // the last free block
		expect(a.locate('discard', 0, 1)).toBe('no-space');
		expect(a.locate('write', 0, 1)).toBe('no-space');
		a.discard(0, SECTOR); // without the reservation the sectors keep their bytes
		expect(a.read(0, KiB)).toEqual(pattern(KiB, 11));
		expect(disks[0].image.read(0, KiB)).toEqual(pattern(KiB, 11)); // the base is untouched
		expectConsistent(layer);
	});
});

describe('errors name the field', () => {
	const { layer } = layerOver([16, 16]);
	layer.addBase('img', 'd0', pattern(KiB, 1));
	const t = layer.create(0, { kind: 'thin', on: 'd1', size: KiB });
	const cases: [unknown, string][] = [
		[{ kind: 'lvm', on: 'd0', size: KiB }, "p.kind: 'lvm' is not one of minidisk, thin, cow"],
		[{ kind: 'thin', on: 'd9', size: KiB }, "p.on: no physical disk 'd9' (disks: d0, d1)"],
		[{ kind: 'thin', on: 'd0' }, 'p.size: a thin disk needs a size'],
		[{ kind: 'thin', on: 'd0', size: 1000 }, 'p.size: 1000 is not a whole number of 512-byte sectors'],
		[{ kind: 'thin', on: 'd0', size: '1 KiB' }, 'p.size: 1 KiB is not a whole number'],
		[
			{ kind: 'thin', on: 'd0', size: 2 ** 40 },
			'p.size: 1024 GiB is more than a virtual disk can map (64 MiB)'
		],
		[{ kind: 'cow', on: 'd0', base: 'nope' }, "p.base: no base image 'nope' (bases: img)"],
		[{ kind: 'cow', on: 'd0' }, 'p.base: a cow disk needs a base image (bases: img)'],
		[{ kind: 'thin', on: 'd0', size: KiB, base: 'img' }, 'p.base: only a cow disk has a base image'],
		[
			{ kind: 'thin', on: 'd0', size: KiB, serial: 'x'.repeat(21) },
			'p.serial: not a string of up to 20 bytes'
		],
		[null, 'p: not a disk']
	];
	it.each(cases)('%j', (spec, message) => {
		expect(() => layer.create(0, spec as never, 'p')).toThrow(RangeError);
		expect(() => layer.create(0, spec as never, 'p')).toThrow(message);
	});

	it('in the other calls', () => {
		expect(() => layer.create(-1, { kind: 'thin', on: 'd0', size: KiB }, 'p')).toThrow(
			'p: vm -1 is not a VM id'
		);
		expect(() => layer.addBase('img', 'd0', pattern(KiB, 1))).toThrow(
			"bases['img']: there is already a base image 'img'"
		);
		expect(() => layer.addBase('big', 'd1', pattern(9 * KiB, 1))).toThrow(
			"bases['big']: 9 KiB does not fit on d1 (8 KiB free)"
		);
		expect(() => layer.snapshot(t, 's')).toThrow(
			`snapshot: vdisk ${t} is a thin disk; only cow disks have snapshots`
		);
		expect(() => layer.store(99)).toThrow('store: no vdisk 99');
		expect(() => layer.usage(5)).toThrow('usage: no physical disk 5 (0 to 1)');
		const c = layer.create(1, { kind: 'cow', on: 'd0', base: 'img' });
		layer.snapshot(c, 's');
		expect(() => layer.snapshot(c, 's')).toThrow(`vdisk ${c}: there is already a snapshot 's'`);
		expect(() => layer.deleteSnapshot(c, 'q')).toThrow(`vdisk ${c}: no snapshot 'q' (snapshots: s)`);
		expect(() =>
			DiskLayer.newState([
				{ name: 'a', sectors: 8 },
				{ name: 'a', sectors: 8 }
			])
		).toThrow("disks[1].name: 'a' is already a disk's name");
		expect(() => DiskLayer.newState([], 0)).toThrow('blockSectors: 0 is not a whole number');
		expect(() => new DiskLayer(layerOver([8]).disks, layer.state)).toThrow(
			'state.disks: 2 disks, but 1 images'
		);
	});
});

describe('state', () => {
	it('restores to a checkpoint and reads the same through a new layer', () => {
		const { layer, disks } = layerOver([32, 32]);
		layer.addBase('b', 'd1', pattern(4 * KiB, 1));
		const c = layer.create(0, { kind: 'cow', on: 'd0', base: 'b' });
		const t = layer.create(1, { kind: 'thin', on: 'd1', size: 16 * KiB });
		layer.store(c).write(KiB, pattern(2 * KiB, 2));
		layer.store(t).write(4 * KiB, pattern(KiB, 3));
		layer.snapshot(c, 's');
		const saved = structuredClone(layer.state);
		const images = disks.map((d) => d.image.bytes().slice());
		const [sc, st] = [layer.store(c), layer.store(t)];
		const reads = () => [sc.read(0, 4 * KiB), st.read(0, 16 * KiB)];
		const before = reads();
		layer.store(c).write(0, pattern(4 * KiB, 4));
		layer.store(t).discard(0, 16 * KiB);
		layer.release(1);
		const again = new DiskLayer(disks, structuredClone(saved));
		disks.forEach((d, i) => d.image.restoreAll(images[i]));
		expect([again.store(c).read(0, 4 * KiB), again.store(t).read(0, 16 * KiB)]).toEqual(before);
		layer.restore(saved);
		expect(reads()).toEqual(before); // the old stores still work over the restored state
		expectConsistent(layer);
	});
});

describe('the IBM VM picture at full size', () => {
	it('seven VMs on three 8 MiB disks, 64 KiB blocks', () => {
		const MiB = 1024 * KiB;
		const disks = physical([16384, 16384, 16384]); // 8 MiB each
		const layer = new DiskLayer(
			disks,
			DiskLayer.newState(disks.map((d) => ({ name: d.name, sectors: d.image.sectors })))
		);
		layer.addBase('kernel', 'd2', pattern(1 * MiB, 1));
		const specs = [
			{ kind: 'minidisk', on: 'd0', size: 2 * MiB },
			{ kind: 'minidisk', on: 'd0', size: 3 * MiB },
			{ kind: 'thin', on: 'd1', size: 8 * MiB },
			{ kind: 'thin', on: 'd1', size: 8 * MiB },
			{ kind: 'cow', on: 'd2', base: 'kernel' },
			{ kind: 'cow', on: 'd2', base: 'kernel' },
			{ kind: 'minidisk', on: 'd0', size: 3 * MiB }
		] as const;
		const ids = specs.map((s, vm) => layer.create(vm, s, `vms[${vm}].disks[0]`));
		for (const [vm, id] of ids.entries()) {
			const s = layer.store(id);
			expect(s.locate('write', 8 * vm, 256)).not.toBe('no-space'); // 128 KiB at 4 KiB·vm
			s.write(8 * vm * SECTOR, pattern(128 * KiB, vm + 10));
		}
		for (const [vm, id] of ids.entries())
			expect(layer.store(id).read(8 * vm * SECTOR, 128 * KiB)).toEqual(pattern(128 * KiB, vm + 10));
		expect(layer.usage(0)).toEqual({
			byVm: [32, 48, 0, 0, 0, 0, 48],
			shared: 0,
			base: 0,
			free: 0,
			total: 128
		});
		// A 128 KiB write not on a 64 KiB boundary touches 3 blocks: thin and cow take 3 each.
		expect(layer.usage(1).byVm).toEqual([0, 0, 3, 3]);
		expect(layer.usage(2)).toMatchObject({ byVm: [0, 0, 0, 0, 3, 3], base: 16, free: 128 - 22 });
		expectConsistent(layer);
	});
});

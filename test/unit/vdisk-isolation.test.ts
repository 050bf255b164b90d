/**
 * Isolation of virtual disks, as a seeded property (fast-check, seed from ./fast-check-seed): three
 * VMs with random mixes of minidisks, thin disks and copy-on-write clones on two small physical disks,
 * then random writes, discards, snapshots, snapshot deletions, VM releases, step-backs and rebuilds.
 * After every step each disk reads exactly what a reference model (one plain byte array per disk)
 * says it last wrote, so no VM's write ever shows in another's reads; locate() only names blocks the
 * disk's own VM owns (or the base, to read); and refcounts, owners() and usage() agree with the
 * references the state holds, no block held by two VMs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Extent } from '../../src/lib/sim/devices/virtio/block-store';
import { DiskImage } from '../../src/lib/sim/devices/virtio/disk-image';
import { BASE, DiskLayer, type DiskLayerState, type VdiskSpec } from '../../src/lib/sim/hv/vdisk';
import { ZERO_CLUSTER } from '../../src/lib/sim/hv/vdisk/state';
import { SECTOR, expectConsistent, expectSame, pattern, physical } from './vdisk-harness';
import './fast-check-seed';

const DISK_SECTORS = [28, 36];
/** What the property met, to see that it is not vacuous (printed with VDISK_STATS=1). */
const met = new Map<string, number>();
const saw = (what: string) => met.set(what, (met.get(what) ?? 0) + 1);
const BASE_BYTES = 6 * 1024;

const diskSpec = fc.record({
	kind: fc.constantFrom<VdiskSpec['kind']>('minidisk', 'thin', 'cow'),
	on: fc.constantFrom('d0', 'd1'),
	sectors: fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined })
});

const op = fc.oneof(
	{
		arbitrary: fc.record({
			op: fc.constant('write' as const),
			d: fc.nat(),
			sector: fc.nat(),
			count: fc.integer({ min: 1, max: 6 }),
			seed: fc.integer({ min: 1, max: 1000 })
		}),
		weight: 12
	},
	{
		arbitrary: fc.record({
			op: fc.constant('discard' as const),
			d: fc.nat(),
			sector: fc.nat(),
			count: fc.integer({ min: 1, max: 8 })
		}),
		weight: 4
	},
	{ arbitrary: fc.record({ op: fc.constant('snapshot' as const), d: fc.nat() }), weight: 4 },
	{
		arbitrary: fc.record({ op: fc.constant('delete-snapshot' as const), d: fc.nat(), which: fc.nat() }),
		weight: 1
	},
	{ arbitrary: fc.record({ op: fc.constant('release' as const), vm: fc.nat({ max: 2 }) }), weight: 1 },
	{ arbitrary: fc.record({ op: fc.constant('checkpoint' as const) }), weight: 1 },
	{ arbitrary: fc.record({ op: fc.constant('step-back' as const) }), weight: 1 },
	{ arbitrary: fc.record({ op: fc.constant('rebuild' as const) }), weight: 1 }
);

const scenario = fc.record({
	blockSectors: fc.constantFrom(1, 2, 4),
	l2Entries: fc.integer({ min: 1, max: 4 }),
	vms: fc.array(fc.array(diskSpec, { minLength: 1, maxLength: 2 }), { minLength: 3, maxLength: 3 }),
	ops: fc.array(op, { minLength: 15, maxLength: 40 })
});

/**
 * What snapshot `name` of cow disk `id` holds, read from its frozen tables the long way (the layer
 * has no API for it: a snapshot is only ever deleted), so a write that changed a frozen block shows.
 */
function readFrozen(layer: DiskLayer, images: DiskImage[], id: number, name: string): Uint8Array {
	const s = layer.state;
	const v = s.vdisks[id];
	if (v?.kind !== 'cow') throw new Error(`vdisk ${id} is not cow`);
	const snap = v.snapshots.find((x) => x.name === name)!;
	const base = s.bases[v.base];
	const bb = s.blockSectors * SECTOR;
	const out = new Uint8Array(v.sectors * SECTOR);
	for (let c = 0; c * bb < out.length; c++) {
		const e = snap.l1[Math.floor(c / s.l2Entries)]?.[c % s.l2Entries] ?? -1;
		const src =
			e >= 0
				? images[v.disk].read(e * bb, bb)
				: e !== ZERO_CLUSTER && c < base.blocks.length
					? images[base.disk].read(base.blocks[c] * bb, bb)
					: null;
		if (src) out.set(src.subarray(0, Math.min(bb, out.length - c * bb)), c * bb);
	}
	return out;
}

/** Every block an extent covers is `vm`'s (or, when reading, the base's). */
function expectOwned(layer: DiskLayer, extents: Extent[], vm: number, reading: boolean): void {
	const bs = layer.state.blockSectors;
	for (const e of extents)
		for (let s = e.sector; s < e.sector + e.count; s++) {
			const owner = layer.state.disks[e.disk].owner[Math.floor(s / bs)];
			if (owner !== vm && !(reading && owner === BASE))
				throw new Error(`vm ${vm} located sector ${s} of d${e.disk}, owned by ${owner}`);
		}
}

describe('virtual disk isolation (property)', () => {
	it('each VM reads back what it wrote, and only its own blocks are touched', () => {
		fc.assert(
			fc.property(scenario, ({ blockSectors, l2Entries, vms, ops }) => {
				const disks = physical(DISK_SECTORS);
				const fresh = DiskLayer.newState(
					disks.map((d) => ({ name: d.name, sectors: d.image.sectors })),
					blockSectors,
					l2Entries
				);
				let layer = new DiskLayer(disks, fresh);
				const base = pattern(BASE_BYTES, 99);
				layer.addBase('base', 'd0', base);
				/** The reference model: what each live vdisk must read, by id. */
				let model = new Map<number, Uint8Array>();
				vms.forEach((specs, vm) =>
					specs.forEach((d, i) => {
						const spec: VdiskSpec = {
							kind: d.kind,
							on: d.on,
							size: d.sectors === undefined ? undefined : d.sectors * SECTOR,
							base: d.kind === 'cow' ? 'base' : undefined
						};
						if (spec.kind !== 'cow') spec.size ??= 8 * SECTOR;
						let id: number;
						try {
							id = layer.create(vm, spec, `vms[${vm}].disks[${i}]`);
						} catch (e) {
							// Only a minidisk can fail to fit, and it says which field.
							expect(e).toBeInstanceOf(RangeError);
							expect(spec.kind).toBe('minidisk');
							expect(String(e)).toContain(`vms[${vm}].disks[${i}].size:`);
							return;
						}
						const bytes = new Uint8Array(layer.store(id).sectors * SECTOR);
						if (spec.kind === 'cow') bytes.set(base.subarray(0, bytes.length));
						model.set(id, bytes);
					})
				);
				/** What each snapshot must hold: the disk's model when it was taken, by `${id}/${name}`. */
				let frozen = new Map<string, Uint8Array>();
				let saved: {
					state: DiskLayerState;
					images: Uint8Array[];
					model: Map<number, Uint8Array>;
					frozen: Map<string, Uint8Array>;
				} | null = null;
				const images = disks.map((d) => d.image);
				let names = 0;
				const live = () => [...model.keys()];
				const pick = (n: number) => {
					const ids = live();
					return ids.length === 0 ? -1 : ids[n % ids.length];
				};
				const check = () => {
					for (const [id, want] of model) {
						const s = layer.store(id);
						expectSame(s.read(0, want.length), want);
						const vm = layer.state.vdisks[id]!.vm;
						expectOwned(layer, s.locate('read', 0, s.sectors) as Extent[], vm, true);
					}
					for (const [key, want] of frozen) {
						const [id, name] = key.split('/');
						expectSame(readFrozen(layer, images, Number(id), name), want);
					}
					expectConsistent(layer);
				};
				check();
				for (const o of ops) {
					if (o.op !== 'write' && o.op !== 'discard') saw(o.op);
					if (o.op === 'write' || o.op === 'discard') {
						const id = pick(o.d);
						if (id < 0) continue;
						const s = layer.store(id);
						const vm = layer.state.vdisks[id]!.vm;
						const sector = o.sector % s.sectors;
						const count = Math.min(o.count, s.sectors - sector);
						const before = structuredClone(layer.state);
						const where = s.locate(o.op, sector, count);
						saw(
							`${o.op} ${layer.state.vdisks[id]!.kind} ${where === 'no-space' ? 'no-space' : 'ok'}`
						);
						if (where === 'no-space') {
							expectSame(layer.state, before); // nothing reserved
							continue;
						}
						expectOwned(layer, where, vm, false);
						const want = model.get(id)!;
						if (o.op === 'write') {
							const bytes = pattern(count * SECTOR, o.seed);
							s.write(sector * SECTOR, bytes);
							want.set(bytes, sector * SECTOR);
						} else {
							s.discard(sector * SECTOR, count * SECTOR);
							want.fill(0, sector * SECTOR, (sector + count) * SECTOR);
						}
					} else if (o.op === 'snapshot') {
						const id = pick(o.d);
						if (id < 0 || layer.state.vdisks[id]!.kind !== 'cow') continue;
						const name = `s${names++}`;
						layer.snapshot(id, name);
						frozen.set(`${id}/${name}`, model.get(id)!.slice());
					} else if (o.op === 'delete-snapshot') {
						const id = pick(o.d);
						if (id < 0 || layer.state.vdisks[id]!.kind !== 'cow') continue;
						const snaps = layer.snapshots(id);
						if (snaps.length === 0) continue;
						const { name } = snaps[o.which % snaps.length];
						layer.deleteSnapshot(id, name);
						frozen.delete(`${id}/${name}`);
					} else if (o.op === 'release') {
						const held = [0, 1].map((d) => layer.usage(d).byVm[o.vm] ?? 0);
						const freed = [0, 1].map((d) => layer.freed(d));
						expect(layer.release(o.vm)).toBe(held[0] + held[1]);
						for (const d of [0, 1]) {
							expect(layer.usage(d).byVm[o.vm] ?? 0).toBe(0);
							expect(layer.freed(d)).toBe(freed[d] + held[d]);
						}
						for (const id of live()) if (!layer.state.vdisks[id]) model.delete(id);
						for (const key of frozen.keys())
							if (!model.has(Number(key.split('/')[0]))) frozen.delete(key);
					} else if (o.op === 'checkpoint') {
						saved = {
							state: structuredClone(layer.state),
							images: disks.map((d) => d.image.bytes().slice()),
							model: new Map([...model].map(([id, b]) => [id, b.slice()])),
							frozen: new Map(frozen)
						};
					} else if (o.op === 'step-back') {
						if (!saved) continue;
						const { state, images } = saved;
						disks.forEach((d, i) => d.image.restoreAll(images[i]));
						layer.restore(state);
						model = new Map([...saved.model].map(([id, b]) => [id, b.slice()]));
						frozen = new Map(saved.frozen);
					} else {
						// The hypervisor restored from a snapshot: a new layer over the same images.
						layer = new DiskLayer(disks, structuredClone(layer.state));
					}
					check();
				}
			}),
			{ numRuns: 200 }
		);
		if (process.env.VDISK_STATS) console.log([...met].sort());
	});
});

describe('bad input (property)', () => {
	const odd = fc.oneof(
		fc.anything({ withNullPrototype: true, withBigInt: true }),
		fc.string(),
		fc.integer()
	);
	it('any spec, vm or request is refused with a RangeError, or accepted', () => {
		fc.assert(
			fc.property(
				fc.record({
					vm: odd,
					spec: fc.oneof(
						odd,
						fc.record({
							kind: fc.oneof(fc.constantFrom('minidisk', 'thin', 'cow'), odd),
							on: fc.oneof(fc.constantFrom('d0', 'd1'), odd),
							size: fc.oneof(
								fc.integer({ min: -2, max: 40 }).map((n) => n * SECTOR),
								odd
							),
							serial: odd,
							base: fc.oneof(fc.constant('base'), odd)
						})
					),
					offset: odd,
					length: odd
				}),
				({ vm, spec, offset, length }) => {
					const disks = physical(DISK_SECTORS);
					const layer = new DiskLayer(
						disks,
						DiskLayer.newState(
							disks.map((d) => ({ name: d.name, sectors: d.image.sectors })),
							2
						)
					);
					layer.addBase('base', 'd0', pattern(SECTOR, 1));
					const refused = (f: () => unknown) => {
						try {
							f();
						} catch (e) {
							if (!(e instanceof RangeError)) throw e;
						}
					};
					refused(() => layer.create(vm as number, spec as VdiskSpec, 'p'));
					const s = layer.store(layer.create(0, { kind: 'thin', on: 'd1', size: 4 * SECTOR }));
					refused(() => s.read(offset as number, length as number));
					refused(() => s.write(offset as number, length as Uint8Array));
					refused(() => s.discard(offset as number, length as number));
					refused(() => s.locate('write', offset as number, length as number));
					refused(() => layer.snapshot(offset as number, length as string));
					refused(() => layer.usage(offset as number));
					refused(() => layer.addBase(offset as string, length as string, pattern(SECTOR, 2)));
				}
			),
			{ numRuns: 300 }
		);
	});
});

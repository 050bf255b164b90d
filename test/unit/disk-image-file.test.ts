/**
 * qcow2 image files (src/lib/sim/devices/virtio/qcow2/), in memory: reads and writes against a flat
 * model of the virtual disk, copy-on-write over a backing file, snapshots, refcounts that always
 * equal the references, every corruption an ImageError naming its offset (and a fuzz of header and
 * table bytes that never throws anything else), and the physical disk models as BlockTiming.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import './fast-check-seed';
import { diskPreset } from '../../src/lib/sim/devices/media';
import { mediaTiming } from '../../src/lib/sim/devices/media/timing';
import { DiskImage } from '../../src/lib/sim/devices/virtio/disk-image';
import {
	applySnapshot,
	createQcow2,
	createSnapshot,
	deleteSnapshot,
	ImageError,
	MemoryFile,
	openChain,
	Qcow2Image,
	RawImage,
	SnapshotError
} from '../../src/lib/sim/devices/virtio/qcow2';

const KiB = 1024;
const MiB = 1024 * KiB;

function fresh(virtualSize: number, clusterBits = 12, backing?: Uint8Array) {
	const file = new MemoryFile(
		createQcow2({
			virtualSize,
			clusterBits,
			...(backing ? { backingFile: 'base.img', backingFormat: 'raw' } : {})
		})
	);
	const base = backing && new RawImage(new MemoryFile(backing));
	return { file, base, img: Qcow2Image.open(file, base) };
}

/** Every cluster's refcount is exactly the references to it (nothing leaked, nothing short). */
function consistent(img: Qcow2Image): void {
	const refs = img.references();
	img.refcounts.forEach((v, c) => expect(v, `cluster ${c}`).toBe(refs.get(c) ?? 0));
	for (const [c, n] of refs) expect(img.refcount(c), `cluster ${c}`).toBe(n);
	// The file reopens to the same thing, with nothing leaked.
	const again = Qcow2Image.open(new MemoryFile(img.file.read(0, img.file.size)), img.backing);
	expect(again.leaked).toBe(0);
}

/** The first byte where two arrays differ, or -1 (toEqual on megabytes is slow, and so is its diff). */
const differs = (a: Uint8Array, b: Uint8Array) =>
	a.length !== b.length ? Math.min(a.length, b.length) : a.findIndex((x, i) => x !== b[i]);

const pattern = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);

describe('qcow2 images: create, read, write', () => {
	it('a new image reads as zeros, holds no data cluster, and is cluster-aligned', () => {
		const { img, file } = fresh(4 * MiB);
		expect(img.sectors).toBe(8192);
		expect(img.allocatedClusters).toBe(0);
		expect(file.size % 4096).toBe(0);
		expect(img.read(0, 64 * KiB).every((b) => b === 0)).toBe(true);
		consistent(img);
	});

	it('writes read back, across clusters and L2 tables, and survive reopening', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.nat(2 * MiB - 1), fc.integer({ min: 1, max: 9000 }), fc.nat(255)), {
					maxLength: 12
				}),
				(writes) => {
					// 512-byte clusters: 64 entries per L2 table, so 2 MiB spans 64 of them.
					const { img, file } = fresh(2 * MiB, 9);
					const model = new Uint8Array(2 * MiB);
					for (const [at, n, seed] of writes) {
						const len = Math.min(n, 2 * MiB - at);
						const bytes = pattern(len, seed);
						img.write(at, bytes);
						model.set(bytes, at);
					}
					expect(differs(img.read(0, 2 * MiB), model)).toBe(-1);
					const again = Qcow2Image.open(new MemoryFile(file.bytes()));
					expect(differs(again.read(0, 2 * MiB), model)).toBe(-1);
					consistent(img);
				}
			),
			{ numRuns: 40 }
		);
	});

	it('over a backing file: reads fall through, a partial write copies the rest, the base is untouched', () => {
		const base = pattern(1 * MiB, 3);
		const baseCopy = base.slice();
		const { img, file } = fresh(1 * MiB, 12, base);
		expect(differs(img.read(5000, 3000), base.subarray(5000, 8000))).toBe(-1);
		img.write(4096 + 100, new Uint8Array(10).fill(0xee));
		expect(img.allocatedClusters).toBe(1);
		const want = base.slice();
		want.fill(0xee, 4196, 4206);
		expect(differs(img.read(0, 1 * MiB), want)).toBe(-1);
		expect(differs(base, baseCopy)).toBe(-1);
		// Through openChain, as the CLI opens it: the backing file found by name.
		const chain = openChain('top.qcow2', new MemoryFile(file.bytes()), (name) => ({
			name,
			file: new MemoryFile(base)
		}));
		expect(chain.map((l) => [l.name, l.format])).toEqual([
			['top.qcow2', 'qcow2'],
			['base.img', 'raw']
		]);
		expect(differs(chain[0].store.read(0, 1 * MiB), want)).toBe(-1);
		consistent(img);
	});

	it('a backing image shorter than the overlay reads as zeros past its end', () => {
		const { img } = fresh(64 * KiB, 12, pattern(6000, 1));
		const want = Uint8Array.from({ length: 4096 }, (_, i) => (i < 1904 ? pattern(6000, 1)[4096 + i] : 0));
		expect(differs(img.read(4096, 4096), want)).toBe(-1);
	});

	it('discard: whole clusters read as zeros over the base (v3 zero flag) and free their clusters', () => {
		const base = new Uint8Array(64 * KiB).fill(0x55);
		const { img } = fresh(64 * KiB, 12, base);
		img.write(0, new Uint8Array(3 * 4096).fill(1));
		expect(img.allocatedClusters).toBe(3);
		img.discard(2048, 4096 + 2048 + 4096); // half of 0, all of 1 and 2
		expect(img.allocatedClusters).toBe(1);
		expect(img.read(0, 2048).every((b) => b === 1)).toBe(true);
		expect(img.read(2048, 10240).every((b) => b === 0)).toBe(true);
		expect(img.read(12288, 4096).every((b) => b === 0x55)).toBe(true);
		consistent(img);
	});

	it('a discarded cluster is reused by the next allocation (lowest free first)', () => {
		const { img, file } = fresh(64 * KiB);
		img.write(0, new Uint8Array(2 * 4096).fill(1));
		const size = file.size;
		img.discard(0, 4096);
		img.write(8 * 4096, new Uint8Array(4096).fill(2));
		expect(file.size).toBe(size);
		consistent(img);
	});
});

describe('qcow2 snapshots', () => {
	it('apply brings back the contents at the snapshot; writes after it copy shared clusters', () => {
		const { img } = fresh(1 * MiB, 12, pattern(1 * MiB, 9));
		img.write(0, new Uint8Array(8192).fill(1));
		const at1 = img.read(0, 1 * MiB);
		createSnapshot(img, 'one');
		consistent(img);
		img.write(4096, new Uint8Array(8192).fill(2)); // a shared cluster and one from the base
		img.write(512 * KiB, new Uint8Array(100).fill(3));
		const at2 = img.read(0, 1 * MiB);
		createSnapshot(img, 'two');
		img.write(0, new Uint8Array(1 * MiB).fill(4));
		consistent(img);
		applySnapshot(img, 'one');
		expect(differs(img.read(0, 1 * MiB), at1)).toBe(-1);
		consistent(img);
		applySnapshot(img, 'two');
		expect(differs(img.read(0, 1 * MiB), at2)).toBe(-1);
		deleteSnapshot(img, 'one');
		expect(img.snapshots.map((s) => [s.id, s.name])).toEqual([['2', 'two']]);
		expect(differs(img.read(0, 1 * MiB), at2)).toBe(-1);
		consistent(img);
		deleteSnapshot(img, 'two');
		consistent(img);
		expect(differs(img.read(0, 1 * MiB), at2)).toBe(-1);
	});

	it('deleting every snapshot frees what only they held', () => {
		const { img } = fresh(256 * KiB);
		img.write(0, new Uint8Array(64 * KiB).fill(1));
		createSnapshot(img, 's');
		img.write(0, new Uint8Array(64 * KiB).fill(2)); // every cluster copied
		const used = img.refcounts.filter((v) => v > 0).length;
		deleteSnapshot(img, 's');
		// The 16 data clusters the snapshot held, its L1 copy, the table's cluster and the old L2.
		expect(used - img.refcounts.filter((v) => v > 0).length).toBe(16 + 1 + 1 + 1);
		consistent(img);
	});

	it('errors name the snapshot: unknown, duplicate, empty', () => {
		const { img } = fresh(64 * KiB);
		createSnapshot(img, 'a');
		expect(() => createSnapshot(img, 'a')).toThrow(SnapshotError);
		expect(() => createSnapshot(img, '')).toThrow(/1\.\.65535 bytes/);
		expect(() => applySnapshot(img, 'b')).toThrow("no snapshot 'b' (snapshots: a)");
		expect(() => deleteSnapshot(img, 'b')).toThrow(SnapshotError);
	});
});

/** Every file write an operation makes, so a crash after any of them can be replayed. */
class RecordingFile extends MemoryFile {
	writes: [number, Uint8Array][] = [];
	override write(offset: number, bytes: Uint8Array): void {
		this.writes.push([offset, bytes.slice()]);
		super.write(offset, bytes);
	}
}

describe('a crash part-way through an operation leaves a valid image (the write order of image.ts)', () => {
	const base = pattern(256 * KiB, 5);
	const ops: [string, (img: Qcow2Image) => void][] = [
		['a first write over the base', (img) => img.write(70 * KiB, pattern(9000, 1))],
		['a write to a cluster a snapshot shares', (img) => img.write(100, pattern(10, 2))],
		['taking a snapshot', (img) => void createSnapshot(img, 'later')],
		['applying a snapshot', (img) => applySnapshot(img, 's')],
		['deleting a snapshot', (img) => deleteSnapshot(img, 's')],
		['a discard', (img) => img.discard(0, 8192)]
	];
	it.each(ops)('%s', (_name, op) => {
		const start = fresh(256 * KiB, 12, base);
		start.img.write(0, pattern(20000, 3));
		createSnapshot(start.img, 's');
		const before = start.file.bytes();
		const file = new RecordingFile(before);
		const img = Qcow2Image.open(file, start.base);
		const old = img.read(0, 256 * KiB);
		op(img);
		const now = img.read(0, 256 * KiB);
		expect(file.writes.length).toBeGreaterThan(0);
		for (let k = 0; k <= file.writes.length; k++) {
			const crashed = new MemoryFile(before);
			for (const [at, bytes] of file.writes.slice(0, k)) crashed.write(at, bytes);
			// Opens (every refcount at least its references: nothing in use can be reused) ...
			const got = Qcow2Image.open(crashed, start.base).read(0, 256 * KiB);
			// ... and each cluster reads as before the operation or after it.
			for (let c = 0; c < 64; c++) {
				const part = (b: Uint8Array) => b.subarray(c * 4096, (c + 1) * 4096);
				const ok = differs(part(got), part(old)) < 0 || differs(part(got), part(now)) < 0;
				expect(ok, `after ${k} of ${file.writes.length} writes, cluster ${c}`).toBe(true);
			}
		}
	});
});

/** An image with data, a snapshot and a backing file, to corrupt. */
function sample(): Uint8Array {
	const { img, file } = fresh(256 * KiB, 12, new Uint8Array(256 * KiB).fill(7));
	img.write(0, pattern(20000, 1));
	createSnapshot(img, 'snap');
	img.write(4096, pattern(100, 2));
	return file.bytes();
}

const open = (bytes: Uint8Array) =>
	Qcow2Image.open(new MemoryFile(bytes), new RawImage(new MemoryFile(new Uint8Array(256 * KiB))));

function corruptAt(edit: (b: Uint8Array, dv: DataView) => void): ImageError {
	const b = sample();
	edit(b, new DataView(b.buffer));
	try {
		open(b);
	} catch (e) {
		if (e instanceof ImageError) return e;
		throw e;
	}
	throw new Error('opened');
}

describe('a corrupt qcow2 image: an ImageError naming the offset', () => {
	const be64 = (dv: DataView, at: number, v: number) => dv.setBigUint64(at, BigInt(v));
	const h = Qcow2Image.open(new MemoryFile(sample()), new RawImage(new MemoryFile(new Uint8Array(0))));
	const firstL2 = h.l1[0];
	const rblock = h.rtable[0];
	const cases: [string, (b: Uint8Array, dv: DataView) => void, number, RegExp][] = [
		['magic', (b) => (b[0] = 0x51 ^ 1), 0x0, /magic 0x504649fb is not qcow2's/],
		['version', (_b, dv) => dv.setUint32(4, 4), 0x4, /version 4 is not 2 or 3/],
		['cluster_bits', (_b, dv) => dv.setUint32(20, 30), 0x14, /cluster_bits 30/],
		['virtual size', (_b, dv) => be64(dv, 24, 1000), 0x18, /not a whole number of 512-byte sectors/],
		['crypt_method', (_b, dv) => dv.setUint32(32, 1), 0x20, /encrypted/],
		['l1_size', (_b, dv) => dv.setUint32(36, 0), 0x24, /maps less than the virtual size/],
		[
			'L1 past the end',
			(_b, dv) => be64(dv, 40, 2 ** 40),
			0x28,
			/L1 table offset 0x10000000000 .* past the end of the file \(0x[0-9a-f]+ bytes\)/
		],
		[
			'L1 unaligned',
			(_b, dv) => be64(dv, 40, 4096 + 8),
			0x28,
			/not a multiple of the cluster size \(0x1000\)/
		],
		['refcount table', (_b, dv) => be64(dv, 48, 0), 0x30, /refcount table offset is 0/],
		[
			'nb_snapshots',
			(_b, dv) => dv.setUint32(60, 1000),
			0x40,
			/snapshot table offset 0x[0-9a-f]+ \(40000 bytes\) is past the end/
		],
		['incompatible bit', (b) => (b[79] = 1), 0x48, /dirty bit/],
		['refcount_order', (_b, dv) => dv.setUint32(96, 5), 0x60, /only 16-bit refcounts/],
		['header_length', (_b, dv) => dv.setUint32(100, 12), 0x64, /header_length 12/],
		['backing name size', (_b, dv) => dv.setUint32(16, 4000), 0x10, /backing_file_size 4000/],
		['backing name offset', (_b, dv) => be64(dv, 8, 4090), 0x8, /not within the header's cluster/]
	];
	it.each(cases)('%s', (_name, edit, offset, reason) => {
		const e = corruptAt(edit);
		expect(e.offset).toBe(offset);
		expect(e.message).toMatch(reason);
		expect(e.message.startsWith(`offset 0x${offset.toString(16)}: `)).toBe(true);
	});

	it('an L1 entry past the end names the entry', () => {
		const e = corruptAt((_b, dv) => be64(dv, h.header.l1Offset, 2 ** 36));
		expect(e.offset).toBe(h.header.l1Offset);
		expect(e.message).toMatch(/L1 entry 0: 0x1000000000 is past the end of the file/);
	});

	it('an L2 entry past the end, or compressed, names the entry', () => {
		const past = corruptAt((_b, dv) => be64(dv, firstL2 + 16, 2 ** 36));
		expect(past.offset).toBe(firstL2 + 16);
		expect(past.message).toMatch(/L2 entry 2: data cluster 0x1000000000 is past the end/);
		const compressed = corruptAt((b) => (b[firstL2 + 8] |= 0x40));
		expect(compressed.offset).toBe(firstL2 + 8);
		expect(compressed.message).toMatch(/compressed clusters are not supported/);
	});

	it('a refcount below the references names the refcount entry', () => {
		const dataCluster = h.l2.get(firstL2)![1] / 4096;
		const e = corruptAt((b) => {
			b[rblock + dataCluster * 2] = 0;
			b[rblock + dataCluster * 2 + 1] = 0;
		});
		expect(e.offset).toBe(rblock + dataCluster * 2);
		expect(e.message).toMatch(/cluster 0x[0-9a-f]+ has refcount 0 but 1 reference to it/);
	});

	it('a truncated file: the first table found past the end', () => {
		const b = sample();
		expect(() => open(b.slice(0, 4096 * 3))).toThrow(
			/^offset 0x[0-9a-f]+: .*past the end of the file \(0x3000 bytes\)/
		);
		expect(() => open(b.slice(0, 50))).toThrow(
			'offset 0x32: the file is 50 bytes, shorter than a qcow2 header (72)'
		);
	});

	it('fuzz: random bytes of the header and tables changed: an ImageError or a valid image, nothing else', () => {
		const good = sample();
		const metadata = Math.min(good.length, 8 * 4096);
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.nat(metadata - 1), fc.nat(255)), { minLength: 1, maxLength: 8 }),
				fc.boolean(),
				(edits, truncate) => {
					let b = good.slice();
					for (const [at, v] of edits) b[at] = v;
					if (truncate) b = b.slice(0, edits[0][0]);
					let img: Qcow2Image;
					try {
						img = open(b);
					} catch (e) {
						expect(e).toBeInstanceOf(ImageError);
						expect((e as ImageError).message).toMatch(/^offset 0x[0-9a-f]+: /);
						return;
					}
					// It opened: it can be read whole, and written, and stays consistent.
					img.read(0, img.size);
					try {
						img.write(0, new Uint8Array(4096).fill(9));
						expect(img.read(0, 4096).every((x) => x === 9)).toBe(true);
					} catch (e) {
						expect(e).toBeInstanceOf(ImageError); // the refcount table full, at most
					}
				}
			),
			{ numRuns: 400 }
		);
	});
});

describe('physical disk models as a bare disk timing (media/timing.ts)', () => {
	const hz = 100_000_000;
	it('hdd: a sequential read costs less than a random one; snapshot and restore replay', () => {
		const t = mediaTiming(diskPreset('hdd'), hz, 'hdd');
		const first = t.service({ op: 'read', sector: 0, count: 8 }, 0);
		const seq = t.service({ op: 'read', sector: 8, count: 8 }, first) - first;
		const saved = t.snapshot();
		const far = t.service({ op: 'read', sector: 1_000_000, count: 8 }, first + seq) - (first + seq);
		expect(seq).toBeLessThan(far);
		t.restore(saved);
		expect(t.service({ op: 'read', sector: 1_000_000, count: 8 }, first + seq) - (first + seq)).toBe(far);
	});

	it('requests queue behind the one in service; GET_ID costs only the controller', () => {
		const t = mediaTiming(diskPreset('ssd'), hz, 'ssd');
		const a = t.service({ op: 'write', sector: 0, count: 64 }, 0);
		const b = t.service({ op: 'write', sector: 64, count: 64 }, 0);
		expect(b).toBeGreaterThan(a);
		expect(t.service({ op: 'get-id', sector: 0, count: 0 }, b)).toBe(b + 2000);
	});
});

describe('DiskImage listeners (how run --disk hears a discard)', () => {
	it('discard goes to discarded() where a listener has it, else to written()', () => {
		const d = new DiskImage('d', new Uint8Array(4096).fill(1));
		const heard: string[] = [];
		d.listeners.push(
			{
				written: (o, n) => heard.push(`a written ${o}+${n}`),
				discarded: (o, n) => heard.push(`a discarded ${o}+${n}`)
			},
			{ written: (o, n) => heard.push(`b written ${o}+${n}`) }
		);
		d.discard(512, 1024);
		expect(heard).toEqual(['a discarded 512+1024', 'b written 512+1024']);
		expect(d.read(0, 2048)).toEqual(
			Uint8Array.from({ length: 2048 }, (_, i) => (i >= 512 && i < 1536 ? 0 : 1))
		);
	});
});

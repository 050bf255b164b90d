/**
 * qemu-img as the oracle for vmscope's qcow2 files (skipped where qemu-utils is not installed):
 * images vmscope makes and writes pass `qemu-img check` with no errors and no leaks, `qemu-img info`
 * agrees on the sizes, the backing file and the snapshots, and `qemu-img convert` to raw gives the
 * bytes vmscope reads; images qemu-img makes and qemu-io writes (v2 and v3, small and default
 * clusters, over a backing file, with snapshots) read in vmscope as they do in QEMU. And QEMU itself
 * runs the teaching kernel's diskcheck on an overlay `vmscope disk create` made: vmscope reads the
 * pattern QEMU wrote, and the overlay is the one `vmscope run` leaves.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
	applySnapshot,
	createQcow2,
	createSnapshot,
	deleteSnapshot,
	Qcow2Image
} from '../../src/lib/sim/devices/virtio/qcow2';
import { openImageFile } from '../../src/lib/sim/cli/image-files';
import { patchBootPrograms } from '../../src/lib/sim/guest/boot-programs';
import { CHECK_COUNT, CHECK_FIRST, CHECK_SALT, freshImage, patternBytes, SECTOR } from './guest-disk';
import { bootOnQemu, hasQemu, MINISBI } from './qemu-guest';

const hasQemuImg = spawnSync('sh', ['-c', 'command -v qemu-img && command -v qemu-io']).status === 0;
if (!hasQemuImg) console.warn('disk-qemu-img: qemu-img or qemu-io is not installed, oracle skipped');
const tmp = hasQemuImg ? mkdtempSync(join(tmpdir(), 'vmscope-qemu-img-')) : '';
afterAll(() => {
	if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const KiB = 1024;
const MiB = 1024 * KiB;
let n = 0;
const path = (name: string) => join(tmp, `${n++}-${name}`);

function run(cmd: string, ...args: string[]): string {
	const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: tmp });
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}${r.stdout}`);
	return r.stdout;
}
const check = (file: string) => JSON.parse(run('qemu-img', 'check', '--output=json', file));
const info = (file: string) => JSON.parse(run('qemu-img', 'info', '--output=json', file));
function flat(file: string): Uint8Array {
	const out = path('flat.raw');
	run('qemu-img', 'convert', '-O', 'raw', file, out);
	return new Uint8Array(readFileSync(out));
}
const differs = (a: Uint8Array, b: Uint8Array) =>
	a.length !== b.length ? Math.min(a.length, b.length) : a.findIndex((x, i) => x !== b[i]);
const pattern = (len: number, seed: number) =>
	Uint8Array.from({ length: len }, (_, i) => (i * 13 + seed) & 0xff);

/** Open with its chain through the CLI's file layer (writes go to the file at once). */
function withImage<T>(file: string, f: (img: Qcow2Image) => T): T {
	const opened = openImageFile(file, false);
	try {
		return f(opened.links[0].store as Qcow2Image);
	} finally {
		opened.close();
	}
}

describe.skipIf(!hasQemuImg)('qcow2 images vmscope writes, as qemu-img sees them', () => {
	it.each([
		['64 KiB clusters', 16],
		['512-byte clusters', 9]
	])('thin, %s: check clean, info agrees, convert gives the same bytes', (_n, bits) => {
		const file = path('thin.qcow2');
		writeFileSync(file, createQcow2({ virtualSize: 8 * MiB, clusterBits: bits }));
		const want = withImage(file, (img) => {
			img.write(0, pattern(3000, 1));
			img.write(5 * MiB + 17, pattern(200 * KiB, 2));
			img.write(8 * MiB - 512, pattern(512, 3));
			img.discard(5 * MiB + 64 * KiB, 64 * KiB);
			return { bytes: img.read(0, 8 * MiB), allocated: img.allocatedClusters };
		});
		const c = check(file);
		expect(c['check-errors']).toBe(0);
		expect(c.leaks ?? 0).toBe(0);
		expect(c.corruptions ?? 0).toBe(0);
		expect(c['allocated-clusters']).toBe(want.allocated);
		const i = info(file);
		expect(i['virtual-size']).toBe(8 * MiB);
		expect(i['cluster-size']).toBe(2 ** bits);
		expect(i['format-specific'].data.compat).toBe('1.1');
		expect(differs(flat(file), want.bytes)).toBe(-1);
	});

	it('an overlay over a raw base, with snapshots taken, applied and deleted', () => {
		const base = path('base.raw');
		writeFileSync(base, pattern(4 * MiB, 7));
		const file = path('overlay.qcow2');
		writeFileSync(
			file,
			createQcow2({
				virtualSize: 4 * MiB,
				backingFile: base.slice(tmp.length + 1),
				backingFormat: 'raw'
			})
		);
		const want = withImage(file, (img) => {
			img.write(100, pattern(1000, 1));
			createSnapshot(img, 'first');
			img.write(64 * KiB - 10, pattern(20, 2));
			createSnapshot(img, 'second');
			const second = img.read(0, 4 * MiB);
			img.write(0, pattern(300 * KiB, 3));
			deleteSnapshot(img, 'first');
			img.write(MiB, pattern(10, 4));
			return { now: img.read(0, 4 * MiB), second };
		});
		expect(check(file)['check-errors']).toBe(0);
		expect(check(file).leaks ?? 0).toBe(0);
		const i = info(file);
		expect(i['backing-filename']).toBe(base.slice(tmp.length + 1));
		expect(i['backing-filename-format']).toBe('raw');
		expect(i.snapshots.map((s: { name: string; id: string }) => [s.id, s.name])).toEqual([
			['2', 'second']
		]);
		expect(differs(flat(file), want.now)).toBe(-1);
		expect(differs(new Uint8Array(readFileSync(base)), pattern(4 * MiB, 7))).toBe(-1);
		// qemu-img applies vmscope's snapshot and gets what vmscope read when it was current.
		run('qemu-img', 'snapshot', '-a', 'second', file);
		expect(differs(flat(file), want.second)).toBe(-1);
		withImage(file, (img) => applySnapshot(img, 'second'));
		expect(check(file)['check-errors']).toBe(0);
	});
});

describe.skipIf(!hasQemuImg)('qcow2 images qemu-img makes and qemu-io writes, read by vmscope', () => {
	it.each([
		['v3, 64 KiB clusters', 'compat=1.1'],
		['v2, 4 KiB clusters', 'compat=0.10,cluster_size=4096'],
		['v3, 512-byte clusters', 'cluster_size=512']
	])('%s over a qcow2 base: the same bytes, snapshots found and applied', (_n, o) => {
		const base = path('base.qcow2');
		run('qemu-img', 'create', '-q', '-f', 'qcow2', '-o', o, base, '2M');
		run('qemu-io', '-c', 'write -P 0x11 0 96k', '-c', 'write -P 0x12 1M 4k', base);
		const top = path('top.qcow2');
		run(
			'qemu-img',
			'create',
			'-q',
			'-f',
			'qcow2',
			'-o',
			o,
			'-b',
			base.slice(tmp.length + 1),
			'-F',
			'qcow2',
			top
		);
		run('qemu-io', '-c', 'write -P 0x21 8k 8k', '-c', 'write -z 1M 4k', top);
		run('qemu-img', 'snapshot', '-c', 's1', top);
		run('qemu-io', '-c', 'write -P 0x22 0 4k', '-c', 'discard 64k 64k', top);
		const now = flat(top);
		run('qemu-img', 'snapshot', '-a', 's1', top);
		const atS1 = flat(top);
		run('qemu-io', '-c', 'write -P 0x22 0 4k', '-c', 'discard 64k 64k', top); // as it was
		withImage(top, (img) => {
			expect(img.header.version).toBe(o.includes('0.10') ? 2 : 3);
			expect(img.snapshots.map((s) => s.name)).toEqual(['s1']);
			expect(differs(img.read(0, 2 * MiB), now)).toBe(-1);
			applySnapshot(img, 's1');
			expect(differs(img.read(0, 2 * MiB), atS1)).toBe(-1);
			img.write(4 * KiB, pattern(10 * KiB, 5));
			createSnapshot(img, 's2');
		});
		const c = check(top);
		expect(c['check-errors']).toBe(0);
		expect(c.leaks ?? 0).toBe(0);
		const after = atS1.slice();
		after.set(pattern(10 * KiB, 5), 4 * KiB);
		expect(differs(flat(top), after)).toBe(-1);
		expect(check(base)['check-errors']).toBe(0);
	});
});

describe.skipIf(!hasQemuImg || !hasQemu)('QEMU runs the kernel on an overlay vmscope made', () => {
	it('diskcheck on QEMU and on vmscope: the same overlay contents, the base untouched', () => {
		const kernel = patchBootPrograms(new Uint8Array(readFileSync('static/guest/kernel.elf')), [
			'diskcheck'
		]);
		const base = freshImage(4096);
		const overlays = ['qemu', 'vmscope'].map((who) => {
			const b = path(`${who}-base.img`);
			writeFileSync(b, base);
			const o = path(`${who}.qcow2`);
			const args = ['bin/vmscope.js', 'disk', 'create', o, '--backing', b.slice(tmp.length + 1)];
			expect(spawnSync(process.execPath, args).status).toBe(0);
			return { base: b, overlay: o };
		});
		const q = bootOnQemu(kernel, tmp, MINISBI, [
			...['-global', 'virtio-mmio.force-legacy=false'],
			...['-drive', `file=${overlays[0].overlay},if=none,format=qcow2,id=d0`],
			...['-device', 'virtio-blk-device,drive=d0,bus=virtio-mmio-bus.0,serial=vmscope-d0']
		]);
		expect(q.out).toContain('diskcheck: OK');
		const elf = path('kernel.elf');
		writeFileSync(elf, kernel);
		const v = spawnSync(
			process.execPath,
			['bin/vmscope.js', 'run', elf, '--disk', `${overlays[1].overlay},serial=vmscope-d0`],
			{ encoding: 'utf8' }
		);
		expect(v.stdout).toContain('diskcheck: OK');
		const [fromQemu, fromVmscope] = overlays.map((o) => {
			const img = openImageFile(o.overlay, true);
			try {
				return img.links[0].store.read(0, 4096 * SECTOR);
			} finally {
				img.close();
			}
		});
		const want = base.slice();
		want.set(patternBytes(CHECK_SALT, CHECK_FIRST, CHECK_COUNT), CHECK_FIRST * SECTOR);
		expect(differs(fromQemu, want)).toBe(-1);
		expect(differs(fromVmscope, want)).toBe(-1);
		for (const o of overlays) {
			expect(differs(new Uint8Array(readFileSync(o.base)), base)).toBe(-1);
			expect(check(o.overlay)['check-errors']).toBe(0);
			expect(check(o.overlay)['allocated-clusters']).toBe(1);
		}
	});
});

/**
 * The teaching kernel's PIO disk driver on vmscope's machine (`vmscope run --disk FILE,if=pio`):
 * diskcheck and diskbench on the PIO disk, the image's bytes afterwards exactly what they wrote and
 * nothing else, the device tree's node, and the CLI's checks of the option.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDiskArg } from '../../src/lib/sim/cli/disk-files';
import { parseRunOptions } from '../../src/lib/sim/cli/options';
import { PIO_ID, PIO_REG } from '../../src/lib/sim/devices/pio-disk';
import { patchBootPrograms } from '../../src/lib/sim/guest/boot-programs';
import { virtDtb } from '../../src/lib/sim/machine/device-tree';
import { Machine } from '../../src/lib/sim/machine/machine';
import { VIRT_MAP } from '../../src/lib/sim/machine/virt';
import {
	BENCH_FIRST,
	BENCH_RAND_SALT,
	BENCH_SEQ_SALT,
	CHECK_COUNT,
	CHECK_FIRST,
	CHECK_SALT,
	freshImage,
	patternBytes,
	sameBytes,
	SECTOR,
	sectors
} from './guest-disk';

const IMAGE_SECTORS = 4096;
const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));
const tmp = mkdtempSync(join(tmpdir(), 'vmscope-pio-disk-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function boot(programs: string[], disk = 'if=pio') {
	const elf = join(tmp, `kernel-${n}.elf`);
	const img = join(tmp, `disk-${n++}.img`);
	writeFileSync(elf, patchBootPrograms(kernel, programs));
	writeFileSync(img, freshImage(IMAGE_SECTORS));
	const r = spawnSync('node', ['bin/vmscope.js', 'run', elf, '--disk', `${img},${disk}`], {
		encoding: 'utf8'
	});
	return { status: r.status, out: r.stdout, err: r.stderr, image: new Uint8Array(readFileSync(img)) };
}

describe('the PIO disk driver on vmscope (vmscope run --disk FILE,if=pio)', () => {
	it('diskcheck: OK, and the pattern at sectors 64..95 and nowhere else', () => {
		const { status, out, err, image } = boot(['diskcheck']);
		expect(err).toBe('');
		expect(status).toBe(0);
		expect(out).toContain(
			'[kernel] disk 0: PIO disk at 0x10009000, 4096 sectors (2048 KiB), no serial, write cache (flush)'
		);
		expect(out).toContain('diskcheck: disk 0: 4096 sectors, blocks of 512 bytes, no serial, write cache');
		expect(out).toContain('diskcheck: OK');
		expect(out).toContain(
			'[kernel] disk 0: 3 reads (64 sectors), 1 writes (32 sectors), 1 flushes, 0 errors'
		);
		const fresh = freshImage(IMAGE_SECTORS);
		expect(
			sameBytes(
				sectors(image, CHECK_FIRST, CHECK_COUNT),
				patternBytes(CHECK_SALT, CHECK_FIRST, CHECK_COUNT)
			)
		).toBe(true);
		const before = CHECK_FIRST * SECTOR;
		const after = (CHECK_FIRST + CHECK_COUNT) * SECTOR;
		expect(sameBytes(image.subarray(0, before), fresh.subarray(0, before))).toBe(true);
		expect(sameBytes(image.subarray(after), fresh.subarray(after))).toBe(true);
	});

	it('a read-only PIO disk: the write is refused, the image untouched', () => {
		const { status, out, image } = boot(['diskcheck'], 'readonly,if=pio');
		expect(status).toBe(0);
		expect(out).toContain('diskcheck: the write to the read-only disk was refused (-4)');
		expect(out).toContain('diskcheck: OK');
		expect(sameBytes(image, freshImage(IMAGE_SECTORS))).toBe(true);
	});

	it('diskbench: every block of its area as last written', () => {
		const { status, out, image } = boot(['diskbench']);
		expect(status).toBe(0);
		expect(out).toContain('diskbench: OK');
		let random = 0;
		for (let b = 0; b < (IMAGE_SECTORS - BENCH_FIRST) / 8; b++) {
			const s = BENCH_FIRST + b * 8;
			const got = sectors(image, s, 8);
			const seq = sameBytes(got, patternBytes(BENCH_SEQ_SALT, s, 8));
			const rand = sameBytes(got, patternBytes(BENCH_RAND_SALT, s, 8));
			expect(seq || rand, `block at sector ${s}`).toBe(true);
			if (rand) random++;
		}
		expect(random).toBeGreaterThan(0);
		expect(sameBytes(image.subarray(0, BENCH_FIRST * SECTOR), freshImage(BENCH_FIRST))).toBe(true);
	});

	it('a virtio disk beside it: virtio is disk 0, the PIO disk disk 1', () => {
		const elf = join(tmp, 'both.elf');
		const [a, b] = [join(tmp, 'both-a.img'), join(tmp, 'both-b.img')];
		writeFileSync(elf, patchBootPrograms(kernel, ['diskcheck']));
		writeFileSync(a, freshImage(IMAGE_SECTORS));
		writeFileSync(b, freshImage(256));
		const r = spawnSync(
			'node',
			['bin/vmscope.js', 'run', elf, '--disk', `${b},if=pio`, '--disk', `${a},serial=v0`],
			{ encoding: 'utf8' }
		);
		expect(r.status).toBe(0);
		expect(r.stdout).toContain('[kernel] disk 0: virtio-blk at 0x10001000, 4096 sectors');
		expect(r.stdout).toContain('[kernel] disk 1: PIO disk at 0x10009000, 256 sectors (128 KiB)');
		expect(r.stdout).toContain('diskcheck: OK');
	});
});

describe('the PIO disk on the machine', () => {
	it('sits at 0x10009000 on its own, machine.disks keeps the order given, snapshots carry it', () => {
		const m = new Machine({
			ramMiB: 16,
			disks: [{ image: new Uint8Array(1024), bus: 'pio' }, { image: new Uint8Array(2048) }]
		});
		expect(m.disks.map((d) => d.sectors)).toEqual([2, 4]);
		expect(m.bus.read(VIRT_MAP.pioDisk.base + PIO_REG.id, 4)).toBe(PIO_ID);
		expect(m.bus.read(VIRT_MAP.pioDisk.base + PIO_REG.capacity, 4)).toBe(2);
		expect(m.bus.read(0x1000_1000 + 0x100, 4)).toBe(4); // virtio slot 0: the other disk's capacity
		expect(m.components.names()).toContain('pio-disk');
		expect(
			() => new Machine({ disks: [0, 1].map(() => ({ image: new Uint8Array(512), bus: 'pio' })) })
		).toThrow(/at most one PIO disk/);
		// No PIO disk: nothing answers there (the kernel's probe faults).
		const bare = new Machine({ ramMiB: 16 });
		bare.bus.read(VIRT_MAP.pioDisk.base, 4);
		expect(bare.bus.faulted).toBe(true);
		m.bus.read(VIRT_MAP.pioDisk.base, 4);
		expect(m.bus.faulted).toBe(false);
		const snap = m.snapshot();
		expect(snap.disks?.map((d) => d.length)).toEqual([1024, 2048]);
		expect(snap.components['pio-disk']).toMatchObject({ phase: 'idle' });
	});

	it('the device tree has a vmscope,pio-disk node only when there is one', () => {
		const text = (blob: Uint8Array) => Buffer.from(blob).toString('latin1');
		const yes = text(virtDtb({ harts: 1, ramBytes: 16 << 20, pioDisk: true }));
		expect(yes).toContain('pio-disk@10009000');
		expect(yes).toContain('vmscope,pio-disk');
		expect(text(virtDtb({ harts: 1, ramBytes: 16 << 20 }))).not.toContain('pio-disk');
	});

	it('--disk if=: pio or virtio, one PIO disk at most, the other options as before', () => {
		expect(parseDiskArg('d.img,if=pio')).toEqual({ path: 'd.img', readonly: false, bus: 'pio' });
		expect(parseDiskArg('d.img,serial=x,readonly')).toEqual({
			path: 'd.img',
			readonly: true,
			serial: 'x'
		});
		expect(parseDiskArg('d.img,if=scsi')).toMatch(/if=scsi: the bus is virtio or pio/);
		expect(parseRunOptions(['k.elf', '--disk', 'a,if=pio', '--disk', 'b,if=pio'])).toMatch(
			/at most one disk with if=pio/
		);
		const ok = parseRunOptions(['k.elf', '--disk', 'a,if=pio', '--disk', 'b']);
		expect(typeof ok === 'string' ? ok : ok.disks.map((d) => d.bus)).toEqual(['pio', undefined]);
	});
});

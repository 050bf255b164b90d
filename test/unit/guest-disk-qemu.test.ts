/**
 * The teaching kernel's virtio-blk driver against QEMU 7.2's virtio-blk (the reference): diskcheck
 * and diskbench boot with a fresh raw image, the console must match the committed transcript
 * (test/fixtures/guest-disk/, with timing figures blanked), and the image's bytes afterwards must be
 * exactly what the programs wrote, at the right sectors, and nothing else.
 *
 * QEMU puts the first `-device virtio-blk-device` in the highest free slot (0x1000_8000); vmscope
 * fills slots from the lowest, so the transcript boots use `bus=virtio-mmio-bus.0` (0x1000_1000) and
 * are then what vmscope must print too. One boot uses the plain command line of the README.
 *
 * The vmscope half (the same boot on vmscope's own machine, same transcript, same image bytes) is
 * guest-disk-vmscope.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { comparable } from '../../src/lib/sim/guest/boot-checks';
import { patchBootPrograms } from '../../src/lib/sim/guest/boot-programs';
import {
	BENCH_FIRST,
	BENCH_RAND_SALT,
	BENCH_SEQ_SALT,
	CHECK_COUNT,
	CHECK_FIRST,
	CHECK_SALT,
	fnv1a,
	freshImage,
	patternBytes,
	sameBytes,
	SECTOR,
	sectors
} from './guest-disk';
import { bootOnQemu, hasQemu, MINISBI, QEMU } from './qemu-guest';

if (!hasQemu) console.warn(`guest-disk-qemu: ${QEMU} is not installed, QEMU disk boots skipped`);

const IMAGE_SECTORS = 4096; // 2 MiB
const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));
const tmp = hasQemu ? mkdtempSync(join(tmpdir(), 'vmscope-guest-disk-')) : '';
afterAll(() => {
	if (tmp) rmSync(tmp, { recursive: true, force: true });
});

let images = 0;
interface DiskBoot {
	programs: string[];
	/** -device options after drive=d0 (the slot, a serial). */
	device?: string;
	drive?: string;
	legacy?: boolean;
}

/** Boot `programs` with a fresh image as disk 0; the console, the exit status and the image after. */
function boot({
	programs,
	device = ',bus=virtio-mmio-bus.0,serial=vmscope-d0',
	drive = '',
	legacy
}: DiskBoot) {
	const file = join(tmp, `disk-${images++}.img`);
	writeFileSync(file, freshImage(IMAGE_SECTORS));
	const args = [
		...(legacy ? [] : ['-global', 'virtio-mmio.force-legacy=false']),
		...['-drive', `file=${file},if=none,format=raw,id=d0${drive}`],
		...['-device', `virtio-blk-device,drive=d0${device}`]
	];
	const r = bootOnQemu(patchBootPrograms(kernel, programs), tmp, MINISBI, args);
	return { ...r, image: new Uint8Array(readFileSync(file)) };
}

const fixture = (name: string) => readFileSync(`test/fixtures/guest-disk/${name}`, 'utf8');
/** diskbench's times and rates differ from run to run (QEMU's I/O runs on the host): blank them. */
const blankFigures = (lines: string[]) =>
	lines.map((l) => (l.startsWith('diskbench: ') ? l.replace(/\d+ (us|KiB\/s)/g, 'N $1') : l));
const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

describe.skipIf(!hasQemu)(`the virtio-blk driver on ${QEMU} -machine virt`, () => {
	it('diskcheck: the transcript, and the pattern at sectors 64..95 and nowhere else', () => {
		const { status, out, image } = boot({ programs: ['diskcheck'] });
		expect(status).toBe(0);
		expect(comparable(out)).toEqual(comparable(fixture('diskcheck.txt')));
		const fresh = freshImage(IMAGE_SECTORS);
		const pattern = patternBytes(CHECK_SALT, CHECK_FIRST, CHECK_COUNT);
		expect(sameBytes(sectors(image, CHECK_FIRST, CHECK_COUNT), pattern)).toBe(true);
		const before = CHECK_FIRST * SECTOR;
		const after = (CHECK_FIRST + CHECK_COUNT) * SECTOR;
		expect(sameBytes(image.subarray(0, before), fresh.subarray(0, before))).toBe(true);
		expect(sameBytes(image.subarray(after), fresh.subarray(after))).toBe(true);
		// The checksums it printed are those of the image's bytes.
		expect(out).toContain(`sectors 0..7 as found: checksum ${hex(fnv1a(sectors(fresh, 0, 8)))}`);
		expect(out).toContain(`read back sectors 64..95: checksum ${hex(fnv1a(pattern))}`);
	});

	it('the README command line (no bus=): the disk is found in the last slot, 0x1000_8000', () => {
		const { status, out, image } = boot({ programs: ['diskcheck'], device: '' });
		expect(status).toBe(0);
		expect(out).toContain(
			'[kernel] disk 0: virtio-blk at 0x10008000, 4096 sectors (2048 KiB), no serial'
		);
		expect(out).toContain('diskcheck: OK');
		expect(
			sameBytes(
				sectors(image, CHECK_FIRST, CHECK_COUNT),
				patternBytes(CHECK_SALT, CHECK_FIRST, CHECK_COUNT)
			)
		).toBe(true);
	});

	it('a read-only disk: the kernel refuses the write, the image is untouched', () => {
		const { status, out, image } = boot({ programs: ['diskcheck'], drive: ',readonly=on' });
		expect(status).toBe(0);
		expect(comparable(out)).toEqual(comparable(fixture('diskcheck-readonly.txt')));
		expect(sameBytes(image, freshImage(IMAGE_SECTORS))).toBe(true);
	});

	it('a legacy (version 1) device is reported and left alone', () => {
		const { status, out, image } = boot({ programs: ['diskcheck'], legacy: true });
		expect(status).toBe(0); // diskcheck fails (exit 1), the kernel shuts down normally
		expect(out).toMatch(
			/\[kernel\] virtio at 0x10001000: device 2 uses the legacy interface \(version 1\)/
		);
		expect(out).toContain('diskcheck: FAIL');
		expect(sameBytes(image, freshImage(IMAGE_SECTORS))).toBe(true);
	});

	it('diskbench: the transcript (figures blanked), and every block of its area as last written', () => {
		const { status, out, image } = boot({ programs: ['diskbench'] });
		expect(status).toBe(0);
		expect(blankFigures(comparable(out))).toEqual(blankFigures(comparable(fixture('diskbench.txt'))));
		const area = sectors(image, BENCH_FIRST, IMAGE_SECTORS - BENCH_FIRST);
		expect(out).toContain(`sectors 2048..4095 read back: checksum ${hex(fnv1a(area))}, 0 blocks wrong`);
		let random = 0;
		for (let b = 0; b < (IMAGE_SECTORS - BENCH_FIRST) / 8; b++) {
			const s = BENCH_FIRST + b * 8;
			const got = sectors(image, s, 8);
			const seq = sameBytes(got, patternBytes(BENCH_SEQ_SALT, s, 8));
			const rand = sameBytes(got, patternBytes(BENCH_RAND_SALT, s, 8));
			expect(seq || rand, `block at sector ${s}`).toBe(true);
			random += rand ? 1 : 0;
		}
		expect(random).toBeGreaterThan(50); // 128 random writes over 256 blocks
		const fresh = freshImage(IMAGE_SECTORS);
		expect(
			sameBytes(image.subarray(0, BENCH_FIRST * SECTOR), fresh.subarray(0, BENCH_FIRST * SECTOR))
		).toBe(true);
	});
});

// The vmscope half (the same boots on vmscope, the same transcripts and image checks) is
// guest-disk-vmscope.test.ts.

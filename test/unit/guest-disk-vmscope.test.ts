/**
 * The teaching kernel's virtio-blk driver on vmscope's own machine (`vmscope run --disk`): the same
 * patched kernel and fresh image as guest-disk-qemu.test.ts boots on QEMU, the same committed
 * transcripts (recorded on QEMU), and the same checks of the image's bytes afterwards. QEMU is not
 * needed here: the fixtures are QEMU's output.
 */
import { spawnSync } from 'node:child_process';
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
	freshImage,
	patternBytes,
	sameBytes,
	SECTOR,
	sectors
} from './guest-disk';

const IMAGE_SECTORS = 4096;
const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));
const tmp = mkdtempSync(join(tmpdir(), 'vmscope-guest-disk-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function boot(programs: string[], readonly = false) {
	const elf = join(tmp, `kernel-${n}.elf`);
	const img = join(tmp, `disk-${n++}.img`);
	writeFileSync(elf, patchBootPrograms(kernel, programs));
	writeFileSync(img, freshImage(IMAGE_SECTORS));
	const disk = `${img},serial=vmscope-d0${readonly ? ',readonly' : ''}`;
	const r = spawnSync('node', ['bin/vmscope.js', 'run', elf, '--disk', disk], { encoding: 'utf8' });
	return { status: r.status, out: r.stdout, err: r.stderr, image: new Uint8Array(readFileSync(img)) };
}

const fixture = (name: string) => readFileSync(`test/fixtures/guest-disk/${name}`, 'utf8');
const blankFigures = (lines: string[]) =>
	lines.map((l) => (l.startsWith('diskbench: ') ? l.replace(/\d+ (us|KiB\/s)/g, 'N $1') : l));

describe('the virtio-blk driver on vmscope (vmscope run --disk)', () => {
	it('diskcheck: the transcript QEMU printed, and the pattern at sectors 64..95 and nowhere else', () => {
		const { status, out, err, image } = boot(['diskcheck']);
		expect(err).toBe('');
		expect(status).toBe(0);
		expect(comparable(out)).toEqual(comparable(fixture('diskcheck.txt')));
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

	it('a read-only disk: the write is refused, the image untouched', () => {
		const { status, out, image } = boot(['diskcheck'], true);
		expect(status).toBe(0);
		expect(comparable(out)).toEqual(comparable(fixture('diskcheck-readonly.txt')));
		expect(sameBytes(image, freshImage(IMAGE_SECTORS))).toBe(true);
	});

	it('diskbench: the transcript (figures blanked), and every block of its area as last written', () => {
		const { status, out, image } = boot(['diskbench']);
		expect(status).toBe(0);
		expect(blankFigures(comparable(out))).toEqual(blankFigures(comparable(fixture('diskbench.txt'))));
		for (let b = 0; b < (IMAGE_SECTORS - BENCH_FIRST) / 8; b++) {
			const s = BENCH_FIRST + b * 8;
			const got = sectors(image, s, 8);
			const ok =
				sameBytes(got, patternBytes(BENCH_SEQ_SALT, s, 8)) ||
				sameBytes(got, patternBytes(BENCH_RAND_SALT, s, 8));
			expect(ok, `block at sector ${s}`).toBe(true);
		}
	});
});

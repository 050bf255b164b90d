/**
 * `vmscope disk create|info|snapshot` (cli/disk.ts) and `vmscope run --disk` over qcow2 images: the
 * teaching kernel's diskcheck writes through an overlay, which holds its pattern while the base stays
 * as it was; snapshots bring an image back; model=hdd|ssd; errors and exit codes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diskCommand } from '../../src/lib/sim/cli/disk';
import { openImageFile } from '../../src/lib/sim/cli/image-files';
import { patchBootPrograms } from '../../src/lib/sim/guest/boot-programs';
import {
	BENCH_FIRST,
	BENCH_SEQ_SALT,
	CHECK_COUNT,
	CHECK_FIRST,
	CHECK_SALT,
	freshImage,
	patternBytes,
	sameBytes,
	SECTOR
} from './guest-disk';

const tmp = mkdtempSync(join(tmpdir(), 'vmscope-disk-subcommand-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const at = (name: string) => join(tmp, name);

async function disk(...argv: string[]) {
	let stdout = '';
	let stderr = '';
	const code = await diskCommand(argv, {
		stdout: (t) => (stdout += t),
		stderr: (t) => (stderr += t),
		now: () => 1_700_000_000
	});
	return { code, stdout, stderr };
}

/** The virtual disk an image file shows (with its chain), read through the CLI's file layer. */
function virtualBytes(file: string): Uint8Array {
	const img = openImageFile(file, true);
	try {
		const top = img.links[0].store;
		return top.read(0, top.size);
	} finally {
		img.close();
	}
}

const IMAGE_SECTORS = 4096;
const kernel = patchBootPrograms(new Uint8Array(readFileSync('static/guest/kernel.elf')), ['diskcheck']);
writeFileSync(at('kernel.elf'), kernel);
const vmscopeRun = (...args: string[]) =>
	spawnSync(process.execPath, ['bin/vmscope.js', 'run', at('kernel.elf'), ...args], {
		encoding: 'utf8',
		timeout: 120_000
	});

describe('vmscope disk create and info', () => {
	it('a thin qcow2 image: 64 MiB, nothing allocated', async () => {
		expect(await disk('create', at('thin.qcow2'), '--size', '64MiB')).toEqual({
			code: 0,
			stdout: '',
			stderr: ''
		});
		const r = await disk('info', at('thin.qcow2'));
		expect(r.code).toBe(0);
		expect(r.stdout).toContain('format: qcow2 (version 3)\n');
		expect(r.stdout).toContain('virtual size: 64 MiB (67108864 bytes)\n');
		expect(r.stdout).toContain('cluster size: 64 KiB\n');
		expect(r.stdout).toContain('allocated: 0 of 1024 clusters (0 B), the rest reads as zeros\n');
		const json = JSON.parse((await disk('info', at('thin.qcow2'), '--json')).stdout);
		expect(json).toMatchObject({
			format: 'qcow2',
			version: 3,
			virtualSize: 64 << 20,
			clusterSize: 65536,
			allocatedClusters: 0,
			totalClusters: 1024,
			backingChain: [],
			snapshots: []
		});
		expect(json.fileSize).toBe(statSync(at('thin.qcow2')).size);
	});

	it('a raw image of zeros, and --cluster-size', async () => {
		expect((await disk('create', at('r.img'), '--size', '1 MiB', '--format', 'raw')).code).toBe(0);
		expect(statSync(at('r.img')).size).toBe(1 << 20);
		expect((await disk('info', at('r.img'))).stdout).toMatch(
			/^image: .*\nformat: raw\nvirtual size: 1 MiB/
		);
		expect((await disk('create', at('small.qcow2'), '--size=2MiB', '--cluster-size=4KiB')).code).toBe(0);
		expect(JSON.parse((await disk('info', at('small.qcow2'), '--json')).stdout).clusterSize).toBe(4096);
	});

	it('--backing: the size from the base, the name stored relative to the image, the chain in info', async () => {
		mkdirSync(at('vms'));
		writeFileSync(at('base.img'), freshImage(IMAGE_SECTORS));
		// Named from the current directory; stored as the image's directory sees it.
		const fromHere = relative(process.cwd(), at('base.img'));
		expect((await disk('create', at('vms/a.qcow2'), '--backing', fromHere)).code).toBe(0);
		expect((await disk('create', at('vms/b.qcow2'), '--backing', 'a.qcow2')).code).toBe(0);
		const json = JSON.parse((await disk('info', at('vms/b.qcow2'), '--json')).stdout);
		expect(json.virtualSize).toBe(IMAGE_SECTORS * SECTOR);
		expect(json.backingName).toBe('a.qcow2');
		expect(json.backingChain.map((l: { file: string; format: string }) => [l.file, l.format])).toEqual([
			[at('vms/a.qcow2'), 'qcow2'],
			[at('base.img'), 'raw']
		]);
		// Stored relative to the image's directory (as QEMU reads it): '../base.img', or the name as
		// given when that already reaches the base from there (a cwd as deep as the image's directory).
		const stored: string = json.backingChain[0].backingName;
		expect(isAbsolute(stored)).toBe(false);
		expect(resolve(at('vms'), stored)).toBe(at('base.img'));
		if (resolve(at('vms'), fromHere) !== at('base.img')) expect(stored).toBe('../base.img');
		const text = (await disk('info', at('vms/b.qcow2'))).stdout;
		expect(text).toContain('allocated: 0 of 32 clusters (0 B), the rest from the backing file\n');
		expect(text).toMatch(
			/backing chain:\n {2}\S+b\.qcow2 +qcow2 +2 MiB +0 clusters allocated\n {2}\S+a\.qcow2 .*\n {2}\S+base\.img +raw +2 MiB +base\n/
		);
	});

	it('usage and file errors exit 2; a corrupt image exits 1 naming the offset', async () => {
		const fails: [string[], number, RegExp][] = [
			[['create', at('x.qcow2')], 2, /missing --size/],
			[['create', at('x.qcow2'), '--size', '10 MB'], 2, /the unit must be B, KiB, MiB or GiB/],
			[
				['create', at('x.qcow2'), '--size', '1000'],
				2,
				/not a positive whole number of 512-byte sectors/
			],
			[['create', at('thin.qcow2'), '--size', '1MiB'], 2, /EEXIST/],
			[
				['create', at('x.qcow2'), '--size', '1MiB', '--format', 'vhd'],
				2,
				/--format must be raw or qcow2/
			],
			[
				['create', at('x.img'), '--format', 'raw', '--backing', at('base.img')],
				2,
				/a raw image has no backing file/
			],
			[['create', at('x.qcow2'), '--backing', at('nope.img')], 2, /ENOENT/],
			[['create', at('x.qcow2'), '--size', '1MiB', '--cluster-size', '3KiB'], 2, /not a power of two/],
			[['info'], 2, /info: missing FILE/],
			[['info', at('nope.img')], 2, /ENOENT/],
			[['info', at('thin.qcow2'), '--size', '1'], 2, /--size does not apply here/],
			[['frobnicate', 'x'], 2, /unknown subcommand frobnicate/],
			[['snapshot', at('thin.qcow2')], 2, /snapshot expects list\|create\|apply\|delete/],
			[['snapshot', at('thin.qcow2'), 'create'], 2, /snapshot create expects a NAME/],
			[['snapshot', at('r.img'), 'list'], 1, /a raw image has no snapshots/],
			[['snapshot', at('thin.qcow2'), 'apply', 'zz'], 1, /no snapshot 'zz' \(snapshots: none\)/]
		];
		for (const [argv, code, message] of fails) {
			const r = await disk(...argv);
			expect([r.code, r.stdout], argv.join(' ')).toEqual([code, '']);
			expect(r.stderr, argv.join(' ')).toMatch(/^vmscope disk: /);
			expect(r.stderr, argv.join(' ')).toMatch(message);
		}
		const bad = new Uint8Array(readFileSync(at('thin.qcow2')));
		bad.set([0, 0, 0, 1, 0, 0, 0, 0], 40); // the L1 table offset, far past the end
		writeFileSync(at('bad.qcow2'), bad);
		const r = await disk('info', at('bad.qcow2'));
		expect(r.code).toBe(1);
		expect(r.stderr).toBe(
			`vmscope disk: ${at('bad.qcow2')}: offset 0x28: L1 table offset 0x100000000 (8 bytes) is past the end of the file (0x40000 bytes)\n`
		);
		// A corrupt base is named as the base.
		expect((await disk('create', at('over-bad.qcow2'), '--backing', 'bad.qcow2')).stderr).toMatch(
			/bad\.qcow2: offset 0x28: L1 table offset/
		);
	});

	it('--help, and vmscope --help lists disk', async () => {
		expect((await disk('--help')).stdout).toMatch(/^usage: vmscope disk create FILE/);
		const r = spawnSync(process.execPath, ['bin/vmscope.js', '--help'], { encoding: 'utf8' });
		expect(r.stdout).toMatch(/\n {2}disk create\|info\|snapshot /);
	});
});

describe('vmscope disk snapshot', () => {
	it('create, list, apply, delete', async () => {
		const file = at('snap.qcow2');
		expect((await disk('create', file, '--size', '1MiB')).code).toBe(0);
		const write = (byte: number) => {
			const img = openImageFile(file, false);
			(img.links[0].store as { write(o: number, b: Uint8Array): void }).write(
				0,
				new Uint8Array(512).fill(byte)
			);
			img.close();
		};
		write(1);
		expect((await disk('snapshot', file, 'create', 'one')).code).toBe(0);
		write(2);
		expect((await disk('snapshot', file, 'create', 'two')).code).toBe(0);
		expect((await disk('snapshot', file, 'create', 'two')).stderr).toMatch(
			/snapshot 'two' exists already/
		);
		expect((await disk('snapshot', file, 'list')).stdout).toBe(
			'1\tone\t1048576\t1 cluster\n2\ttwo\t1048576\t1 cluster\n'
		);
		expect((await disk('snapshot', file, 'apply', 'one')).code).toBe(0);
		expect(virtualBytes(file)[0]).toBe(1);
		expect((await disk('snapshot', file, 'delete', 'one')).code).toBe(0);
		const json = JSON.parse((await disk('info', file, '--json')).stdout);
		expect(json.snapshots).toEqual([
			{ id: '2', name: 'two', virtualSize: 1 << 20, clusters: 1, date: 1_700_000_000 }
		]);
		expect(json.leakedClusters).toBe(0);
		expect((await disk('info', file)).stdout).toMatch(
			/snapshots:\n {2}ID +NAME +SIZE +MAPS +DATE\n {2}2 +two +1 MiB +1 cluster +2023-11-14T22:13:20\.000Z\n/
		);
	});
});

describe('vmscope run --disk over qcow2 images', () => {
	const fresh = freshImage(IMAGE_SECTORS);
	const checkArea = (bytes: Uint8Array) => {
		const start = CHECK_FIRST * SECTOR;
		const end = (CHECK_FIRST + CHECK_COUNT) * SECTOR;
		expect(
			sameBytes(bytes.subarray(start, end), patternBytes(CHECK_SALT, CHECK_FIRST, CHECK_COUNT))
		).toBe(true);
		expect(sameBytes(bytes.subarray(0, start), fresh.subarray(0, start))).toBe(true);
		expect(sameBytes(bytes.subarray(end), fresh.subarray(end))).toBe(true);
	};

	it('diskcheck through an overlay: the overlay holds the pattern, the base is untouched', async () => {
		writeFileSync(at('run-base.img'), fresh);
		expect((await disk('create', at('run.qcow2'), '--backing', 'run-base.img')).code).toBe(0);
		expect((await disk('snapshot', at('run.qcow2'), 'create', 'clean')).code).toBe(0);
		const r = vmscopeRun('--disk', `${at('run.qcow2')},serial=vmscope-d0`);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		expect(r.stdout).toContain('diskcheck: OK');
		expect(sameBytes(new Uint8Array(readFileSync(at('run-base.img'))), fresh)).toBe(true);
		checkArea(virtualBytes(at('run.qcow2')));
		const info = JSON.parse((await disk('info', at('run.qcow2'), '--json')).stdout);
		expect(info.allocatedClusters).toBe(1); // sectors 64..95: one 64 KiB cluster, copied from the base
		// The snapshot taken before the run brings the base's bytes back.
		expect((await disk('snapshot', at('run.qcow2'), 'apply', 'clean')).code).toBe(0);
		expect(sameBytes(virtualBytes(at('run.qcow2')), fresh)).toBe(true);
	});

	it('model=hdd: the same transcript, with the drive timing; readonly leaves the file as it was', async () => {
		writeFileSync(at('hdd-base.img'), fresh);
		expect((await disk('create', at('hdd.qcow2'), '--backing', 'hdd-base.img')).code).toBe(0);
		const before = new Uint8Array(readFileSync(at('hdd.qcow2')));
		const ro = vmscopeRun('--disk', `${at('hdd.qcow2')},readonly,model=ssd`);
		expect(ro.status).toBe(0);
		expect(ro.stdout).toContain('diskcheck: OK');
		expect(sameBytes(new Uint8Array(readFileSync(at('hdd.qcow2'))), before)).toBe(true);
		const r = vmscopeRun('--disk', `${at('hdd.qcow2')},model=hdd`, '--stats');
		expect(r.status).toBe(0);
		expect(r.stdout).toContain('diskcheck: OK');
		checkArea(virtualBytes(at('hdd.qcow2')));
		// A raw image takes the model too.
		writeFileSync(at('hdd-raw.img'), fresh);
		expect(vmscopeRun('--disk', `${at('hdd-raw.img')},model=hdd`).status).toBe(0);
		checkArea(new Uint8Array(readFileSync(at('hdd-raw.img'))));
	});

	it('stopped in the middle of diskbench: a valid overlay holding each completed write', async () => {
		const bench = at('bench.elf');
		writeFileSync(
			bench,
			patchBootPrograms(new Uint8Array(readFileSync('static/guest/kernel.elf')), ['diskbench'])
		);
		writeFileSync(at('stop-base.img'), fresh);
		expect((await disk('create', at('stop.qcow2'), '--backing', 'stop-base.img')).code).toBe(0);
		// 8 M instructions: part-way through the sequential writes (the whole run is about 17.7 M).
		const r = spawnSync(
			process.execPath,
			['bin/vmscope.js', 'run', bench, '--disk', at('stop.qcow2'), '--max-instructions', '8000000'],
			{ encoding: 'utf8' }
		);
		expect(r.stderr).toMatch(/stopped after \d+ instructions .*--max-instructions/);
		const info = JSON.parse((await disk('info', at('stop.qcow2'), '--json')).stdout);
		expect(info.leakedClusters).toBe(0);
		const bytes = virtualBytes(at('stop.qcow2'));
		let written = 0;
		for (let s = BENCH_FIRST; s < IMAGE_SECTORS; s += 8) {
			const got = bytes.subarray(s * SECTOR, (s + 8) * SECTOR);
			const isNew = sameBytes(got, patternBytes(BENCH_SEQ_SALT, s, 8));
			if (isNew) written++;
			else
				expect(sameBytes(got, fresh.subarray(s * SECTOR, (s + 8) * SECTOR)), `sector ${s}`).toBe(
					true
				);
		}
		expect(written).toBeGreaterThan(0);
		expect(written).toBeLessThan((IMAGE_SECTORS - BENCH_FIRST) / 8);
		expect(sameBytes(new Uint8Array(readFileSync(at('stop-base.img'))), fresh)).toBe(true);
	});

	it('a bad model, a corrupt image, a missing base: exit 2 with the reason', () => {
		const model = vmscopeRun('--disk', `${at('hdd.qcow2')},model=floppy`);
		expect(model.status).toBe(2);
		expect(model.stderr).toMatch(
			/^vmscope run: --disk \S+: model: unknown disk model 'floppy' \(known: hdd, ssd/
		);
		const corrupt = vmscopeRun('--disk', at('bad.qcow2'));
		expect(corrupt.status).toBe(2);
		expect(corrupt.stderr).toMatch(
			/^vmscope run: --disk \S+bad\.qcow2: offset 0x28: L1 table offset 0x100000000/
		);
		writeFileSync(at('orphan-base.img'), fresh);
		spawnSync(process.execPath, [
			'bin/vmscope.js',
			'disk',
			'create',
			at('orphan.qcow2'),
			'--backing',
			'orphan-base.img'
		]);
		rmSync(at('orphan-base.img'));
		const orphan = vmscopeRun('--disk', at('orphan.qcow2'));
		expect(orphan.status).toBe(2);
		expect(orphan.stderr).toMatch(
			/^vmscope run: --disk \S+orphan\.qcow2: ENOENT: no such file or directory, open '\S+orphan-base\.img'/
		);
	});
});

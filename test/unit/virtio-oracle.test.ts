/**
 * The virtio-blk oracle: one bare-metal program (test/programs/virtio/blk-poll.c) that initialises
 * the device and reads, writes and flushes by polling, run on QEMU virt and on vmscope (`vmscope run
 * --disk`, so the CLI's write-back to the file is what is compared); the console and the image files
 * afterwards must be identical.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QEMU, hasQemu } from './qemu-guest';

const ELF = 'test/programs/virtio/blk-poll.elf';

function image(): Uint8Array {
	return Uint8Array.from({ length: 64 * 512 }, (_, i) => (i * 7 + (i >> 9)) & 0xff);
}

function runVmscope(img: string) {
	const r = spawnSync('node', ['bin/vmscope.js', 'run', ELF, '--disk', `${img},serial=vmscope-0`], {
		encoding: 'latin1',
		timeout: 60_000
	});
	return { status: r.status, out: r.stdout };
}

describe('virtio-blk on vmscope against QEMU', () => {
	const dir = mkdtempSync(join(tmpdir(), 'vmscope-virtio-'));

	it('vmscope runs the polling driver and writes the file back', () => {
		const img = join(dir, 'v.img');
		writeFileSync(img, image());
		const r = runVmscope(img);
		expect(r.status).toBe(0);
		expect(r.out).toContain("get-id 0 'vmscope-0'");
		expect(r.out).toContain('write sectors 3-4: 0\nflush: 0\n');
		expect(r.out).toContain('past the end: 1\nunknown type: 2\n');
		const after = readFileSync(img);
		expect(after[3 * 512 + 1]).toBe(18); // 1 * 13 + 5
		expect(after.subarray(0, 1536)).toEqual(Buffer.from(image().subarray(0, 1536)));
	});

	it('refuses an image that is not whole sectors, or missing, with the file named', () => {
		const bad = join(dir, 'bad.img');
		writeFileSync(bad, new Uint8Array(700));
		for (const [path, msg] of [
			[bad, /bad\.img: 700 bytes is not a whole number of 512-byte sectors/],
			[join(dir, 'none.img'), /none\.img: ENOENT/]
		] as const) {
			const r = spawnSync('node', ['bin/vmscope.js', 'run', ELF, '--disk', path], { encoding: 'utf8' });
			expect(r.status).toBe(2);
			expect(r.stderr).toMatch(msg);
		}
	});

	it.skipIf(!hasQemu)('prints the same and leaves the same image as QEMU (skipped without QEMU)', () => {
		const [q, v] = [join(dir, 'q.img'), join(dir, 'v2.img')];
		writeFileSync(q, image());
		writeFileSync(v, image());
		const r = spawnSync(
			QEMU,
			[
				'-M',
				'virt',
				'-nographic',
				'-no-reboot',
				'-bios',
				'none',
				'-global',
				'virtio-mmio.force-legacy=false',
				'-drive',
				`file=${q},if=none,format=raw,id=d0`,
				'-device',
				'virtio-blk-device,drive=d0,serial=vmscope-0',
				'-kernel',
				ELF
			],
			{ encoding: 'latin1', timeout: 20_000 }
		);
		expect(r.status).toBe(0);
		const ours = runVmscope(v);
		expect(ours.out).toBe(r.stdout.replace(/\r\n/g, '\n'));
		expect(readFileSync(v).equals(readFileSync(q))).toBe(true);
	});
});

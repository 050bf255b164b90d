/**
 * Re-record test/fixtures/guest-disk/*.txt on QEMU, after a change to the teaching kernel moves its
 * layout (the free page count and satp the transcripts print): boots diskcheck (read-write and
 * read-only) and diskbench exactly as test/unit/guest-disk-qemu.test.ts does and writes what QEMU
 * printed. Run: npx tsx scripts/record-guest-disk-fixtures.ts (needs qemu-system-riscv32).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { patchBootPrograms } from '../src/lib/sim/guest/boot-programs';
import { freshImage } from '../test/unit/guest-disk';
import { bootOnQemu, hasQemu, MINISBI } from '../test/unit/qemu-guest';

if (!hasQemu) {
	console.error('record-guest-disk-fixtures: qemu-system-riscv32 is not installed');
	process.exit(2);
}
const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));
const tmp = mkdtempSync(join(tmpdir(), 'vmscope-record-'));
const runs: [file: string, program: string, drive: string][] = [
	['diskcheck.txt', 'diskcheck', ''],
	['diskcheck-readonly.txt', 'diskcheck', ',readonly=on'],
	['diskbench.txt', 'diskbench', '']
];
for (const [file, program, drive] of runs) {
	const img = join(tmp, `${file}.img`);
	writeFileSync(img, freshImage(4096));
	const args = [
		...['-global', 'virtio-mmio.force-legacy=false'],
		...['-drive', `file=${img},if=none,format=raw,id=d0${drive}`],
		...['-device', 'virtio-blk-device,drive=d0,bus=virtio-mmio-bus.0,serial=vmscope-d0']
	];
	const r = bootOnQemu(patchBootPrograms(kernel, [program]), tmp, MINISBI, args);
	// The firmware's first line is empty: the fixtures start with the kernel's banner.
	writeFileSync(`test/fixtures/guest-disk/${file}`, r.out.replace(/^\n/, ''));
	console.log(`${file}: ${r.out.split('\n').length} lines, exit ${r.status}`);
}
rmSync(tmp, { recursive: true, force: true });

/**
 * Boots a guest image on qemu-system-riscv32's virt machine for the oracle tests. One place for the
 * command line, so every comparison uses the same clock: `-icount shift=4` counts instructions
 * (16 ns each) instead of following the host, and sleep=off lets idle time (WFI) jump to the next
 * timer as vmscope's WFI does, so a run does not depend on how busy the host is and repeats exactly.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const QEMU = 'qemu-system-riscv32';
export const hasQemu = spawnSync('sh', ['-c', `command -v ${QEMU}`]).status === 0;
export const MINISBI = 'static/guest/minisbi.elf';

let boots = 0;

/**
 * Write `image` into `dir`, boot it under `bios` (with `extra` arguments: devices, drives), and return
 * QEMU's exit status and console text.
 */
export function bootOnQemu(image: Uint8Array, dir: string, bios = MINISBI, extra: readonly string[] = []) {
	const elf = join(dir, `qemu-boot-${boots++}.elf`);
	writeFileSync(elf, image);
	const r = spawnSync(
		QEMU,
		['-machine', 'virt', '-nographic', '-no-reboot', '-icount', 'shift=4,sleep=off'].concat([
			'-bios',
			bios,
			'-kernel',
			elf,
			...extra
		]),
		{ encoding: 'latin1', timeout: 20_000 }
	);
	if (r.error) throw r.error;
	return { status: r.status, out: r.stdout.replace(/\r\n/g, '\n') };
}

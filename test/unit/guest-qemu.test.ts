/**
 * The committed teaching kernel (static/guest/kernel.elf) boots on qemu-system-riscv32's virt
 * machine with each set of boot programs (patched into a copy of the ELF by boot-programs.ts),
 * and prints what each program and the kernel should (boot-checks.ts, the same expectations
 * vmscope's own machine will be held to). QEMU's firmware here is minisbi
 * (static/guest/minisbi.elf, built with the kernel), because Debian 12 ships OpenSBI for RV64
 * only; where QEMU has its own RV32 OpenSBI, one more boot uses `-bios default`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BOOT_CHECKS, checkBoot } from '../../src/lib/sim/guest/boot-checks';
import { patchBootPrograms } from '../../src/lib/sim/guest/boot-programs';
import { bootOnQemu, hasQemu, MINISBI, QEMU } from './qemu-guest';

if (!hasQemu) console.warn(`guest-qemu: ${QEMU} is not installed, QEMU boots skipped`);
const OPENSBI32 = '/usr/share/qemu/opensbi-riscv32-generic-fw_dynamic.bin';

const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));
const tmp = hasQemu ? mkdtempSync(join(tmpdir(), 'vmscope-guest-')) : '';
afterAll(() => {
	if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Boots the kernel with `programs` (null: the image as committed) on QEMU. */
function boot(programs: readonly string[] | null, bios = MINISBI) {
	return bootOnQemu(programs ? patchBootPrograms(kernel, programs) : kernel, tmp, bios);
}

const lines = (out: string, prefix: string) => out.split('\n').filter((l) => l.startsWith(prefix));

describe.skipIf(!hasQemu)(`teaching kernel on ${QEMU} -machine virt`, () => {
	for (const check of BOOT_CHECKS)
		it(check.title, () => {
			const { status, out } = boot(check.programs);
			expect(checkBoot(check, out), out).toEqual([]);
			expect(status).toBe(check.end === 'panic' ? 1 : 0); // SRST reason "system failure" after a panic
		});

	it('the unpatched image boots the default set', () => {
		const { status, out } = boot(null);
		expect(checkBoot(BOOT_CHECKS[0], out), out).toEqual([]);
		expect(status).toBe(0);
	});

	it('a run repeats exactly (the clock counts instructions)', () => {
		const first = boot(['spin', 'sleeper', 'spin']);
		expect(lines(first.out, 'spin: ')).toHaveLength(10);
		expect(boot(['spin', 'sleeper', 'spin']).out).toBe(first.out);
	});

	it.skipIf(!existsSync(OPENSBI32))('boots on QEMU’s own OpenSBI (-bios default) too', () => {
		const check = BOOT_CHECKS.find((c) => c.programs.join() === 'faulty,hello')!;
		const { status, out } = boot(check.programs, 'default');
		expect(checkBoot(check, out), out).toEqual([]);
		expect(status).toBe(0);
	});
});
if (hasQemu && !existsSync(OPENSBI32))
	console.warn(
		`guest-qemu: ${OPENSBI32} is missing (Debian 12 ships RV64 OpenSBI only), -bios default boot skipped`
	);

/**
 * `vmscope run static/guest/kernel.elf` boots the teaching kernel from the command line, as a student
 * types it: for each boot-program set of boot-checks.ts, stdout must pass the same checks as QEMU's
 * console, and the exit status is what the kernel's SBI system_reset asked for.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BOOT_CHECKS, checkBoot } from '../../src/lib/sim/guest/boot-checks';
import { patchBootPrograms } from '../../src/lib/sim/guest/boot-programs';

const vmscope = (...args: string[]) =>
	spawnSync(process.execPath, ['bin/vmscope.js', 'run', ...args], {
		encoding: 'utf8',
		timeout: 60_000,
		maxBuffer: 1 << 30 // --trace writes a line per instruction
	});

const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));
const tmp = mkdtempSync(join(tmpdir(), 'vmscope-kcli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('vmscope run static/guest/kernel.elf', () => {
	it('boots the committed image: the default set, exit 0, nothing on stderr', () => {
		const r = vmscope('static/guest/kernel.elf');
		expect(checkBoot(BOOT_CHECKS[0], r.stdout), r.stdout + r.stderr).toEqual([]);
		expect([r.status, r.stderr]).toEqual([0, '']);
	});

	for (const [i, check] of BOOT_CHECKS.entries())
		it(check.title, () => {
			const elf = join(tmp, `kernel-${i}.elf`);
			writeFileSync(elf, patchBootPrograms(kernel, check.programs));
			const r = vmscope(elf);
			expect(checkBoot(check, r.stdout), r.stdout + r.stderr).toEqual([]);
			expect(r.status).toBe(check.end === 'panic' ? 1 : 0);
			if (check.end === 'panic') expect(r.stderr).toMatch(/system failure/);
		});

	it('--firmware none runs the kernel image in M-mode: no SBI answers, and it gets nowhere', () => {
		const r = vmscope('static/guest/kernel.elf', '--firmware', 'none', '--max-instructions', '100000');
		expect(r.stdout).not.toMatch(/teaching kernel/);
		expect(r.status).not.toBe(0);
	});

	it('--trace shows the SBI calls; --mem-trace shows page walks', () => {
		// The first 300,000 instructions: the banner and the SBI version line are printed by then.
		const t = vmscope('static/guest/kernel.elf', '--trace', '--max-instructions', '300000');
		expect(t.status).toBe(124);
		expect(t.stderr).toMatch(
			/^core {3}0: sbi BASE probe_extension\(0x4442434e, .*\) -> error 0, value 0x00000001$/m
		);
		expect(t.stderr).toMatch(
			/^core {3}0: sbi BASE get_spec_version\(.*\) -> error 0, value 0x02000000$/m
		);
		const elf = join(tmp, 'kernel-hello.elf');
		writeFileSync(elf, patchBootPrograms(kernel, ['hello']));
		const w = vmscope(elf, '--mem-trace');
		expect(w.status).toBe(0);
		// A user-mode fetch of hello's first page, walked through both levels.
		expect(w.stderr).toMatch(
			/^core {3}0: walk Sv32 fetch U va=0x00010[0-9a-f]{3}: L1 \[0x[0-9a-f]{9}\]=0x[0-9a-f]{8} -------v next; L0 .* leaf; pa=0x080[23][0-9a-f]{5}$/m
		);
		expect(w.stdout).toBe(vmscope(elf).stdout);
	});
});

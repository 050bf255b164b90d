/**
 * The committed teaching kernel (static/guest/kernel.elf) boots on qemu-system-riscv32's virt
 * machine with each set of boot programs (patched into a copy of the ELF by boot-programs.ts),
 * and prints what each program and the kernel should. QEMU's firmware here is minisbi
 * (static/guest/minisbi.elf, built with the kernel), because Debian 12 ships OpenSBI for RV64
 * only; where QEMU has its own RV32 OpenSBI, one more boot uses `-bios default`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { patchBootPrograms } from '../../src/lib/sim/guest/boot-programs';

const QEMU = 'qemu-system-riscv32';
const hasQemu = spawnSync('sh', ['-c', `command -v ${QEMU}`]).status === 0;
if (!hasQemu) console.warn(`guest-qemu: ${QEMU} is not installed, QEMU boots skipped`);
const OPENSBI32 = '/usr/share/qemu/opensbi-riscv32-generic-fw_dynamic.bin';

const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));
const tmp = hasQemu ? mkdtempSync(join(tmpdir(), 'vmscope-guest-')) : '';
afterAll(() => {
	if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/**
 * Boots the kernel with `programs` and returns QEMU's exit status and console output.
 * `-icount shift=4` makes QEMU's clock count instructions (16 ns each) instead of following the
 * host's, so a run does not depend on how busy the host is and repeats exactly.
 */
let boots = 0;
function boot(programs: readonly string[] | null, bios = 'static/guest/minisbi.elf') {
	const elf = join(tmp, `kernel-${boots++}.elf`);
	writeFileSync(elf, programs ? patchBootPrograms(kernel, programs) : kernel);
	const r = spawnSync(
		QEMU,
		['-machine', 'virt', '-nographic', '-no-reboot', '-icount', 'shift=4', '-bios', bios, '-kernel', elf],
		{ encoding: 'latin1', timeout: 20_000 }
	);
	if (r.error) throw r.error;
	return { status: r.status, out: r.stdout.replace(/\r\n/g, '\n') };
}

const lines = (out: string, prefix: string) => out.split('\n').filter((l) => l.startsWith(prefix));
const summary = (out: string) => {
	const m =
		/\[kernel\] all processes exited after (\d+) ticks: (\d+) started, (\d+) killed, (\d+) page faults served, (\d+) pages free\. shutting down\.\n$/.exec(
			out
		);
	expect(m, `no summary line at the end of:\n${out}`).not.toBeNull();
	const [ticks, started, killed, faults, free] = m!.slice(1).map(Number);
	return { ticks, started, killed, faults, free };
};
const freeAtBoot = (out: string) => Number(/(\d+) free pages of 4 KiB/.exec(out)?.[1]);

describe.skipIf(!hasQemu)(`teaching kernel on ${QEMU} -machine virt`, () => {
	it('default set: banner, every program, summary, clean shutdown', () => {
		const { status, out } = boot(null);
		expect(status).toBe(0);
		expect(out).toContain('vmscope teaching kernel: RV32 S-mode, Sv32, hart 0\n');
		expect(out).toContain('[kernel] boot programs: hello sleeper spin memtouch faulty\n');
		expect(out).toMatch(/hello: hello, world! I am pid 1, running since tick \d+\n/);
		expect(lines(out, 'sleeper: woke')).toHaveLength(3);
		expect(lines(out, 'spin: pid 3 round')).toHaveLength(5);
		expect(out).toContain('memtouch: touched 16 pages, contents ok\n');
		expect(out).toContain('[kernel] pid 5 (faulty) killed: load page fault (scause 13)');
		const s = summary(out);
		expect(s).toMatchObject({ started: 5, killed: 1, faults: 16 });
		expect(s.free).toBe(freeAtBoot(out)); // every frame came back
	});

	it('a run repeats exactly (the clock counts instructions)', () => {
		const first = boot(['spin', 'sleeper', 'spin']);
		expect(lines(first.out, 'spin: ')).toHaveLength(10);
		expect(boot(['spin', 'sleeper', 'spin']).out).toBe(first.out);
	});

	it('hello prints, exits with status 0', () => {
		const { status, out } = boot(['hello']);
		expect(status).toBe(0);
		expect(out).toContain('[kernel] start pid 1: hello (2 pages)\n');
		expect(out).toMatch(
			/\nhello: hello, world! I am pid 1, running since tick \d+\n\[kernel\] pid 1 \(hello\) exited with status 0\n/
		);
		expect(summary(out)).toMatchObject({ started: 1, killed: 0, faults: 0 });
	});

	it('yield: two hellos both print before either exits', () => {
		const { out } = boot(['hello', 'hello']);
		const second = out.indexOf('hello: hello, world! I am pid 2');
		expect(second).toBeGreaterThan(0);
		expect(second).toBeLessThan(out.indexOf('[kernel] pid 1 (hello) exited with status 0'));
		expect(summary(out)).toMatchObject({ started: 2, killed: 0 });
	});

	it('faulty: a bad system call gets -1, the null load kills it, and the kernel goes on', () => {
		const { status, out } = boot(['faulty', 'hello']);
		expect(status).toBe(0);
		expect(out).toContain('[kernel] pid 1 (faulty): unknown system call 99, returning -1\n');
		expect(out).toContain('faulty: system call 99 returned -1\n');
		expect(out).toMatch(
			/\[kernel\] pid 1 \(faulty\) killed: load page fault \(scause 13\) at sepc 0x000[0-9a-f]{5}, stval 0x00000000\n/
		);
		expect(out).not.toContain('still alive');
		expect(out).toMatch(/hello: hello, world! I am pid 2/);
		expect(out).not.toContain('PANIC');
		const s = summary(out);
		expect(s).toMatchObject({ started: 2, killed: 1 });
		expect(s.free).toBe(freeAtBoot(out));
	});

	it('sleeper sleeps 5 ticks three times and wakes each time', () => {
		const { out } = boot(['sleeper']);
		const woke = lines(out, 'sleeper: woke at tick ');
		expect(woke).toHaveLength(3);
		for (const l of woke) expect(Number(/slept (\d+) ticks/.exec(l)?.[1])).toBeGreaterThanOrEqual(5);
		expect(summary(out).ticks).toBeGreaterThanOrEqual(15);
	});

	it('two spins share the CPU: the timer preempts each for the other', () => {
		const { out } = boot(['spin', 'spin']);
		const spin = lines(out, 'spin: ');
		expect(spin.filter((l) => l.startsWith('spin: pid 1 round'))).toHaveLength(5);
		expect(spin.filter((l) => l.startsWith('spin: pid 2 round'))).toHaveLength(5);
		// Without preemption pid 1 would finish all its rounds before pid 2 printed anything.
		const firstOf2 = spin.findIndex((l) => l.startsWith('spin: pid 2 round 1/5'));
		const lastOf1 = spin.findIndex((l) => l.startsWith('spin: pid 1 round 5/5'));
		expect(firstOf2).toBeLessThan(lastOf1);
		expect(summary(out)).toMatchObject({ started: 2, killed: 0 });
	});

	it('memtouch: 16 heap pages, each brought in by one demand-zero page fault', () => {
		const { out } = boot(['memtouch']);
		expect(out).toMatch(/memtouch: heap grown by 16 pages at 0x000[0-9a-f]{5}\n/);
		expect(out).toContain('memtouch: touched 16 pages, contents ok\n');
		expect(out).toContain('[kernel] pid 1 (memtouch) exited with status 0\n');
		const s = summary(out);
		expect(s.faults).toBe(16);
		expect(s.free).toBe(freeAtBoot(out));
	});

	it('parent spawns children and waits for each; a killed child reports status -1', () => {
		const { status, out } = boot(['parent']);
		expect(status).toBe(0);
		expect(out).toContain('parent: spawn("hello") = 2\n');
		expect(out).toContain('parent: spawn("faulty") = 3\n');
		expect(out).toContain('parent: spawn("nosuch") = -1\n');
		expect(out).toContain('[kernel] pid 3 (faulty) killed: load page fault');
		const waited = lines(out, 'parent: child ').sort();
		expect(waited).toEqual([
			'parent: child 2 exited with status 0',
			'parent: child 3 exited with status -1'
		]);
		expect(out.indexOf('parent: no children left')).toBeGreaterThan(
			out.indexOf('[kernel] pid 3 (faulty) killed')
		);
		const s = summary(out);
		expect(s).toMatchObject({ started: 3, killed: 1 });
		expect(s.free).toBe(freeAtBoot(out));
	});

	it('an unknown name is reported and skipped', () => {
		const { out } = boot(['nosuch', 'hello']);
		expect(out).toContain("[kernel] cannot start 'nosuch': no such program, or out of memory\n");
		expect(summary(out)).toMatchObject({ started: 1 });
	});

	it('an empty list shuts down at once', () => {
		const { status, out } = boot([]);
		expect(status).toBe(0);
		expect(out).toContain('[kernel] boot programs:\n');
		expect(summary(out)).toMatchObject({ started: 0, killed: 0, faults: 0 });
	});

	it('a kernel fault panics with cause, epc and tval, and powers off as a failure', () => {
		const { status, out } = boot(['kernel-fault', 'hello']);
		expect(out).toMatch(
			/\[kernel\] PANIC: kernel trap: load page fault \(scause 13\) at sepc 0x802[0-9a-f]{5}, stval 0x00000010\n$/
		);
		expect(out).not.toContain('hello: hello');
		expect(status).toBe(1);
	});

	it.skipIf(!existsSync(OPENSBI32))('boots on QEMU’s own OpenSBI (-bios default) too', () => {
		const { status, out } = boot(['hello', 'faulty'], 'default');
		expect(status).toBe(0);
		expect(out).toMatch(/hello: hello, world!/);
		expect(summary(out)).toMatchObject({ started: 2, killed: 1 });
	});
});
if (hasQemu && !existsSync(OPENSBI32))
	console.warn(
		`guest-qemu: ${OPENSBI32} is missing (Debian 12 ships RV64 OpenSBI only), -bios default boot skipped`
	);

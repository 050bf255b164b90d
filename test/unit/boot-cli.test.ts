/**
 * `vmscope run --bios/--kernel/--initrd/--dtb/--append`, booting as QEMU virt does. A probe program
 * prints a1 (the device tree), a2 (fw_dynamic_info), the six fields of fw_dynamic_info and the first
 * word at a1 (the FDT magic); the same images on qemu-system-riscv32 print the same lines.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasQemu, QEMU } from './qemu-guest';

const GCC = 'riscv64-unknown-elf-gcc';
const OBJCOPY = 'riscv64-unknown-elf-objcopy';
const hasGcc = spawnSync('sh', ['-c', `command -v ${GCC}`]).status === 0;

const PROBE = `
	.globl _start
_start:	mv s1, a1
	mv s2, a2
	li t0, 0x10000000
	mv a3, s1
	call hex
	mv a3, s2
	call hex
	li s3, 6
1:	lw a3, 0(s2)
	call hex
	addi s2, s2, 4
	addi s3, s3, -1
	bnez s3, 1b
	lw a3, 0(s1)
	call hex
	li t0, 0x100000
	li t1, 0x5555
	sh t1, 0(t0)
2:	j 2b
hex:	li t2, 8
3:	srli t3, a3, 28
	slli a3, a3, 4
	li t4, 10
	blt t3, t4, 4f
	addi t3, t3, 39
4:	addi t3, t3, 48
	sb t3, 0(t0)
	addi t2, t2, -1
	bnez t2, 3b
	li t3, 10
	sb t3, 0(t0)
	ret
`;

const dir = mkdtempSync(join(tmpdir(), 'vmscope-boot-'));
function build(at: number): { elf: string; bin: string } {
	const src = join(dir, 'probe.S');
	writeFileSync(src, PROBE);
	const elf = join(dir, `probe-${at.toString(16)}.elf`);
	const bin = join(dir, `probe-${at.toString(16)}.bin`);
	const cc = spawnSync(GCC, [
		'-march=rv32ima_zicsr',
		'-mabi=ilp32',
		'-nostdlib',
		'-Wl,-N', // no ELF headers in the segment: it starts at -Ttext
		`-Ttext=0x${at.toString(16)}`,
		'-o',
		elf,
		src
	]);
	expect(cc.status, cc.stderr?.toString()).toBe(0);
	expect(spawnSync(OBJCOPY, ['-O', 'binary', elf, bin]).status).toBe(0);
	return { elf, bin };
}

const vmscope = (...args: string[]) =>
	spawnSync(process.execPath, ['bin/vmscope.js', 'run', ...args], { encoding: 'utf8', timeout: 60_000 });
const qemu = (...args: string[]) =>
	spawnSync(QEMU, ['-M', 'virt', '-m', '128', '-nographic', ...args], {
		encoding: 'utf8',
		timeout: 30_000
	});
const lines = (s: string) => s.replace(/\r/g, '').trim().split('\n');

describe.skipIf(!hasGcc)('vmscope run with QEMU boot options', () => {
	it('--bios FILE --kernel ELF: the firmware starts in M with a2 = fw_dynamic_info, next_addr = the kernel', () => {
		const fw = build(0x8000_0000);
		const kernel = build(0x8040_0000);
		const r = vmscope('--bios', fw.bin, '--kernel', kernel.elf);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		const [a1, a2, magic, version, next, mode, options, bootHart, fdtMagic] = lines(r.stdout);
		// The generated device tree, 2 MiB-aligned below the top of 128 MiB, as QEMU places its own.
		expect([a1, fdtMagic]).toEqual(['87e00000', 'edfe0dd0']); // d00dfeed, big-endian (DTSpec §5.2)
		expect([a2, magic, version, mode, options, bootHart]).toEqual([
			'00001028',
			'4942534f',
			'00000002',
			'00000001',
			'00000000',
			'00000000'
		]);
		// QEMU gives an ELF kernel's lowest load address (here also its entry).
		expect(next).toBe('80400000');
	});

	it('--bios none --kernel: the kernel starts in M with the same registers', () => {
		const k = build(0x8000_0000);
		const r = vmscope('--bios', 'none', '--kernel', k.elf);
		expect(r.status).toBe(0);
		expect(lines(r.stdout).slice(1, 3)).toEqual(['00001028', '4942534f']);
	});

	it('bad boot options are one-line errors with exit code 2', () => {
		const k = build(0x8000_0000);
		expect(vmscope('--initrd', k.bin).stderr).toMatch(
			/^vmscope run: (missing FILE|--initrd needs --kernel)/
		);
		expect(vmscope('--kernel', join(dir, 'nope')).stderr).toMatch(/cannot read .*nope: no such file/);
		const both = vmscope(k.elf, '--kernel', k.elf);
		expect(both.status).toBe(2);
		expect(both.stderr).toMatch(/give one of them/);
		const big = join(dir, 'big.bin');
		writeFileSync(big, new Uint8Array(100 * 1024 * 1024));
		const r = vmscope('--bios', 'none', '--kernel', k.elf, '--initrd', big);
		expect(r.status).toBe(2);
		expect(r.stderr).toMatch(/initrd: .* do not fit in RAM/);
	});

	it.skipIf(!hasQemu)(
		'prints what qemu-system-riscv32 prints for the same images (a1, a2, fw_dynamic_info, FDT magic)',
		() => {
			const fw = build(0x8000_0000);
			const kernel = build(0x8040_0000);
			const ours = lines(vmscope('--bios', fw.bin, '--kernel', kernel.elf).stdout);
			const theirs = lines(qemu('-bios', fw.bin, '-kernel', kernel.elf).stdout);
			expect(theirs).toHaveLength(9);
			expect(ours).toEqual(theirs);
		}
	);
});

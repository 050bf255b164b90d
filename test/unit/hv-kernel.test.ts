/**
 * The teaching kernel, unmodified, in 1, 2 and 4 VMs on 1 and 2 harts under the trap-and-emulate
 * hypervisor: each VM's console equals the bare machine's for the same image (timing numbers blanked),
 * every VM shuts down normally, no isolation breach is seen, and a kernel that drives the UART itself
 * works in a VM as it does bare.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOOT_CHECKS, checkBoot, comparable } from '../../src/lib/sim/guest/boot-checks';
import { patchBootPrograms } from '../../src/lib/sim/guest/boot-programs';
import { Hypervisor } from '../../src/lib/sim/hv/hypervisor';
import type { Technique } from '../../src/lib/sim/hv/vm';
import { EXIT_REASONS } from '../../src/lib/sim/hv/costs';
import { assemble } from '../../src/lib/sim/isa/asm/index';
import { loadElf } from '../../src/lib/sim/isa/elf';
import type { Program } from '../../src/lib/sim/isa/program';
import { Machine } from '../../src/lib/sim/machine/machine';

const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));
const MiB = 1 << 20;
const BUDGET = 600_000_000;

function image(programs?: readonly string[]): Program {
	return loadElf(programs ? patchBootPrograms(kernel, programs) : kernel);
}

function bare(program: Program): string {
	const m = new Machine({ firmware: 'sbi' });
	m.load(program);
	expect(m.run(BUDGET).kind).toBe('exited');
	return m.consoleText();
}

function inVms(program: Program, vms: number, harts: number, techniques: Technique[] = ['trap-and-emulate']) {
	const m = new Machine({ ramMiB: 256, harts });
	const out: string[] = new Array(vms).fill('');
	const hv = new Hypervisor(m, { onConsole: (vm, b) => (out[vm] += String.fromCharCode(b)) });
	for (let i = 0; i < vms; i++) {
		const technique = techniques[i % techniques.length];
		hv.start(hv.create({ name: `vm${i}`, image: program, memory: 32 * MiB, vcpus: 1, technique }));
	}
	const why = m.run(BUDGET);
	return { m, hv, out, why };
}

describe('the teaching kernel in VMs', () => {
	const program = image();
	const reference = bare(program);

	for (const [vms, harts] of [
		[1, 1],
		[2, 1],
		[2, 2],
		[4, 2]
	])
		it(`${vms} VM(s) on ${harts} hart(s): each prints what the bare machine prints`, () => {
			const { hv, out, why } = inVms(program, vms, harts);
			expect(why).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
			for (let i = 0; i < vms; i++) {
				expect(hv.vm(i).s.status).toBe('shut-down');
				expect(checkBoot(BOOT_CHECKS[0], out[i]), out[i]).toEqual([]);
				expect(comparable(out[i])).toEqual(comparable(reference));
				expect(hv.vm(i).s.counters.breaches).toBe(0);
			}
			expect(hv.s.breaches).toEqual([]);
		});

	it('every boot check passes in a VM', () => {
		for (const check of BOOT_CHECKS) {
			const { hv, out, why } = inVms(image(check.programs), 1, 1);
			expect(checkBoot(check, out[0]), `${check.title}\n${out[0]}`).toEqual([]);
			const code = check.end === 'panic' ? 1 : 0;
			expect(why).toEqual({ kind: 'exited', code, by: 'sbi' });
			expect(hv.vm(0).s.exitCode).toBe(code);
		}
	});

	it('the guest kernel exits for CSRs, SRET, SBI calls and shadow fills, and its users run without exits', () => {
		const { hv } = inVms(program, 1, 1);
		const c = hv.vm(0).s.counters;
		expect(c.instructionsU).toBeGreaterThan(1_000_000);
		expect(c.exits.csr).toBeGreaterThan(100);
		expect(c.exits.sret).toBeGreaterThan(10);
		expect(c.exits.sbi).toBeGreaterThan(10);
		expect(c.exits['shadow-fill']).toBeGreaterThan(10);
		expect(c.exits.reflect).toBeGreaterThan(10);
		expect(c.injected).toBeGreaterThan(5);
	});
});

describe('the teaching kernel under TVM (its kernel in the real S-mode, TVM/TW/TSR set)', () => {
	const program = image();
	const reference = bare(program);
	const exitsPerMillion = (hv: Hypervisor, vm: number) => {
		const c = hv.vm(vm).s.counters;
		return (EXIT_REASONS.reduce((n, r) => n + c.exits[r], 0) / (c.instructionsU + c.instructionsS)) * 1e6;
	};

	for (const [vms, harts] of [
		[1, 1],
		[2, 2]
	])
		it(`${vms} VM(s) on ${harts} hart(s), beside trap-and-emulate VMs: the same output, far fewer exits`, () => {
			const { hv, out, why } = inVms(program, vms * 2, harts, ['tvm', 'trap-and-emulate']);
			expect(why).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
			for (let i = 0; i < vms * 2; i++) {
				expect(hv.vm(i).s.technique).toBe(i % 2 === 0 ? 'tvm' : 'trap-and-emulate');
				expect(comparable(out[i])).toEqual(comparable(reference));
			}
			// Only satp among the CSRs exits, and the guest's system calls never do.
			const tvm = hv.vm(0).s.counters;
			const te = hv.vm(1).s.counters;
			expect(tvm.exits.csr).toBeLessThan(te.exits.csr / 10);
			expect(exitsPerMillion(hv, 0)).toBeLessThan(exitsPerMillion(hv, 1) / 1.5);
			expect(hv.s.breaches).toEqual([]);
		});

	it('every boot check passes under TVM', () => {
		for (const check of BOOT_CHECKS) {
			const { out, why } = inVms(image(check.programs), 1, 1, ['tvm']);
			expect(checkBoot(check, out[0]), `${check.title}\n${out[0]}`).toEqual([]);
			expect(why).toEqual({ kind: 'exited', code: check.end === 'panic' ? 1 : 0, by: 'sbi' });
		}
	});
});

/** An S-mode kernel that writes the UART itself (THR when LSR says it is empty), then SBI shutdown. */
const UART_KERNEL = `
	.globl _start
_start:
	la s0, msg
	li s1, 0x10000000
1:	lbu t0, 0(s0)
	beqz t0, 3f
2:	lbu t1, 5(s1)        # LSR
	andi t1, t1, 0x20    # THRE
	beqz t1, 2b
	sb t0, 0(s1)
	addi s0, s0, 1
	j 1b
3:	li a7, 0x53525354    # SRST
	li a6, 0
	li a0, 0
	li a1, 0
	ecall
4:	j 4b
msg:
	.asciz "hello from the UART, hart register a0 was zero\\n"
`;

describe('a kernel that drives the UART directly', () => {
	it('prints the same in a VM as bare, each access emulated', () => {
		const { program, errors } = assemble(UART_KERNEL, { base: 0x8020_0000 });
		expect(errors).toEqual([]);
		const reference = bare(program);
		expect(reference).toBe('hello from the UART, hart register a0 was zero\n');
		const { hv, out, why } = inVms(program, 2, 1, ['trap-and-emulate', 'tvm']);
		expect(why).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
		expect(out).toEqual([reference, reference]);
		expect(hv.vm(1).s.counters.exits.mmio).toBeGreaterThanOrEqual(2 * reference.length);
		expect(hv.vm(0).s.counters.exits.mmio).toBeGreaterThanOrEqual(2 * reference.length);
	});
});

/** vCPU 0 starts vCPU 1 with SBI HSM, spins until it sets a flag, then both have printed. */
const TWO_VCPUS = `
	.globl _start
_start:
	li a7, 0x48534d
	li a6, 0
	li a0, 1
	la a1, second
	li a2, 0x55
	ecall
	bnez a0, bad
	la t0, flag
1:	lw t1, 0(t0)
	beqz t1, 1b
	li a7, 1
	li a0, 65
	ecall
	li a7, 0x53525354
	li a6, 0
	li a0, 0
	li a1, 0
	ecall
second:
	li t2, 0x55
	bne a1, t2, bad
	li t2, 1
	bne a0, t2, bad
	li a7, 1
	li a0, 66
	ecall
	la t0, flag
	li t1, 1
	sw t1, 0(t0)
	li a7, 0x48534d
	li a6, 1
	ecall
bad:
	j bad
	.balign 4
flag:
	.word 0
`;

describe('a VM with two vCPUs', () => {
	for (const harts of [1, 2])
		it(`starts its second vCPU with HSM and both run (${harts} hart${harts > 1 ? 's' : ''})`, () => {
			const { program, errors } = assemble(TWO_VCPUS, { base: 0x8020_0000 });
			expect(errors).toEqual([]);
			const b = new Machine({ firmware: 'sbi', harts: 2 });
			b.load(program);
			expect(b.run(10_000_000)).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
			expect(b.consoleText()).toBe('BA');
			const m = new Machine({ ramMiB: 64, harts });
			let out = '';
			const hv = new Hypervisor(m, { onConsole: (_vm, c) => (out += String.fromCharCode(c)) });
			hv.start(hv.create({ name: 'smp', image: program, memory: 8 * MiB, vcpus: 2 }));
			expect(m.run(10_000_000)).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
			expect(out).toBe('BA');
			expect(hv.vm(0).s.vcpus.map((c) => c.instret > 0)).toEqual([true, true]);
		});
});

describe('VM operations', () => {
	it('pause stops a VM where it is, resume goes on, reset boots it again, destroy gives its frames back', () => {
		const program = image(['spin']);
		const m = new Machine({ ramMiB: 128 });
		const out = ['', ''];
		const hv = new Hypervisor(m, { onConsole: (vm, b) => (out[vm] += String.fromCharCode(b)) });
		const states: string[] = [];
		m.hooks.report.add((e) => {
			if (e.kind === 'vm-state' && e.vm === 0) states.push(`${e.from}>${e.to}`);
		});
		const a = hv.create({ name: 'a', image: program, memory: 8 * MiB, vcpus: 1 });
		const b = hv.create({ name: 'b', image: program, memory: 8 * MiB, vcpus: 1 });
		hv.start(a);
		hv.start(b);
		m.run(3_000_000);
		hv.pause(a);
		const frozen = hv.vm(a).s.counters.instructionsU + hv.vm(a).s.counters.instructionsS;
		m.run(3_000_000);
		// Paused: it runs no instruction more (at most the exit that takes it off its pCPU).
		expect(hv.vm(a).s.counters.instructionsU + hv.vm(a).s.counters.instructionsS).toBeLessThan(
			frozen + 100_000
		);
		expect(hv.vm(b).s.status).toBe('running');
		hv.resume(a);
		m.run(600_000_000);
		expect(hv.vm(a).s.status).toBe('shut-down');
		expect(out[a]).toContain('[kernel] all processes exited');
		hv.resetVm(a);
		expect(hv.vm(a).s.status).toBe('running');
		out[a] = '';
		const why = m.run(600_000_000);
		expect(why).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
		expect(out[a]).toContain('vmscope teaching kernel');
		expect(states).toEqual([
			'created>created',
			'created>running',
			'running>paused',
			'paused>running',
			'running>shut-down',
			'shut-down>created',
			'created>running',
			'running>shut-down'
		]);
		const before = hv.frameUse();
		hv.destroy(a);
		const after = hv.frameUse();
		expect(after.vm[a]).toBe(0);
		expect(after.free).toBeGreaterThan(before.free);
	});
});

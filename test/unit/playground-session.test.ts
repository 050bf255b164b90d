/**
 * The playground's door into the simulator (machine-adapter over an in-process session) and the
 * example programs: each example assembles cleanly and does what its comment says.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/lib/sim/isa/asm/index';
import { createLocalSession } from '../../src/lib/sim/session';
import { describeTrap } from '../../src/lib/viz/machine/format';
import { EXAMPLES, exampleFrom } from '../../src/routes/playground/examples';
import {
	DEFAULT_MACHINE_OPTIONS,
	ELF_RAM_MIB,
	PlaygroundMachine,
	ROWS_AFTER,
	callLength,
	codeRange,
	isCall,
	wordFromView
} from '../../src/routes/playground/machine-adapter';

async function loaded(source: string) {
	const r = assemble(source, { file: 'program.s' });
	expect(r.errors).toEqual([]);
	const m = new PlaygroundMachine(createLocalSession());
	expect(await m.load(r.program, DEFAULT_MACHINE_OPTIONS)).toEqual([]);
	return m;
}

const example = (id: string) => EXAMPLES.find((e) => e.id === id)!.source;

describe('examples', () => {
	it('lists every example file in order, titled by its first comment', () => {
		expect(EXAMPLES.map((e) => e.id)).toEqual([
			'hello',
			'loop',
			'call',
			'trap',
			'timer',
			'echo',
			'paging'
		]);
		expect(EXAMPLES.map((e) => e.title)).toEqual([
			'Hello on the UART',
			'A loop',
			'A function call with the stack',
			'A trap handler',
			'A timer interrupt from the CLINT',
			'Echo',
			'Sv32 paging'
		]);
		expect(exampleFrom('./examples/12-x-y.s', 'no comment').title).toBe('x-y');
	});

	it('hello prints on the UART and exits with code 0', async () => {
		const m = await loaded(example('hello'));
		const r = await m.run();
		expect(r.reason).toBe('exited');
		expect((await m.view()).console).toBe('Hello from RISC-V!\n');
	});

	it('the loop sums 1..10 and the call computes 5! on the stack', async () => {
		for (const [id, a0] of [
			['loop', 55],
			['call', 120]
		] as const) {
			const m = await loaded(example(id));
			const before = (await m.view()).x[2];
			const done = assemble(example(id)).program.symbols.find((s) => s.name === 'done')!.addr;
			await m.setBreakpoint(done, true);
			expect((await m.run()).reason).toBe('breakpoint');
			const v = await m.view();
			expect(v.x[10]).toBe(a0);
			if (id === 'call') expect(v.x[2]).not.toBe(before); // sp was set up and restored
		}
	});

	it('the trap handler sees an ecall and an illegal instruction, logged in words', async () => {
		const m = await loaded(example('trap'));
		const done = assemble(example('trap')).program.symbols.find((s) => s.name === 'done')!.addr;
		await m.setBreakpoint(done, true);
		await m.run();
		const v = await m.view();
		expect(v.x[8]).toBe(2);
		expect(v.x[10]).toBe(42);
		expect(v.log.map(describeTrap)).toEqual([
			'trap: environment call from M-mode at 0x80000010 → M-mode handler at 0x8000002c',
			'trap: illegal instruction at 0x80000014 → M-mode handler at 0x8000002c'
		]);
	});

	it('the timer interrupts three times', async () => {
		const m = await loaded(example('timer'));
		const done = assemble(example('timer')).program.symbols.find((s) => s.name === 'done')!.addr;
		await m.setBreakpoint(done, true);
		expect((await m.run()).reason).toBe('breakpoint');
		const v = await m.view();
		expect(v.console).toBe('tick\n'.repeat(3));
		expect(v.log.map(describeTrap).every((t) => t.startsWith('interrupt: machine timer interrupt'))).toBe(
			true
		);
		expect(v.log).toHaveLength(3);
	});

	it('echo writes back what the UART receives', async () => {
		const m = await loaded(example('echo'));
		await m.input('hi\n');
		const wait = assemble(example('echo')).program.symbols.find((s) => s.name === 'wait')!.addr;
		await m.setBreakpoint(wait, true);
		// Each run stops at the poll loop again: once on the way in, then once per byte echoed.
		for (let i = 0; i < 4; i++) expect((await m.run()).reason).toBe('breakpoint');
		const v = await m.view();
		expect(v.console).toBe('hi\n');
		expect(v.x[8]).toBe(3);
	});
});

describe('PlaygroundMachine', () => {
	it('steps, names the register written, and steps back to the same state', async () => {
		const m = await loaded(example('loop'));
		const states = [await m.view()];
		for (let i = 0; i < 5; i++) {
			await m.step();
			states.push(await m.view());
		}
		expect(states[5].pc).toBe(0x80000014);
		expect(states[5].lastChanged).toBe(5); // addi t0, t0, 1
		expect(states[5].steps).toBe(5);
		for (let i = 4; i >= 0; i--) {
			await m.stepBack();
			const v = await m.view();
			expect([v.pc, v.x, v.steps]).toEqual([states[i].pc, states[i].x, states[i].steps]);
		}
		expect((await m.stepBack()).steps).toBe(0);
		expect((await m.view()).steps).toBe(0);
	});

	it('steps back over a trap, removing it from the log and the console', async () => {
		const m = await loaded(example('hello'));
		for (let i = 0; i < 6; i++) await m.step();
		const before = await m.view();
		await m.step(); // sb t0, 0(t1): the first byte
		expect((await m.view()).console).toBe('H');
		await m.stepBack();
		const v = await m.view();
		expect(v.console).toBe(before.console);
		expect(v.pc).toBe(before.pc);
	});

	it('commands queue: steps asked for at once all happen, in order', async () => {
		const m = await loaded(example('loop'));
		await Promise.all([m.step(), m.step(), m.step()]);
		expect((await m.view()).steps).toBe(3);
	});

	it('pause stops a run that would never end, started or still queued', async () => {
		// A loop that changes a register: a bare `j .` is stopped by the machine itself (reason 'spin').
		const m = await loaded('_start:\n\taddi a0, a0, 1\n\tj _start\n');
		const run = m.run();
		// Views can be read during a run; wait until it has made progress, then pause.
		while ((await m.view()).steps === 0) await new Promise((resolve) => setTimeout(resolve, 0));
		await m.pause();
		const r = await run;
		expect(r.reason).toBe('paused');
		expect(r.steps).toBeGreaterThan(0);

		const queued = m.run();
		await m.pause();
		expect(await queued).toMatchObject({ reason: 'paused', steps: 0 });
	});

	it('reads the disassembly window around pc from the view', async () => {
		const m = await loaded(example('loop'));
		const v = await m.view();
		expect(wordFromView(v, v.pc)).toBe(0x00000513); // li a0, 0 = addi a0, zero, 0
		expect(wordFromView(v, v.pc + 2)).toBeUndefined();
		expect(wordFromView(v, 0x10000000)).toBeUndefined();
	});

	it('reads the words around pc when pc leaves the program', async () => {
		const m = await loaded('_start:\n\tli t0, 0x80000800\n\tjr t0\n');
		for (let i = 0; i < 3; i++) await m.step(); // lui, addi, jr
		const v = await m.view();
		expect(v.pc).toBe(0x80000800);
		expect(wordFromView(v, 0x80000800)).toBe(0); // zeroed RAM, outside the program
		expect(wordFromView(v, 0x80000800 + 4 * ROWS_AFTER)).toBe(0);
	});

	it('steps over a recursive call to the instruction after it, and over a plain one as a step', async () => {
		const m = await loaded(example('call'));
		for (let i = 0; i < 3; i++) await m.step(); // la sp (2), li a0
		const r = await m.stepOver();
		const v = await m.view();
		expect(v.x[10]).toBe(120);
		expect(v.pc).toBe(assemble(example('call')).program.symbols.find((s) => s.name === 'done')!.addr);
		expect(r.steps).toBeGreaterThan(20);
		// Its own breakpoint after the call is no breakpoint of the student's (issue 20, item 7).
		expect(r.reason).toBe('budget');
		expect(r.stop).toBeUndefined();
		expect((await m.stepOver()).steps).toBe(1);
		expect(isCall(0x0080_00ef)).toBe(true); // jal ra, +8
		expect(isCall(0x0000_8067)).toBe(false); // ret (jalr zero, 0(ra))
		expect(callLength(0x0000_0097, 0x0000_80e7)).toBe(8); // auipc ra, 0; jalr ra, 0(ra)
		expect(callLength(0x0000_0097, 0x0000_8067)).toBe(0); // auipc ra; ret
	});

	it('knows the span of the code', () => {
		const { program } = assemble('_start: nop\n\tnop\n\t.data\nx: .word 1\n');
		expect(codeRange(program)).toEqual({ start: 0x80000000, end: 0x80000008 });
	});
});

describe('ELF files and the RAM option', () => {
	const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));

	it('gives an ELF the RAM asked for when it is more than the kernel minimum', async () => {
		const m = new PlaygroundMachine(createLocalSession());
		expect((await m.loadElf(kernel, 64)).errors).toEqual([]);
		const { ram } = await m.view();
		expect(ram.end - ram.start).toBe(64 * 1024 * 1024);
	});

	it('keeps the kernel minimum when less is asked for', async () => {
		const m = new PlaygroundMachine(createLocalSession());
		expect((await m.loadElf(kernel, 1)).errors).toEqual([]);
		const { ram } = await m.view();
		expect(ram.end - ram.start).toBe(ELF_RAM_MIB * 1024 * 1024);
	});
});

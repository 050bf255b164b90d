/**
 * Under the teaching kernel a user program runs at virtual addresses (0x0001_0000, user.ld): the
 * session reads its code through satp and names its C line from the user ELF's DWARF (issue 20,
 * item 2), and a student can follow write() through ecall into the kernel and back.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadElf } from '../../src/lib/sim/isa/elf';
import { createLocalSession, type Session } from '../../src/lib/sim/session';

const USER = 'static/guest/user/';

async function kernelSession(): Promise<Session> {
	const s = createLocalSession();
	const r = await s.load({ elf: new Uint8Array(readFileSync('static/guest/kernel.elf')) }, { ramMiB: 16 });
	expect(r.errors).toEqual([]);
	for (const f of readdirSync(USER).filter((n) => n.endsWith('.elf')))
		expect(
			await s.addSymbols(f.replace(/\.elf$/, ''), new Uint8Array(readFileSync(USER + f)))
		).toBeNull();
	return s;
}

/** Step until `done` says so (at most `limit` steps); returns whether it did. */
async function stepUntil(s: Session, done: () => Promise<boolean>, limit = 2_000_000): Promise<boolean> {
	for (let i = 0; i < limit; i++) {
		if (await done()) return true;
		const r = await s.step(1);
		if (r.reason !== 'budget') return false;
	}
	return false;
}

describe('a user program under the kernel', () => {
	it('is read through satp and named by its own line table', async () => {
		const s = await kernelSession();
		const r = await s.runUntil({ trap: [8] }); // the first ecall from U-mode: a system call
		expect(r.reason).toBe('trap');
		await s.stepBack(1);
		const regs = await s.registers();
		expect(regs.mode).toBe(0);
		const code = await s.translatedMemory(regs.pc, 4);
		expect(code.virtual).toBe(true);
		expect(code.mapped).toEqual([true, true, true, true]);
		expect(code.bytes).toEqual(new Uint8Array([0x73, 0, 0, 0])); // ecall
		// Physically, the user address is not RAM at all.
		expect((await s.memory(regs.pc, 4)).inRam).toBe(false);
		const src = await s.source();
		expect(src.program).toBe('hello');
		expect(src.file).toMatch(/^user\/(ulib\.c|crt0\.S|hello\.c)$/);
		expect(src.line).toBeGreaterThan(0);
	});

	it('follows write() through the ecall into sys_write and back to the user program', async () => {
		const s = await kernelSession();
		const kernel = loadElf(new Uint8Array(readFileSync('static/guest/kernel.elf')));
		const sysWrite = kernel.symbols.find((sym) => sym.name === 'sys_write')!.addr;
		// hello's system calls: getpid (3), uptime (7), then printf's write (2).
		let regs;
		do {
			expect((await s.runUntil({ trap: [8] })).reason).toBe('trap');
			await s.stepBack(1);
			regs = await s.registers();
			if (regs.x[17] !== 2) await s.step(1);
		} while (regs.x[17] !== 2);
		const user = await s.source();
		expect(user).toMatchObject({ program: 'hello', file: 'user/ulib.c', symbol: 'syscall' });
		// The ecall: into the kernel's trap entry, S-mode, and its own line table.
		await s.step(1);
		expect((await s.registers()).mode).toBe(1);
		const entry = await s.source();
		expect(entry.program).toBeUndefined();
		expect(entry.file).toBe('kernel/trap.S');
		await s.setBreakpoint(sysWrite, true);
		expect((await s.runUntil({})).reason).toBe('breakpoint');
		expect(await s.source()).toMatchObject({ file: 'kernel/syscall.c', symbol: 'sys_write' });
		await s.setBreakpoint(sysWrite, false);
		// Back in U-mode, right after the ecall, in the same user program.
		const back = async () => (await s.registers()).mode === 0;
		expect(await stepUntil(s, back, 20_000)).toBe(true);
		expect((await s.registers()).pc).toBe((regs.pc + 4) >>> 0);
		expect(await s.source()).toMatchObject({ program: 'hello', file: 'user/ulib.c' });
	});

	it('reads physical memory in M-mode and with paging off', async () => {
		const s = await kernelSession();
		const regs = await s.registers();
		const m = await s.translatedMemory(regs.pc, 8);
		expect(m.virtual).toBe(false);
		expect(m.bytes).toEqual((await s.memory(regs.pc, 8)).bytes);
	});
});

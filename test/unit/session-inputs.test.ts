/**
 * The user's edits as history: console input, register and memory edits are replayed at the position
 * where they were made, so stepping back over them and forward again reaches the state of the run
 * that never stepped back.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLocalSession } from '../../src/lib/sim/session/local';
import type { Session } from '../../src/lib/sim/session/types';

/** Polls the UART and echoes each byte; meanwhile sums the first word of `buf` into s4. */
const ECHO = `
	.globl _start
_start:
	li s2, 0x10000000        # UART
	la s3, buf
	li s4, 0
	li s5, 0
loop:
	lbu t0, 5(s2)            # LSR
	andi t0, t0, 1           # data ready
	beqz t0, work
	lbu t1, 0(s2)            # RBR
	sb t1, 0(s2)             # THR: echo it
	sb t1, 4(s3)
work:
	lw t2, 0(s3)
	add s4, s4, t2
count:
	addi s5, s5, 1
	j loop
	.data
	.balign 4
buf:
	.word 1
	.space 60
`;

async function echo(opts = {}): Promise<Session> {
	const s = createLocalSession();
	const r = await s.load({ asm: ECHO }, { ramMiB: 1, checkpointInterval: 700, ...opts });
	expect(r).toMatchObject({ ok: true });
	return s;
}

/** Everything the machine holds, as bytes (the snapshot file is deterministic), plus the console. */
async function state(s: Session): Promise<string> {
	const bytes = await s.saveSnapshot();
	return Buffer.from(bytes).toString('base64') + '|' + (await s.console());
}

async function symbol(s: Session, name: string): Promise<number> {
	// The assembler lays out .text at 0x80000000; find labels by running the source() lookup.
	for (let pc = 0x8000_0000; pc < 0x8000_0100; pc += 4) {
		const v = await s.source(pc);
		if (v.symbol === name && v.offset === 0) return pc;
	}
	throw new Error(`no symbol ${name}`);
}

describe('session edits as history', () => {
	it('replays console input when stepping back past it and forward again', async () => {
		const whole = await echo();
		await whole.step(500);
		await whole.input('hello');
		await whole.step(3000);
		expect(await whole.console()).toBe('hello');
		const want = await state(whole);

		const s = await echo();
		await s.step(500);
		await s.input('hello');
		await s.step(3000);
		await s.stepBack(3300); // to position 200, before the input
		expect((await s.status()).position).toBe(200);
		expect(await s.console()).toBe('');
		await s.step(3300);
		expect(await s.console()).toBe('hello');
		expect(await state(s)).toBe(want);
		expect(await s.registers()).toEqual(await whole.registers());
	});

	it('re-applies a register edit when stepping back across it and forward', async () => {
		const s = await echo();
		await s.step(1000);
		await s.setRegister(0, 21, 1_000_000); // s5
		await s.setRegister(0, 0, 99); // x0: ignored
		await s.step(40);
		const regs = await s.registers();
		expect(regs.x[0]).toBe(0);
		expect(regs.x[21]).toBeGreaterThan(1_000_000);
		const here = await state(s);
		await s.stepBack(600);
		expect((await s.registers()).x[21]).toBeLessThan(1000);
		await s.step(600);
		expect(await state(s)).toBe(here);
		// Stepping back to exactly the edit's position shows the state with the edit made.
		await s.stepBack(40);
		expect((await s.registers()).x[21]).toBe(1_000_000);
	});

	it('sets the pc, and a new edit replaces the future that stepping back undid', async () => {
		const s = await echo();
		const count = await symbol(s, 'count');
		await s.step(100);
		await s.setRegister(0, 32, count);
		expect((await s.registers()).pc).toBe(count);
		await s.step(1);
		await s.stepBack(51);
		await s.input('A'); // at position 50: the pc edit at 100 is dropped
		await s.step(60);
		expect(await s.console()).toBe('A');
		const fresh = await echo();
		await fresh.step(50);
		await fresh.input('A');
		await fresh.step(60);
		expect(await state(s)).toBe(await state(fresh));
	});

	it('writes RAM, drops decoded instructions it overwrites, and refuses addresses outside RAM', async () => {
		const s = await echo();
		const count = await symbol(s, 'count');
		await s.step(200);
		const before = (await s.registers()).x[21];
		// addi s5, s5, 2 over addi s5, s5, 1 (already decoded and run many times)
		const insn = 0x002a8a93;
		const view = await s.writeMemory(count, new Uint8Array(new Uint32Array([insn]).buffer));
		expect(view).toMatchObject({ addr: count, inRam: true });
		expect(Array.from(view.bytes)).toEqual([0x93, 0x8a, 0x2a, 0x00]);
		await s.step(70); // 7 instructions per loop without input: 10 loops
		expect((await s.registers()).x[21]).toBe(before + 20);
		await expect(s.writeMemory(0x1000_0000, new Uint8Array(4))).rejects.toThrow(
			'0x10000000 is outside RAM (0x80000000–0x800fffff)'
		);
		await expect(s.writeMemory(0x800f_fffe, new Uint8Array(4))).rejects.toThrow(RangeError);
		await expect(s.setRegister(3, 1, 0)).rejects.toThrow(/no hart 3/);
		await expect(s.setRegister(0, 33, 0)).rejects.toThrow(RangeError);
	});

	it("names the data access of each hart's last instruction after a short step", async () => {
		const s = await echo();
		const work = await symbol(s, 'work');
		await s.setBreakpoint(work, true);
		await s.runUntil({});
		await s.setBreakpoint(work, false);
		const buf = (await s.registers()).x[19] >>> 0;
		await s.step(1); // lw t2, 0(s3)
		expect((await s.registers()).lastAccess).toEqual({ va: buf, pa: buf, size: 4, write: false });
		await s.step(1); // add: no memory
		expect((await s.registers()).lastAccess).toBeUndefined();
		await s.input('Z');
		await s.step(8); // … lbu t1, 0(s2); sb t1, 0(s2); sb t1, 4(s3); lw …; add
		expect((await s.recentEvents(100)).filter((e) => e.kind === 'insn')).toEqual([]);
		await s.step(20_001); // long runs do not watch
		expect((await s.registers()).lastAccess).toBeUndefined();
		const off = await s.subscribe(['insn'], () => {});
		await s.step(20_002); // … unless instruction events are produced anyway
		expect([1, 4]).toContain((await s.registers()).lastAccess?.size);
		await off();
		// Stepping back to just after the lw names its access again; subscribers see no replayed events.
		const seen: string[] = [];
		const off2 = await s.subscribe(['insn', 'trap'], (b) => seen.push(...b.map((e) => e.kind)));
		const logged = (await s.recentEvents(10_000)).length;
		for (let i = 0; i < 10; i++) {
			await s.stepBack(1);
			const r = await s.registers();
			if (r.pc === work + 4) break;
		}
		expect((await s.registers()).pc).toBe(work + 4);
		expect((await s.registers()).lastAccess).toEqual({ va: buf, pa: buf, size: 4, write: false });
		expect(seen).toEqual([]);
		expect((await s.recentEvents(10_000)).length).toBeLessThanOrEqual(logged);
		await s.step(1);
		expect(seen).toEqual(['insn']);
		await off2();
	});

	it('stepping back N then forward N over random edits gives the identical state (property)', async () => {
		const s = await echo();
		await s.step(4);
		const buf = (await s.registers()).x[19] >>> 0; // s3 = buf after `la s3, buf`
		expect((await s.memory(buf, 4)).bytes[0]).toBe(1);
		const loop = await symbol(s, 'loop');
		const edit = fc.oneof(
			fc.record({
				kind: fc.constant('uart' as const),
				text: fc.string({ minLength: 1, maxLength: 4 })
			}),
			fc.record({
				kind: fc.constant('register' as const),
				reg: fc.oneof(fc.integer({ min: 0, max: 31 }), fc.constant(32)),
				value: fc.integer()
			}),
			fc.record({
				kind: fc.constant('memory' as const),
				offset: fc.integer({ min: 0, max: 60 }),
				bytes: fc.uint8Array({ minLength: 1, maxLength: 4 })
			})
		);
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.tuple(fc.integer({ min: 0, max: 1500 }), edit), { maxLength: 6 }),
				fc.integer({ min: 0, max: 1500 }),
				fc.integer({ min: 1, max: 4000 }),
				async (edits, tail, back) => {
					await s.reset();
					for (const [gap, e] of edits) {
						await s.step(gap);
						if (e.kind === 'uart') await s.input(e.text);
						else if (e.kind === 'memory') await s.writeMemory(buf + e.offset, e.bytes);
						// Registers the loop can survive: s0..s11 and t0..t6, and the pc only to `loop`.
						else if (e.reg === 32) await s.setRegister(0, 32, loop);
						else if (e.reg !== 2 && e.reg !== 18 && e.reg !== 19)
							await s.setRegister(0, e.reg, e.value);
					}
					await s.step(tail);
					const here = await state(s);
					const at = (await s.status()).position;
					let { position } = await s.stepBack(back);
					// Forward by steps again. A stop may end a call early (a fetch fault at the trap
					// handler itself stops as 'trap-loop' after one step), so step on until the position
					// is back where it was.
					while (position < at) {
						const r = await s.step(at - position);
						if (r.steps <= 0) break;
						position = r.position;
					}
					expect(position).toBe(at);
					expect(await state(s)).toBe(here);
				}
			),
			{ numRuns: 40 }
		);
	});
});

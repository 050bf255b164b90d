/** The in-process session: loading, stepping, run conditions, pause, views, stepping backwards. */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLocalSession, LocalSession } from '../../src/lib/sim/session/local';
import type { Session } from '../../src/lib/sim/session/types';
import { eventKinds } from '../../src/lib/sim/trace/events';
import { spin, trappySource } from './trace-programs';

async function loaded(opts = {}, loops = 2000): Promise<Session> {
	const s = createLocalSession();
	const r = await s.load({ asm: trappySource(loops) }, { ramMiB: 1, ...opts });
	expect(r).toMatchObject({ ok: true, errors: [] });
	return s;
}

/** The whole machine as bytes (the snapshot file is deterministic), for equality. */
async function fingerprint(s: Session): Promise<string> {
	const bytes = await s.saveSnapshot();
	return Buffer.from(bytes).toString('base64');
}

describe('session', () => {
	it('reports assembler errors with file, line and column', async () => {
		const s = createLocalSession();
		const r = await s.load({ asm: 'addi a0, a0\n' });
		expect(r.ok).toBe(false);
		expect(r.errors[0]).toMatch(/^program\.s:1:\d+: /);
		expect((await s.step()).reason).toBe('not-loaded');
	});

	it('steps, counts its position and names the register written', async () => {
		const s = await loaded();
		const r = await s.step(3);
		expect(r).toMatchObject({ reason: 'budget', steps: 3, position: 3 });
		const regs = await s.registers();
		expect(regs.pc).toBe(0x8000_000c);
		expect(regs.mode).toBe(3);
		expect(regs.lastWritten).toBe(5); // la t0, handler; csrw mtvec, t0 writes no register
		const csrs = await s.csrs();
		expect(csrs.find((c) => c.name === 'mtvec')?.value).toBeGreaterThan(0x8000_0000);
		expect(csrs.find((c) => c.name === 'misa')).toBeDefined();
	});

	it('runs until a trap, an event kind, a cycle, a breakpoint, or the end', async () => {
		const s = await loaded();
		let r = await s.runUntil({ trap: true });
		expect(r.reason).toBe('trap');
		expect((await s.csrs()).find((c) => c.name === 'mcause')?.value).toBe(11);
		r = await s.runUntil({ trap: [0x8000_0007] });
		expect(r.reason).toBe('trap');
		expect((await s.csrs()).find((c) => c.name === 'mcause')?.value).toBe(0x8000_0007);
		r = await s.runUntil({ eventKind: ['device-access'] });
		expect(r).toMatchObject({ reason: 'event', event: { kind: 'device-access', device: 'clint' } });
		const regs = await s.registers();
		r = await s.runUntil({ cycle: regs.cycles + 1000 });
		expect(r.reason).toBe('cycle');
		const after = await s.registers();
		expect(after.cycles).toBeGreaterThanOrEqual(regs.cycles + 1000);
		expect(after.cycles).toBeLessThan(regs.cycles + 1000 + 64);
		const loop = after.pc;
		await s.setBreakpoint(0x8000_0040, true);
		r = await s.runUntil({});
		expect(r).toMatchObject({ reason: 'breakpoint', stop: { pc: 0x8000_0040 } });
		await s.setBreakpoint(0x8000_0040, false);
		r = await s.runUntil({});
		expect(r).toMatchObject({ reason: 'exited', stop: { kind: 'exited', code: 0 } });
		expect(await s.console()).toBe('x'.repeat(2000 / 16));
		expect(loop).toBeGreaterThan(0);
	});

	it('stops on the very event for instruction and page-walk kinds', async () => {
		const s = await loaded();
		const r = await s.runUntil({ eventKind: ['insn'] });
		expect(r).toMatchObject({ reason: 'event', steps: 1, event: { kind: 'insn', pc: 0x8000_0000 } });
		const p = createLocalSession();
		const elf = new Uint8Array(readFileSync('test/programs/priv/paging.elf'));
		await p.load({ elf }, { ramMiB: 16 });
		const w = await p.runUntil({ eventKind: ['page-walk'] });
		expect(w).toMatchObject({ reason: 'event', event: { kind: 'page-walk' } });
		const walk = await p.stepBack(1).then(() => p.runUntil({ eventKind: ['page-walk'] }));
		expect(walk.steps).toBe(1); // one step back, one step forward: the same walk again
		expect(walk.event).toEqual(w.event);
	});

	it('runs several harts, and steps back with them', async () => {
		const s = createLocalSession();
		await s.load({ program: spin() }, { ramMiB: 1, harts: 2, checkpointInterval: 700 });
		expect((await s.step(1000)).position).toBe(1000);
		const stats = await s.stats();
		expect(stats.map((h) => h.hart)).toEqual([0, 1]);
		expect(stats[0].instructions + stats[1].instructions).toBe(1000);
		expect((await s.registers(1)).x[10]).toBeGreaterThan(0);
		const here = await fingerprint(s);
		expect((await s.stepBack(1)).position).toBe(999);
		await s.step(1);
		expect(await fingerprint(s)).toBe(here);
	});

	it('pauses a long run between slices', async () => {
		const s = createLocalSession();
		await s.load({ program: spin() }, { ramMiB: 1, sliceSteps: 10_000 });
		const run = s.runUntil({});
		await s.pause();
		const r = await run;
		expect(r.reason).toBe('paused');
		expect(r.steps).toBeGreaterThan(0);
	});

	it('steps back to exactly the state it passed through (property)', async () => {
		const s = await loaded({ checkpointInterval: 5000 });
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 20_000 }),
				fc.integer({ min: 1, max: 20_000 }),
				async (fwd, back) => {
					await s.reset();
					await s.step(fwd);
					const before = await fingerprint(s);
					const console = await s.console();
					// The program may end within `back` steps: step back by what was actually taken.
					const ahead = await s.step(back);
					const r = await s.stepBack(ahead.steps);
					expect(r.position).toBe(fwd);
					expect(await fingerprint(s)).toBe(before);
					expect(await s.console()).toBe(console);
					await s.stepBack(await s.step(back).then((x) => x.steps));
					expect(await fingerprint(s)).toBe(before);
				}
			),
			{ numRuns: 20 }
		);
	});

	it('step back then forward returns to an identical state (property)', async () => {
		const s = await loaded({ checkpointInterval: 3000 });
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 25_000 }),
				fc.integer({ min: 1, max: 25_000 }),
				async (at, n) => {
					await s.reset();
					await s.step(at);
					const here = await fingerprint(s);
					const r = await s.stepBack(n);
					expect(r.position).toBe(Math.max(0, at - n));
					await s.step(at - r.position);
					expect(await fingerprint(s)).toBe(here);
				}
			),
			{ numRuns: 20 }
		);
	});

	it('steps back exactly through U/S/M traps, delegation, timers and paging (property)', async () => {
		for (const name of ['modes', 'paging']) {
			const s = createLocalSession();
			const elf = new Uint8Array(readFileSync(`test/programs/priv/${name}.elf`));
			expect((await s.load({ elf }, { ramMiB: 16, checkpointInterval: 4000 })).ok).toBe(true);
			const end = (await s.runUntil({})).position;
			await fc.assert(
				fc.asyncProperty(
					fc.integer({ min: 0, max: end }),
					fc.integer({ min: 1, max: end }),
					async (at, n) => {
						await s.reset();
						await s.step(at);
						const here = await fingerprint(s);
						const out = await s.console();
						const ahead = await s.step(n);
						await s.stepBack(ahead.steps);
						expect(await fingerprint(s)).toBe(here);
						expect(await s.console()).toBe(out);
					}
				),
				{ numRuns: 15 }
			);
		}
	});

	it('goes back to just before the previous trap', async () => {
		const s = await loaded();
		await s.step(5000);
		const stats = (await s.stats())[0];
		const r = await s.backToPreviousTrap();
		expect(r.steps).toBeLessThan(0);
		expect((await s.stats())[0].traps).toBe(stats.traps - 1);
		await s.step(1);
		expect((await s.stats())[0].traps).toBe(stats.traps);
	});

	it('keeps history under its memory cap and still steps back exactly', async () => {
		const s = new LocalSession();
		await s.load(
			{ asm: trappySource(3000) },
			{ ramMiB: 1, historyCapBytes: 64 * 1024, checkpointInterval: 1000 }
		);
		await s.step(40_000);
		const st = await s.status();
		expect(st.history.bytes).toBeLessThanOrEqual(64 * 1024);
		expect(st.history.checkpoints).toBeGreaterThan(2);
		const here = await fingerprint(s);
		await s.step(777);
		await s.stepBack(777);
		expect(await fingerprint(s)).toBe(here);
	});

	it('delivers subscribed events in batches and drops the undone future from the log', async () => {
		const s = await loaded();
		const got: string[] = [];
		const off = await s.subscribe(['trap'], (batch) => got.push(...batch.map((e) => e.kind)));
		await s.step(1000);
		expect(got.length).toBeGreaterThan(10);
		const log = await s.recentEvents(10_000);
		expect(log).toHaveLength(got.length);
		await s.stepBack(500);
		expect((await s.recentEvents(10_000)).length).toBeLessThan(got.length);
		await off();
		const n = got.length;
		await s.step(1000);
		expect(got).toHaveLength(n);
	});

	it('saves and restores a snapshot file', async () => {
		const s = await loaded();
		await s.step(4321);
		const file = await s.saveSnapshot();
		const here = await fingerprint(s);
		await s.step(1000);
		await s.loadSnapshot(file);
		expect(await fingerprint(s)).toBe(here);
	});

	it('shows memory, devices and (with paging off) no page table', async () => {
		const s = await loaded();
		await s.step(10);
		const mem = await s.memory(0x8000_0000, 8);
		expect(mem.inRam).toBe(true);
		expect(mem.bytes).toHaveLength(8);
		expect((await s.memory(0x1000, 4)).inRam).toBe(false);
		expect(await s.pageTable()).toBeNull();
		const dev = await s.devices();
		expect(dev.pending[0]).toMatchObject({ kind: 'clint.timer', cycle: 3000 });
	});
});

describe('event kinds', () => {
	it('offers every registered kind the machine can produce, later layers included', async () => {
		const s = await loaded();
		const { availableKinds } = await s.status();
		expect(availableKinds).toEqual(expect.arrayContaining(eventKinds()));
		expect(availableKinds).toContain('tlb-lookup');
		expect(availableKinds).toContain('interrupt-pending');
		expect(availableKinds).toContain('firmware-event');
	});
});

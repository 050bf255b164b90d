/**
 * The session's schedule of a scenario: the slices the timeline draws and the metrics beside it,
 * scheduler changes made on the running host as edits of the history (stepping back over a change
 * undoes it, stepping forward again replays it), and moving the session to a cycle of the timeline.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLocalSession } from '../../src/lib/sim/session/local';
import type { ScheduleView, Session } from '../../src/lib/sim/session/types';

const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));
const SCENARIO = `name: three
host:
  harts: 1
  ram: 64 MiB
  scheduler: { policy: credit, quantum: 100000, period: 3000000 }
vms:
  - { name: hog, image: kernel.elf, memory: 8 MiB, programs: [hog], weight: 256 }
  - { name: interactive, image: kernel.elf, memory: 8 MiB, programs: [interactive], weight: 256 }
  - { name: batch, image: kernel.elf, memory: 8 MiB, programs: [batch], weight: 256 }
`;

async function loaded(): Promise<Session> {
	const s = createLocalSession();
	const r = await s.load(
		{ scenario: SCENARIO, images: { 'kernel.elf': kernel } },
		{ checkpointInterval: 200_000 }
	);
	expect(r).toMatchObject({ ok: true, errors: [] });
	return s;
}

/** Slices on one pCPU never overlap and come in time order. */
function checkSlices(v: ScheduleView): void {
	for (let p = 0; p < v.pcpus; p++) {
		const mine = v.slices.filter((s) => s.pcpu === p);
		for (let i = 0; i < mine.length; i++) {
			expect(mine[i].end).toBeGreaterThanOrEqual(mine[i].start);
			expect(mine[i].end).toBeLessThanOrEqual(v.now[p]);
			if (i > 0) expect(mine[i].start).toBeGreaterThanOrEqual(mine[i - 1].end);
		}
	}
	expect(v.slices.filter((s) => s.open).length).toBeLessThanOrEqual(v.pcpus);
}

describe('the schedule in a session', () => {
	it('gives the slices each VM ran, and metrics whose times add up to each lifetime', async () => {
		const s = await loaded();
		// The kernels boot in about 12M steps; then interactive starts to sleep and wake.
		await s.step(20_000_000);
		const v = (await s.schedule())!;
		checkSlices(v);
		expect(v.policy).toBe('credit');
		expect(new Set(v.slices.map((x) => x.vm))).toEqual(new Set([0, 1, 2]));
		expect(v.slices.some((x) => x.endWhy === 'blocked')).toBe(true);
		const r = (await s.schedReport())!;
		expect(r.vms.map((x) => x.name)).toEqual(['hog', 'interactive', 'batch']);
		for (const vm of r.vms) expect(vm.run + vm.steal + vm.blocked).toBe(vm.lifetime);
		// Run time in the report is the slices' time, to the cycle.
		for (let vm = 0; vm < 3; vm++) {
			const sum = v.slices.filter((x) => x.vm === vm).reduce((n, x) => n + x.end - x.start, 0);
			expect(sum).toBe(r.vms[vm].run);
		}
	});

	it('is cut back with the history: back then forward gives the same schedule', async () => {
		const s = await loaded();
		await s.step(2_000_000);
		const straight = await s.schedule();
		const report = await s.schedReport();
		await s.stepBack(700_000);
		const back = (await s.schedule())!;
		expect(back.decisions).toBeLessThan(straight!.decisions);
		checkSlices(back);
		await s.step(700_000);
		expect(await s.schedule()).toEqual(straight);
		expect(await s.schedReport()).toEqual(report);
	});

	it('makes a weight change an edit: back over it undoes it, forward replays it', async () => {
		const s = await loaded();
		await s.step(1_000_000);
		const plainRun = await loaded();
		await plainRun.step(13_000_000);
		const plain = (await plainRun.schedReport())!;

		await s.setVmSched(0, { weight: 1024 });
		// Long enough for several of credit's 3M-cycle accounting periods.
		await s.step(12_000_000);
		const changed = (await s.schedReport())!;
		const view = (await s.schedule())!;
		expect(view.configs).toEqual([
			expect.objectContaining({ vm: 0, fields: expect.objectContaining({ weight: 1024 }) })
		]);
		expect(changed.vms[0].entitled).toBeGreaterThan(plain.vms[0].entitled);
		expect(changed.vms[0].run).toBeGreaterThan(plain.vms[0].run);

		await s.stepBack(12_500_000);
		expect((await s.schedule())!.configs).toEqual([]);
		await s.step(12_500_000);
		expect(await s.schedReport()).toEqual(changed);
	});

	it('switches policy on the running host, and refuses bad changes with a reason', async () => {
		const s = await loaded();
		await s.step(500_000);
		await s.setScheduler({ policy: 'rr', quantum: 50_000 });
		await s.step(1_500_000);
		expect((await s.schedule())!.policy).toBe('rr');
		await expect(s.setVmSched(7, { weight: 10 })).rejects.toThrow(/no VM 7/);
		await expect(s.setVmSched(0, { cap: -5 })).rejects.toThrow(/cap/);
		await expect(s.setScheduler({ policy: 'lottery' as never })).rejects.toThrow(/policy must be one of/);
		await expect(s.setScheduler({ quantum: 5 })).rejects.toThrow(/quantum/);
	});

	it('moves to a cycle of the timeline, back and forward', async () => {
		const s = await loaded();
		await s.step(2_000_000);
		const v = (await s.schedule())!;
		const pick = v.slices[Math.floor(v.slices.length / 2)];
		const before = (await s.status()).position;
		const r = await s.goToCycle(pick.start);
		expect(r.position).toBeLessThan(before);
		const at = (await s.registers(0)).cycles;
		expect(at).toBeGreaterThanOrEqual(pick.start);
		const earlier = (await s.schedule())!;
		checkSlices(earlier);
		expect(earlier.slices.every((x) => x.start <= at)).toBe(true);
		// The position reached is the first boundary at that cycle: one step back is before it.
		await s.stepBack(1);
		expect((await s.registers(0)).cycles).toBeLessThan(pick.start);
		const fwd = await s.goToCycle(v.now[0]);
		expect(fwd.reason).toBe('cycle');
		expect((await s.schedule())!.decisions).toBeGreaterThanOrEqual(v.decisions);
	});
});

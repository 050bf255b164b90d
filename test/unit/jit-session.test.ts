/**
 * The hypervisor lessons' scenarios in a session (createLocalSession) under both engines: the same
 * console, registers, cycle count and position after every run, after stepping back and after
 * replaying forward (history restores RAM pages and harts; the translator must drop what it built).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Machine } from '../../src/lib/sim/machine/machine';
import { createLocalSession } from '../../src/lib/sim/session/local';
import type { Session } from '../../src/lib/sim/session/types';

const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));

async function loaded(lesson: string, engine: 'interp' | 'jit'): Promise<Session> {
	const scenario = readFileSync(`content/lessons/${lesson}/scenario.yaml`, 'utf8');
	const s = createLocalSession();
	const r = await s.load({ scenario, images: { '../../../static/guest/kernel.elf': kernel } }, { engine });
	expect(r.errors).toEqual([]);
	return s;
}

async function view(s: Session) {
	const regs = await s.registers(0);
	const status = await s.status();
	const stats = await s.stats();
	return { regs, position: status.position, exited: status.exited, stats, console: await s.console() };
}

describe('lesson scenarios in a session: translator = interpreter', () => {
	for (const lesson of ['02-trap-and-emulate', '03-sharing-one-processor'])
		it(lesson, async () => {
			const a = await loaded(lesson, 'interp');
			const b = await loaded(lesson, 'jit');
			const both = async (f: (s: Session) => Promise<unknown>) => {
				const [ra, rb] = [await f(a), await f(b)];
				expect(rb).toEqual(ra);
				expect(await view(b)).toEqual(await view(a));
			};
			for (const n of [1, 999, 250_000, 2_000_000, 3_000_000]) await both((s) => s.step(n));
			await both((s) => s.stepBack(1_234_567));
			await both((s) => s.step(777_777));
			await both((s) => s.stepBack(3));
			await both((s) => s.step(2_000_000));
			const m = (b as unknown as { machine: Machine }).machine;
			expect(m.harts.some((h) => (h.jit?.compiled ?? 0) > 0)).toBe(true);
			expect((await view(a)).console.length).toBeGreaterThan(0);
			expect((await view(a)).position).toBeGreaterThan(5_000_000);
		});
});

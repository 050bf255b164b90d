/**
 * Differential helpers for the block translator: the same machine built twice, once per engine, run
 * through the same budgets, with the whole machine state compared at every stop (each hart's registers,
 * CSRs, MMU, counters and windows, the devices, the event queue, a hash of RAM, the console).
 */
import { expect } from 'vitest';
import type { Engine, Machine } from '../../src/lib/sim/machine/machine';

/** FNV-1a over RAM's words: cheap enough to take at every stop of a short run. */
export function ramHash(m: Machine): number {
	const w = m.ram.i32;
	let h = 0x811c9dc5;
	for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w[i], 0x01000193);
	return h >>> 0;
}

/**
 * Everything a stop is compared on, as one string (so a failure shows the first difference). The
 * console is output already written, not machine state: `withConsole` false leaves it out.
 */
export function machineState(m: Machine, withRam = true, withConsole = true): string {
	const s = m.snapshot({ ram: false });
	return JSON.stringify({
		...s,
		ram: withRam ? ramHash(m) : 0,
		cycles: m.cycles,
		instret: m.instret,
		console: withConsole ? m.consoleText() : ''
	});
}

export interface LockstepResult {
	stops: number;
	/** The last stop reason (the same under both engines). */
	why: string;
	interp: Machine;
	jit: Machine;
}

/**
 * Build a machine per engine with `make`, then run both through `budgets` (cycled until `total` steps
 * or both stop for good), comparing the stop reason and the state after every run. `ramEvery`: hash
 * RAM only every that many stops (large RAM).
 */
export function lockstep(
	make: (engine: Engine) => Machine,
	budgets: readonly number[],
	total: number,
	ramEvery = 1
): LockstepResult {
	const a = make('interp');
	const b = make('jit');
	let done = 0;
	let stops = 0;
	let why = '';
	for (let k = 0; done < total; k++) {
		const n = budgets[k % budgets.length];
		const before = a.instret + a.harts.reduce((t, h) => t + h.traps, 0);
		const ra = a.run(n);
		const rb = b.run(n);
		stops++;
		why = ra.kind;
		const withRam = stops % ramEvery === 0 || ra.kind !== 'budget';
		expect(rb, `stop ${stops}`).toEqual(ra);
		const sa = machineState(a, withRam);
		const sb = machineState(b, withRam);
		if (sa !== sb) expect(sb, `state at stop ${stops} (budget ${n})`).toBe(sa);
		const after = a.instret + a.harts.reduce((t, h) => t + h.traps, 0);
		if (ra.kind !== 'budget' && ra.kind !== 'breakpoint' && after === before) break;
		done += Math.max(1, after - before);
	}
	return { stops, why, interp: a, jit: b };
}

/**
 * The translator behind the Machine API: breakpoints set inside translated blocks stop where the
 * interpreter stops; a snapshot restored replays to the same state (translations are not state and
 * are dropped); a retire subscriber sees every instruction (the translator stands aside), and the
 * translator takes over again once it leaves.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadElf } from '../../src/lib/sim/isa/elf';
import { Machine, type Engine } from '../../src/lib/sim/machine/machine';
import { machineState } from './jit-harness';

const primes = loadElf(new Uint8Array(readFileSync('test/programs/primes.elf')));
const make = (engine: Engine) => {
	const m = new Machine({ ramMiB: 8, engine });
	m.load(primes);
	return m;
};

describe('translator and the Machine API', () => {
	it('a breakpoint inside a hot translated loop stops both engines at the same instruction', () => {
		const [a, b] = [make('interp'), make('jit')];
		a.run(200_000);
		b.run(200_000);
		expect(b.hart.jit?.compiled ?? 0).toBeGreaterThan(0);
		// Somewhere the program is hot now: the next few hundred pcs, one of them mid-block.
		const pcs: number[] = [];
		a.onRetire = (pc) => void pcs.push(pc);
		a.run(300);
		a.onRetire = undefined;
		b.run(300);
		const at = pcs[137];
		expect(a.addBreakpoint(at)).toBe(true);
		b.addBreakpoint(at);
		for (let k = 0; k < 5; k++) {
			const [ra, rb] = [a.run(1_000_000), b.run(1_000_000)];
			expect(rb).toEqual(ra);
			if (k < 2) expect(ra.kind).toBe('breakpoint');
			expect(machineState(b)).toBe(machineState(a));
		}
		a.removeBreakpoint(at);
		b.removeBreakpoint(at);
		expect(b.run(2_000_000)).toEqual(a.run(2_000_000));
		expect(machineState(b)).toBe(machineState(a));
	});

	it('restoring a snapshot replays to the same state, under both engines', () => {
		const [a, b] = [make('interp'), make('jit')];
		for (const m of [a, b]) m.run(150_000);
		const [sa, sb] = [a.snapshot(), b.snapshot()];
		for (const m of [a, b]) m.run(400_000);
		// The console is output already written (it holds the replay twice), not machine state.
		const state = (m: Machine) => machineState(m, true, false);
		const [ea, eb] = [state(a), state(b)];
		expect(eb).toBe(ea);
		a.restore(sa);
		b.restore(sb);
		for (const m of [a, b]) m.run(400_000);
		expect(state(a)).toBe(ea);
		expect(state(b)).toBe(ea);
	});

	it('a retire subscriber sees every instruction; the translator resumes after it leaves', () => {
		const [a, b] = [make('interp'), make('jit')];
		for (const m of [a, b]) m.run(300_000);
		const seen: number[][] = [[], []];
		[a, b].forEach(
			(m, k) => (m.onRetire = (pc, bits, rd, value) => void seen[k].push(pc, bits, rd, value))
		);
		const before = b.instret;
		for (const m of [a, b]) m.run(50_000);
		expect(seen[1].length / 4).toBe(b.instret - before);
		expect(seen[1]).toEqual(seen[0]);
		for (const m of [a, b]) m.onRetire = undefined;
		const compiled = b.hart.jit?.compiled ?? 0;
		for (const m of [a, b]) m.run(2_000_000);
		expect(machineState(b)).toBe(machineState(a));
		expect(b.hart.jit?.compiled ?? 0).toBeGreaterThanOrEqual(compiled);
	});
});

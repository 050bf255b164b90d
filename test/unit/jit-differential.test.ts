/**
 * The translator against the interpreter on whole programs: every ELF under test/programs (and the
 * privileged-mode ones, paging and PMP included), the bench programs' opening stretch, and the teaching
 * kernel's boot, each run through a mix of budgets with the full machine state compared at every stop,
 * then to the end with their console output and final cycle count compared.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadElf } from '../../src/lib/sim/isa/elf';
import { Machine, type Engine, type MachineOptions } from '../../src/lib/sim/machine/machine';
import { lockstep, machineState } from './jit-harness';

const elf = (path: string) => loadElf(new Uint8Array(readFileSync(path)));

/** Budgets that end inside blocks, on their edges and far past them. */
const BUDGETS = [1, 2, 3, 5, 7, 13, 64, 65, 100, 997, 4096, 33_333];

function machineFor(path: string, opts: MachineOptions = {}) {
	const program = elf(path);
	return (engine: Engine) => {
		const m = new Machine({ ramMiB: 8, ...opts, engine });
		m.load(program);
		return m;
	};
}

const expected: Record<string, { args?: string[] }> = JSON.parse(
	readFileSync('test/programs/expected.json', 'utf8')
);
const programs = [
	...readdirSync('test/programs')
		.filter((f) => f.endsWith('.elf'))
		.map((f) => join('test/programs', f)),
	...readdirSync('test/programs/priv')
		.filter((f) => f.endsWith('.elf'))
		.map((f) => join('test/programs/priv', f))
];

describe('translator = interpreter on the test programs', () => {
	for (const path of programs) {
		const name = path.replace(/^test\/programs\//, '').replace(/\.elf$/, '');
		const harts = expected[name]?.args?.includes('--harts') ? 4 : 1;
		it(`${name}: every stop of a mixed-budget run, then the end`, () => {
			const r = lockstep(machineFor(path, { harts }), BUDGETS, 400_000);
			// To the end (or a generous budget) in one run each: the same stop, console and cycle.
			const a = r.interp.run(20_000_000);
			const b = r.jit.run(20_000_000);
			expect(b).toEqual(a);
			expect(machineState(r.jit)).toBe(machineState(r.interp));
		});
	}
});

describe('translator = interpreter on the bench programs (opening stretch, paging on and off)', () => {
	for (const name of ['intmix', 'memwalk', 'interp', 'paged'])
		it(name, () => {
			const make = machineFor(`bench/${name}.elf`, { ramMiB: 16 });
			const r = lockstep(make, [1, 9, 250, 10_007, 1_000_000], 6_000_000, 8);
			expect(r.jit.hart.jit?.compiled ?? 0).toBeGreaterThan(0);
		});
});

describe('translator = interpreter on the teaching kernel boot', () => {
	it('the whole boot in slices of many sizes, the same transcript and final cycle', () => {
		const make = machineFor('static/guest/kernel.elf', { ramMiB: 128 });
		const r = lockstep(make, [1, 17, 1000, 77_777, 250_000], 300_000_000, 50);
		expect(r.why).toBe('exited');
		expect(r.jit.consoleText()).toBe(r.interp.consoleText());
		expect(r.jit.consoleText()).toContain('shutting down');
		expect(r.jit.cycles).toBe(r.interp.cycles);
		expect(r.jit.hart.jit?.compiled ?? 0).toBeGreaterThan(100);
	});
});

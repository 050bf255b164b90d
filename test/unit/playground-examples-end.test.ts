/**
 * Every playground example ends (issue 20, item 5): through the test finisher, so Run finishes, and
 * a program stuck at `j .` with no interrupt to end it stops with reason 'spin' instead of running on.
 */
import { describe, expect, it } from 'vitest';
import { createLocalSession } from '../../src/lib/sim/session';
import { Machine } from '../../src/lib/sim/machine/machine';
import { assemble } from '../../src/lib/sim/isa/asm/index';
import { EXAMPLES } from '../../src/routes/playground/examples';

async function runToEnd(source: string, input = '') {
	const s = createLocalSession();
	const r = await s.load({ asm: source }, { ramMiB: 1, stopOnSpin: true });
	expect(r.errors).toEqual([]);
	if (input) await s.input(input);
	return s.runUntil({ maxInstructions: 1_000_000 });
}

describe('the playground examples', () => {
	for (const example of EXAMPLES)
		it(`“${example.title}” ends through the test finisher`, async () => {
			const r = await runToEnd(example.source, example.id === 'echo' ? 'hi q' : '');
			expect(r.reason).toBe('exited');
			expect(r.stop).toEqual({ kind: 'exited', code: 0, by: 'finisher' });
		});
});

describe('a jump to itself', () => {
	it('stops the run at the `j .`, saying so', async () => {
		const r = await runToEnd('_start:\n\tli a0, 1\n\tj .\n');
		expect(r.reason).toBe('spin');
		expect(r.stop).toEqual({ kind: 'spin', pc: 0x80000004, hart: 0 });
		expect(r.steps).toBe(2);
	});

	it('is not stuck while an enabled interrupt can still arrive (a timer wait loop)', async () => {
		// mie.MTIE and mstatus.MIE on, mtimecmp soon: the timer interrupt takes the hart out of `j .`.
		const src = [
			'_start:',
			'\tla t0, handler',
			'\tcsrw mtvec, t0',
			'\tli t0, 0x02004000',
			'\tli t1, 50',
			'\tsw t1, 0(t0)',
			'\tsw zero, 4(t0)',
			'\tli t0, 0x80',
			'\tcsrs mie, t0',
			'\tcsrsi mstatus, 8',
			'spin:\tj .',
			'handler:',
			'\tli t0, 0x100000',
			'\tli t1, 0x5555',
			'\tsw t1, 0(t0)'
		].join('\n');
		expect((await runToEnd(src)).reason).toBe('exited');
	});

	it('runs to the budget as before unless the machine is asked to watch for it (CLI, tests)', () => {
		const m = new Machine({ ramMiB: 1 });
		m.load(assemble('_start:\n\tj .\n').program);
		expect(m.run(1000).kind).toBe('budget');
		m.stopOnSpin = true;
		expect(m.run(1000)).toEqual({ kind: 'spin', pc: 0x80000000, hart: 0 });
	});
});

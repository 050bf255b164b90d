/**
 * The event list shows an SBI call (issue 20, item 3): the kernel's ecall into M-mode, the firmware's
 * call with its name and result, and the return to S-mode, though M-mode runs no instruction.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLocalSession } from '../../src/lib/sim/session';
import { PlaygroundMachine } from '../../src/routes/playground/machine-adapter';
import { describeCrossings, sbiErrorName } from '../../src/lib/viz/machine/crossings';

describe('the event list', () => {
	it('names the SBI errors as the spec does', () => {
		expect(sbiErrorName(0)).toBe('SBI_SUCCESS');
		expect(sbiErrorName(-2)).toBe('SBI_ERR_NOT_SUPPORTED');
		expect(sbiErrorName(-99)).toBe('error -99');
	});

	it('shows the kernel’s SBI call: into M-mode, the call and its result, back to S-mode', async () => {
		const m = new PlaygroundMachine(createLocalSession());
		const r = await m.loadElf(new Uint8Array(readFileSync('static/guest/kernel.elf')));
		expect(r.errors).toEqual([]);
		// The kernel's first SBI call comes early in its boot; step until the list has one.
		let v = await m.view();
		for (let i = 0; i < 200_000 && !v.crossings.some((e) => e.kind === 'firmware-call'); i++) {
			await m.step();
			v = await m.view();
		}
		const lines = describeCrossings(v.crossings);
		const call = lines.findIndex((l) => l.startsWith('SBI call'));
		expect(call).toBeGreaterThan(0);
		expect(lines[call - 1]).toMatch(
			/^trap: environment call from S-mode at 0x802[0-9a-f]{5} → M-mode: the SBI firmware$/
		);
		expect(lines[call]).toMatch(/^SBI call [A-Za-z_ ]+, in M-mode → SBI_SUCCESS, value 0x[0-9a-f]{8}$/);
		expect(lines[call + 1]).toMatch(/^firmware returns: M-mode → S-mode at 0x802[0-9a-f]{5}$/);
		expect(v.mode).toBe(1);
		// Stepping back over the call takes it out of the list again.
		await m.stepBack();
		expect((await m.view()).crossings.some((e) => e.kind === 'firmware-call')).toBe(false);
	});
});

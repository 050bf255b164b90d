/**
 * Without a Web Worker the browser's session runs in the page, its simulator imported on first use
 * (issue 20, item 8: the page chunk no longer carries a copy of the simulator beside the worker's).
 */
import { describe, expect, it } from 'vitest';
import { createBrowserSession } from '../../src/lib/session-client';

describe('the in-page fallback', () => {
	it('loads the simulator when first used and runs a program', async () => {
		expect(typeof Worker).toBe('undefined');
		const { session, where } = createBrowserSession();
		expect(where).toBe('page');
		const r = await session.load({
			asm: '_start:\n\tli a0, 5\n\tli t0, 0x100000\n\tli t1, 0x5555\n\tsw t1, 0(t0)\n'
		});
		expect(r.errors).toEqual([]);
		expect((await session.runUntil({})).reason).toBe('exited');
		expect((await session.registers()).x[10]).toBe(5);
	});
});

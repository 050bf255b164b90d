/**
 * Lesson 03's checkpoint answers, computed in-process by the same functions the page runs: they must
 * tell the story the lesson tells (round-robin makes interactive wait about a quantum per VM ahead of
 * it, credit BOOSTs it, weights set entitlement, a cap leaves the pCPU idle).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLocalSession } from '../../src/lib/sim/session/local';
import type { Session } from '../../src/lib/sim/session/types';
import { commonReason, reportAtEnd } from '../../src/lib/lessons/checkpoints/schedule-answers';

const DIR = 'content/lessons/03-sharing-one-processor';
const scenario = readFileSync(`${DIR}/scenario.yaml`, 'utf8');
const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));

async function loaded(): Promise<Session> {
	const s = createLocalSession();
	const r = await s.load({ scenario, images: { '../../../static/guest/kernel.elf': kernel } });
	expect(r.errors).toEqual([]);
	return s;
}

describe('lesson 03: sharing one processor', () => {
	it('under round-robin interactive wakes about a millisecond late', async () => {
		const r = await reportAtEnd(await loaded());
		const v = r.vms[1];
		expect(v.wakeups).toBeGreaterThanOrEqual(19);
		expect(v.latencyMean).toBeGreaterThan(80_000);
		expect(v.latencyMean).toBeLessThan(250_000);
		for (const vm of r.vms) expect(vm.run + vm.steal + vm.blocked).toBe(vm.lifetime);
	});

	it('under credit most of its wake-ups are BOOSTed, and it waits far less', async () => {
		expect((await commonReason(await loaded(), 1, { policy: { policy: 'credit' } })).reason).toBe(
			'boosted'
		);
		const r = await reportAtEnd(await loaded(), { policy: { policy: 'credit' } });
		expect(r.vms[1].latencyMean).toBeLessThan(10_000);
	});

	it('a cap of 20% holds the hog to it and leaves the pCPU idle at the end', async () => {
		const r = await reportAtEnd(await loaded(), {
			policy: { policy: 'credit' },
			vms: [{ vm: 0, params: { cap: 20 } }]
		});
		expect(r.vms[0].share).toBeLessThanOrEqual(0.2 + 0.01);
		expect(r.host.utilisation[0]).toBeLessThan(0.7);
	});
});

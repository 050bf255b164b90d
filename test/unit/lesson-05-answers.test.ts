/**
 * Lesson 05's checkpoint answers, computed in-process by the functions the page runs: they must tell
 * the story the lesson tells (two VMs ping each other through the switch in a few hundred µs once it
 * has learnt their addresses; a third VM's flood fills the port towards alpha, drops frames there and
 * makes the pings wait many times longer).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLocalSession } from '../../src/lib/sim/session/local';
import type { Session } from '../../src/lib/sim/session/types';
import { dropsAt, netAtEnd, roundTrips } from '../../src/lib/lessons/checkpoints/net-answers';

const DIR = 'content/lessons/05-a-network-inside-one-computer';
const images = {
	'../../../static/guest/kernel.elf': new Uint8Array(readFileSync('static/guest/kernel.elf'))
};

async function loaded(file: string): Promise<Session> {
	const s = createLocalSession();
	const r = await s.load({ scenario: readFileSync(`${DIR}/${file}`, 'utf8'), images });
	expect(r.errors).toEqual([]);
	return s;
}

describe('lesson 05: a network inside one computer', () => {
	it('two VMs: the switch learns three addresses, and a ping takes a few hundred µs', async () => {
		const s = await loaded('two.yaml');
		const v = await netAtEnd(s);
		expect(v.macs.map((m) => v.ports[m.port].name).sort()).toEqual(['alpha', 'beta', 'uplink']);
		expect(v.leases).toEqual({ '52:54:00:00:00:01': '10.0.2.15', '52:54:00:00:00:02': '10.0.2.16' });
		const beta = await roundTrips(s, 'beta');
		expect(beta.size).toBe(8);
		expect(beta.get(8)).toBeGreaterThan(200);
		expect(beta.get(8)).toBeLessThan(1000);
		expect(dropsAt(v, 'alpha', 'queue-full')).toBe(0);
	}, 120_000);

	it('the flood: the port towards alpha drops frames, and the pings wait far longer', async () => {
		const quiet = await loaded('two.yaml');
		await netAtEnd(quiet);
		const calm = await roundTrips(quiet, 'alpha');
		const s = await loaded('flood.yaml');
		const v = await netAtEnd(s);
		expect(dropsAt(v, 'alpha', 'queue-full')).toBeGreaterThan(100);
		const noisy = await roundTrips(s, 'alpha');
		expect(Math.max(...noisy.values())).toBeGreaterThan(10 * Math.max(calm.get(8)!, 1));
		expect(await s.console()).toContain('[gamma] udpflood: sent 600');
	}, 120_000);
});

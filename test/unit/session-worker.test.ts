/**
 * The session over the Web Worker transport, with the two ends on a MessageChannel in Node (the
 * browser test comes with the playground). Same calls, same answers as in-process.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalSession } from '../../src/lib/sim/session/local';
import type { Session } from '../../src/lib/sim/session/types';
import { createWorkerSession, serveSession, type MessageEndpoint } from '../../src/lib/sim/session/worker';
import type { TraceEvent } from '../../src/lib/sim/trace/events';
import { spin, trappySource } from './trace-programs';

/** Node's MessagePort speaks on/off; the transport expects the DOM's addEventListener and {data}. */
function endpoint(port: MessagePort): MessageEndpoint {
	const map = new Map<unknown, (data: unknown) => void>();
	return {
		postMessage: (m) => port.postMessage(m),
		addEventListener: (_t, fn) => {
			const wrapped = (data: unknown) => fn({ data });
			map.set(fn, wrapped);
			port.on('message', wrapped);
		},
		start: () => port.start()
	};
}

const ports: MessagePort[] = [];
function pair(): Session {
	const { port1, port2 } = new MessageChannel();
	ports.push(port1, port2);
	serveSession(endpoint(port2));
	return createWorkerSession(endpoint(port1));
}

afterEach(() => {
	for (const p of ports.splice(0)) p.close();
});

describe('session over a MessageChannel', () => {
	it('answers like the in-process session', async () => {
		const remote = pair();
		const local = createLocalSession();
		for (const s of [remote, local]) {
			expect(await s.load({ asm: trappySource(300) }, { ramMiB: 1 })).toMatchObject({ ok: true });
			await s.step(1234);
		}
		expect(await remote.registers()).toEqual(await local.registers());
		expect(await remote.stats()).toEqual(await local.stats());
		const mem = await remote.memory(0x8000_0000, 16);
		expect(mem.bytes).toBeInstanceOf(Uint8Array);
		expect(mem).toEqual(await local.memory(0x8000_0000, 16));
		expect(await remote.stepBack(234)).toEqual(await local.stepBack(234));
		expect(await remote.registers()).toEqual(await local.registers());
		expect(await remote.runUntil({})).toEqual(await local.runUntil({}));
		expect(await remote.console()).toBe(await local.console());
	});

	it('streams subscribed events and stops streaming after unsubscribe', async () => {
		const s = pair();
		await s.load({ asm: trappySource(300) }, { ramMiB: 1 });
		const got: TraceEvent[] = [];
		const off = await s.subscribe(['trap', 'trap-return'], (b) => got.push(...b));
		await s.step(2000);
		expect(got.length).toBeGreaterThan(100);
		expect(got.every((e) => e.kind === 'trap' || e.kind === 'trap-return')).toBe(true);
		await off();
		const n = got.length;
		await s.step(2000);
		expect(got).toHaveLength(n);
	});

	it('pauses a run in progress', async () => {
		const s = pair();
		await s.load({ program: spin() }, { ramMiB: 1, sliceSteps: 20_000 });
		const run = s.runUntil({});
		await s.registers(); // views answer while the run is going
		await expect(s.step()).rejects.toThrow('a run is in progress');
		await s.pause();
		const r = await run;
		expect(r.reason).toBe('paused');
	});

	it('rejects with the error the worker side threw', async () => {
		const s = pair();
		await expect(s.registers()).rejects.toThrow('no program loaded');
	});
});

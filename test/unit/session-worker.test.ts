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

	it('carries the edits, the last access, and typing into a run in progress', async () => {
		const echo = `
	.globl _start
_start:
	li s2, 0x10000000
	la s3, buf
1:	lbu t0, 5(s2)
	andi t0, t0, 1
	beqz t0, 1b
	lbu t1, 0(s2)
	sb t1, 0(s2)
	sw t1, 0(s3)
	j 1b
	.data
buf:	.word 0
`;
		const s = pair();
		await s.load({ asm: echo }, { ramMiB: 1, sliceSteps: 5000, checkpointInterval: 20_000 });
		await s.step(10);
		await s.setRegister(0, 9, 0x1234); // s1
		expect((await s.registers()).x[9]).toBe(0x1234);
		const buf = (await s.registers()).x[19] >>> 0;
		const view = await s.writeMemory(buf, Uint8Array.of(1, 2, 3, 4));
		expect(view.bytes).toEqual(Uint8Array.of(1, 2, 3, 4));
		await expect(s.writeMemory(0x100, Uint8Array.of(1))).rejects.toMatchObject({
			name: 'RangeError',
			message: '0x100 is outside RAM (0x80000000–0x800fffff)'
		});
		await s.input('a');
		await s.setBreakpoint(0x8000_0024, true); // j 1b, after the sw
		expect(await s.runUntil({ maxInstructions: 50 })).toMatchObject({ reason: 'breakpoint' });
		await s.setBreakpoint(0x8000_0024, false);
		expect(await s.console()).toBe('a');
		expect((await s.registers()).lastAccess).toMatchObject({ va: buf, pa: buf, size: 4, write: true });
		// Type while a long run is going: the edit lands at a slice boundary and is part of history.
		const run = s.runUntil({});
		await s.registers();
		await s.input('bc');
		await s.registers();
		await s.pause();
		expect((await run).reason).toBe('paused');
		await s.step(50); // the pause may come before the guest has read what was typed
		expect(await s.console()).toBe('abc');
		const here = await s.registers();
		const at = (await s.status()).position;
		await s.stepBack(at);
		expect(await s.console()).toBe('');
		await s.step(at);
		expect(await s.console()).toBe('abc');
		expect((await s.registers()).x).toEqual(here.x);
		expect(await s.memory(buf, 4)).toMatchObject({ bytes: Uint8Array.of(0x63, 0, 0, 0) });
	});

	it('rejects with the error the worker side threw', async () => {
		const s = pair();
		await expect(s.registers()).rejects.toThrow('no program loaded');
	});
});

/** Trace events, the hub's pay-for-what-you-use hooks, statistics, the ring buffer and trace export. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadElf } from '../../src/lib/sim/isa/elf';
import { Machine } from '../../src/lib/sim/machine/machine';
import { eventKinds, parseKinds, type TraceEvent } from '../../src/lib/sim/trace/events';
import { ChromeTraceBuilder, toJsonLines } from '../../src/lib/sim/trace/export';
import { TraceHub } from '../../src/lib/sim/trace/hub';
import { RingBuffer } from '../../src/lib/sim/trace/ring';
import { Statistics } from '../../src/lib/sim/trace/stats';
import { createLocalSession } from '../../src/lib/sim/session/local';
import { trappy, trappySource } from './trace-programs';

function machine(loops = 2000) {
	const m = new Machine({ ramMiB: 1, consoleOut: () => {} });
	m.load(trappy(loops));
	return m;
}

/** FNV-1a over the JSON of every event: equal hashes mean equal streams. */
function hashEvents(events: TraceEvent[]): string {
	let h = 0x811c9dc5;
	for (const e of events) {
		const s = JSON.stringify(e);
		for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
	}
	return (h >>> 0).toString(16);
}

function record(kinds = eventKinds(), loops = 2000) {
	const m = machine(loops);
	const hub = new TraceHub(m);
	const events: TraceEvent[] = [];
	hub.subscribe(kinds, (e) => events.push(e));
	const why = m.run(1e6);
	return { m, hub, events, why };
}

describe('trace hub', () => {
	it('installs no hook while nobody subscribes, and removes hooks with the last subscriber', () => {
		const m = machine();
		const hub = new TraceHub(m);
		expect(m.hart.onRetire).toBeUndefined();
		expect(m.hart.onTrap).toBeUndefined();
		const off1 = hub.subscribe(['insn'], () => {});
		const off2 = hub.subscribe(['csr-write', 'insn'], () => {});
		expect(m.hart.onRetire).toBeTypeOf('function');
		expect(m.hart.onTrap).toBeUndefined();
		off1();
		expect(m.hart.onRetire).toBeTypeOf('function');
		off2();
		expect(m.hart.onRetire).toBeUndefined();
		const off3 = hub.subscribe(['device-access', 'device-event'], () => {});
		// Observer slots, not instance patches: the bus and the queue keep their own methods.
		expect(m.bus.onDeviceAccess).toBeTypeOf('function');
		expect(m.events.onDispatch).toBeTypeOf('function');
		expect(Object.hasOwn(m.bus, 'read') || Object.hasOwn(m.events, 'popDue')).toBe(false);
		off3();
		expect(m.bus.onDeviceAccess).toBeUndefined();
		expect(m.events.onDispatch).toBeUndefined();
	});

	it('statistics keep only the trap hook installed', () => {
		const m = machine();
		new Statistics(new TraceHub(m));
		expect(m.hart.onRetire).toBeUndefined();
		expect(m.hart.onTrap).toBeTypeOf('function');
	});

	it('rejects unknown kinds by name', () => {
		const hub = new TraceHub(machine());
		expect(() => hub.subscribe(['insn', 'nope'], () => {})).toThrow(/unknown event kind 'nope'/);
		expect(parseKinds('trap,bogus')).toMatch(/unknown event kind 'bogus'/);
		expect(parseKinds('trap, insn,trap')).toEqual(['trap', 'insn']);
		expect(parseKinds('all')).toEqual(eventKinds());
	});

	it('reports every cpu and device event of a program with traps, a timer and a UART', () => {
		const { m, events, why } = record();
		expect(why).toEqual({ kind: 'exited', code: 0, by: 'finisher' });
		const count = (k: string) => events.filter((e) => e.kind === k).length;
		const traps = events.filter((e) => e.kind === 'trap');
		const ecalls = traps.filter((e) => e.cause === 11);
		const timer = traps.filter((e) => e.cause === 0x8000_0007);
		expect(ecalls).toHaveLength(2000);
		expect(timer.length).toBeGreaterThan(10);
		expect(traps).toHaveLength(m.hart.traps);
		expect(count('interrupt')).toBe(timer.length);
		expect(count('trap-return')).toBe(traps.length); // every handler returns with MRET
		expect(count('insn')).toBe(m.instret);
		// mtvec, mie, mstatus once; mepc and mscratch per ECALL.
		expect(count('csr-write')).toBe(3 + 2 * 2000);
		const first = events.find((e) => e.kind === 'csr-write');
		expect(first).toMatchObject({ csr: 0x305, hart: 0 });
		const uart = events.filter((e) => e.kind === 'device-access' && e.device === 'uart16550');
		expect(uart.filter((e) => e.kind === 'device-access' && e.write)).toHaveLength(2000 / 16);
		expect(events.filter((e) => e.kind === 'device-event' && e.what === 'timer')).toHaveLength(
			timer.length
		);
		const ecall = ecalls[0];
		expect(ecall).toMatchObject({ from: 3, to: 3, tval: 0 });
		expect(ecall.kind === 'trap' && ecall.handler).toBe(m.hart.mtvec >>> 0);
		const ret = events.find((e) => e.kind === 'trap-return');
		expect(ret).toMatchObject({ from: 3, to: 3 });
	});

	it('gives identical event streams for the same program twice', () => {
		const a = record();
		const b = record();
		expect(a.events.length).toBeGreaterThan(30_000);
		expect(hashEvents(a.events)).toBe(hashEvents(b.events));
		expect(hashEvents(a.events.slice(1))).not.toBe(hashEvents(b.events));
	});

	it('gives the same stream whether a session runs it in one go or in small slices', async () => {
		const streams: string[] = [];
		for (const sliceSteps of [1_000_000, 777]) {
			const s = createLocalSession();
			await s.load({ asm: trappySource(500) }, { ramMiB: 1, sliceSteps });
			const got: TraceEvent[] = [];
			await s.subscribe(['trap', 'trap-return', 'device-event', 'csr-write'], (b) => got.push(...b));
			const r = await s.runUntil({});
			expect(r.reason).toBe('exited');
			streams.push(hashEvents(got));
		}
		expect(streams[0]).toBe(streams[1]);
	});
});

describe('statistics', () => {
	it('count traps by cause and split instructions and cycles by mode', () => {
		const m = machine();
		const stats = new Statistics(new TraceHub(m));
		m.run(1e6);
		const [h] = stats.view();
		expect(h.instructions).toBe(m.instret);
		expect(h.cycles).toBe(m.cycles);
		expect(h.trapsByCause['11']).toBe(2000);
		expect(h.interrupts).toBe(h.trapsByCause[String(0x8000_0007)]);
		expect(h.traps).toBe(2000 + h.interrupts);
		// This hart has only M-mode so far: everything is M, and the split is exact.
		expect(h.perMode.M).toEqual({ instructions: m.instret, cycles: m.cycles });
		expect(h.perMode.U.instructions + h.perMode.S.instructions).toBe(0);
		expect(h.perModeExact).toBe(true);
		expect(stats.steps()).toBe(m.instret + 2000);
	});

	it('survive a state round trip', () => {
		const m = machine();
		const stats = new Statistics(new TraceHub(m));
		m.run(5000);
		const saved = structuredClone(stats.getState());
		const view = stats.view();
		m.run(5000);
		stats.setState(saved);
		expect(stats.getState()).toEqual(saved);
		expect(view[0].trapsByCause).toEqual(stats.view()[0].trapsByCause);
	});
});

describe('privilege modes and paging (test/programs/priv)', () => {
	const priv = (name: string) => {
		const m = new Machine({ ramMiB: 16, consoleOut: () => {} });
		m.load(loadElf(new Uint8Array(readFileSync(`test/programs/priv/${name}.elf`))));
		return m;
	};

	it('reports traps between U, S and M with their modes, and returns', () => {
		const m = priv('modes');
		const hub = new TraceHub(m);
		const stats = new Statistics(hub);
		const events: TraceEvent[] = [];
		hub.subscribe(['trap', 'trap-return'], (e) => events.push(e));
		expect(m.run(1e7).kind).toBe('exited');
		const traps = events.filter((e) => e.kind === 'trap');
		expect(traps).toHaveLength(m.hart.traps);
		const pairs = new Set(traps.map((e) => `${e.from}>${e.to}`));
		expect(pairs).toContain('0>3'); // U to M
		expect(pairs).toContain('0>1'); // delegated to S
		expect(pairs).toContain('1>3');
		const returns = events.filter((e) => e.kind === 'trap-return');
		expect(new Set(returns.map((e) => `${e.from}>${e.to}`))).toContain('1>0'); // SRET to U
		const [h] = stats.view();
		expect(h.perModeExact).toBe(true);
		expect(h.perMode.U.instructions).toBeGreaterThan(0);
		expect(h.perMode.S.instructions).toBeGreaterThan(0);
		const sum = (k: 'instructions' | 'cycles') => h.perMode.U[k] + h.perMode.S[k] + h.perMode.M[k];
		expect(sum('instructions')).toBe(m.instret);
		expect(sum('cycles')).toBe(m.cycles);
	});

	it('splits per mode exactly with no subscriber (the return hook sees every MRET/SRET)', () => {
		const m = priv('modes');
		const stats = new Statistics(new TraceHub(m));
		m.run(1e7);
		expect(m.hart.onRetire).toBeUndefined();
		const [h] = stats.view();
		expect(h.perModeExact).toBe(true);
		expect(h.trapsByCause['8']).toBeGreaterThan(0); // ECALL from U
		expect(h.perMode.U.instructions + h.perMode.S.instructions + h.perMode.M.instructions).toBe(
			m.instret
		);
	});

	it('reports page walks with each PTE read', () => {
		const m = priv('paging');
		const hub = new TraceHub(m);
		const walks: TraceEvent[] = [];
		hub.subscribe(['page-walk'], (e) => walks.push(e));
		expect(m.run(1e7).kind).toBe('exited');
		expect(walks.length).toBeGreaterThan(10);
		const w = walks[0];
		if (w.kind !== 'page-walk') throw new Error('not a walk');
		expect(w.steps.length).toBeGreaterThanOrEqual(1);
		expect(w.steps.at(-1)?.decision).toMatch(
			/leaf|invalid|permission|no-leaf|reserved-wx|misaligned-superpage|accessed-dirty/
		);
		expect(walks.some((e) => e.kind === 'page-walk' && !e.ok)).toBe(true);
		expect(walks.some((e) => e.kind === 'page-walk' && e.ok && e.steps.length === 2)).toBe(true);
	});
});

describe('ring buffer', () => {
	it('keeps the newest items and truncates from the newest end', () => {
		const r = new RingBuffer<number>(3);
		for (let i = 1; i <= 5; i++) r.push(i);
		expect(r.toArray()).toEqual([3, 4, 5]);
		expect(r.last(2)).toEqual([4, 5]);
		r.truncateWhile((x) => x > 3);
		expect(r.toArray()).toEqual([3]);
		r.push(9);
		expect(r.toArray()).toEqual([3, 9]);
		expect(() => new RingBuffer(0)).toThrow(RangeError);
	});
});

describe('trace export', () => {
	it('writes one parseable JSON object per line', () => {
		const { events } = record(['trap', 'device-access'], 100);
		const lines = toJsonLines(events).trimEnd().split('\n');
		expect(lines).toHaveLength(events.length);
		for (const l of lines) expect(JSON.parse(l)).toHaveProperty('kind');
	});

	it('writes a well-formed Chrome trace with a track per hart and layer, and mode spans', () => {
		const { m, events } = record(['trap', 'trap-return', 'device-access', 'device-event'], 300);
		const b = new ChromeTraceBuilder({ harts: 1, cpuHz: m.cpuHz });
		for (const e of events) b.add(e);
		const trace = JSON.parse(JSON.stringify(b.finish([m.cycles])));
		expect(Array.isArray(trace.traceEvents)).toBe(true);
		for (const e of trace.traceEvents) {
			expect(typeof e.name).toBe('string');
			expect(['i', 'X', 'M']).toContain(e.ph);
			expect(typeof e.ts).toBe('number');
			expect(Number.isInteger(e.pid)).toBe(true);
			expect(Number.isInteger(e.tid)).toBe(true);
			if (e.ph === 'X') expect(e.dur).toBeGreaterThanOrEqual(0);
			if (e.ph === 'i') expect(e.s).toBe('t');
		}
		const meta = trace.traceEvents.filter((e: { ph: string }) => e.ph === 'M');
		const processes = meta
			.filter((e: { name: string }) => e.name === 'process_name')
			.map((e: { args: { name: string } }) => e.args.name);
		expect(processes.sort()).toEqual(['cpu', 'devices']);
		expect(meta.filter((e: { name: string }) => e.name === 'thread_name')).toHaveLength(2);
		const spans = trace.traceEvents.filter((e: { ph: string }) => e.ph === 'X');
		const total = spans.reduce((s: number, e: { dur: number }) => s + e.dur, 0);
		expect(total).toBeCloseTo((m.cycles * 1e6) / m.cpuHz, 6);
		expect(spans.every((e: { name: string }) => e.name === 'M-mode')).toBe(true);
		const traps = trace.traceEvents.filter((e: { cat?: string }) => e.cat === 'trap');
		expect(traps[0].name).toBe('trap: environment call from M-mode');
	});
});

/**
 * The virtual switch on its own: a learning bridge with three ports on the machine's event queue.
 * Flooding until an address is learnt, then forwarding to one port; the wire time of a frame worked
 * out by hand; a full queue dropping and counting; a frame for its own port filtered; ageing; a NIC
 * with no receive buffer; a seeded property that every frame is delivered or dropped exactly once
 * per port it was sent to, and that the state survives a structured clone mid-flight.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/lib/sim/machine/events';
import {
	newSwitchState,
	VirtualSwitch,
	type SwitchConfig,
	type SwitchState
} from '../../src/lib/sim/hv/net/switch';
import './fast-check-seed';

const HZ = 100_000_000;
const CONFIG: SwitchConfig = { bandwidth: 100e6, latency: 5000, queue: 4, ageing: 30_000_000 };
const MACS = ['52:54:00:00:00:01', '52:54:00:00:00:02', '52:54:00:00:00:03'];
const BROADCAST = 'ff:ff:ff:ff:ff:ff';

function frame(dst: string, src: string, length = 60): Uint8Array {
	const f = new Uint8Array(length);
	const put = (m: string, at: number) => m.split(':').forEach((x, i) => (f[at + i] = parseInt(x, 16)));
	put(dst, 0);
	put(src, 6);
	f[12] = 0x08; // IPv4
	return f;
}

function rig(config = CONFIG, accept: (port: number) => boolean = () => true) {
	let state: SwitchState = newSwitchState(
		config,
		MACS.map((_, i) => ({ name: `p${i}`, vm: i }))
	);
	const events = new EventQueue();
	const got: { port: number; at: number; src: string }[] = [];
	const sw = new VirtualSwitch(() => state, events, HZ, {
		deliver(port, f, now) {
			if (!accept(port)) return false;
			got.push({
				port,
				at: now,
				src: [...f.subarray(6, 12)].map((x) => x.toString(16).padStart(2, '0')).join(':')
			});
			return true;
		}
	});
	const runAll = () => {
		for (let n = 0; n < 10_000 && events.nextCycle() !== Infinity; n++) events.runDue(events.nextCycle());
	};
	return {
		sw,
		events,
		got,
		runAll,
		get state() {
			return state;
		},
		set state(s: SwitchState) {
			state = s;
		}
	};
}

describe('the virtual switch', () => {
	it('floods an unknown destination, learns, then forwards to one port only', () => {
		const r = rig();
		r.sw.input(0, frame(BROADCAST, MACS[0]), 0);
		r.runAll();
		expect(r.got.map((g) => g.port)).toEqual([1, 2]);
		expect(r.state.macs).toEqual([{ mac: MACS[0], port: 0, seen: 0 }]);
		r.got.length = 0;
		r.sw.input(1, frame(MACS[0], MACS[1]), 10_000);
		r.runAll();
		expect(r.got.map((g) => g.port)).toEqual([0]);
		expect(r.state.recent.at(-1)).toMatchObject({ flooded: false, to: [0] });
		expect(r.state.macs.map((m) => m.mac)).toEqual([MACS[0], MACS[1]]);
	});

	it('takes a minimum frame 672 cycles on a 100 Mbit/s link, then the latency', () => {
		// (60 bytes + 24 of preamble, FCS and gap) × 8 bits / 100 Mbit/s = 6.72 µs = 672 cycles at 100 MHz.
		const r = rig();
		r.sw.input(0, frame(BROADCAST, MACS[0]), 1000);
		r.sw.input(0, frame(BROADCAST, MACS[0]), 1000);
		r.runAll();
		const onPort1 = r.got.filter((g) => g.port === 1).map((g) => g.at);
		expect(onPort1).toEqual([1000 + 672 + 5000, 1000 + 2 * 672 + 5000]);
		const rec = r.state.recent[1];
		expect(rec.started[1]).toBe(1672);
		expect(rec.delivered[1]).toBe(1000 + 2 * 672 + 5000);
	});

	it('drops and counts what finds a port queue full', () => {
		const r = rig();
		r.sw.input(1, frame(BROADCAST, MACS[1]), 0);
		r.runAll();
		for (let i = 0; i < 7; i++) r.sw.input(0, frame(MACS[1], MACS[0]), 100_000);
		r.runAll();
		expect(r.state.ports[1].stats.drops['queue-full']).toBe(3);
		expect(r.state.ports[1].stats.framesOut).toBe(4);
		expect(r.got.filter((g) => g.port === 1 && g.src === MACS[0]).length).toBe(4);
	});

	it('filters a frame whose destination is on its own port, and refuses malformed frames', () => {
		const r = rig();
		r.sw.input(0, frame(BROADCAST, MACS[0]), 0);
		r.sw.input(0, frame(MACS[0], MACS[2]), 10);
		r.sw.input(0, new Uint8Array(10), 20);
		r.sw.input(0, new Uint8Array(1600), 30);
		r.runAll();
		expect(r.state.ports[0].stats.drops).toMatchObject({ filtered: 1, malformed: 2 });
		expect(r.state.recent.at(-1)?.dropped).toEqual([{ port: 0, reason: 'malformed' }]);
	});

	it('forgets an address after the ageing time and floods again', () => {
		const r = rig();
		r.sw.input(0, frame(BROADCAST, MACS[0]), 0);
		r.runAll();
		r.got.length = 0;
		r.sw.input(1, frame(MACS[0], MACS[1]), CONFIG.ageing + 1);
		r.runAll();
		expect(r.got.map((g) => g.port)).toEqual([0, 2]);
	});

	it('counts a frame the NIC has no receive buffer for, and goes on with the others', () => {
		const r = rig(CONFIG, (port) => port !== 2);
		r.sw.input(0, frame(BROADCAST, MACS[0]), 0);
		r.runAll();
		expect(r.got.map((g) => g.port)).toEqual([1]);
		expect(r.state.ports[2].stats.drops['no-receive-buffer']).toBe(1);
	});

	it('delivers or drops every frame once per port it went to, and a clone mid-flight runs the same', () => {
		const send = fc.record({
			from: fc.integer({ min: 0, max: 2 }),
			to: fc.integer({ min: -1, max: 2 }),
			at: fc.integer({ min: 0, max: 20_000 }),
			length: fc.integer({ min: 60, max: 1514 })
		});
		fc.assert(
			fc.property(
				fc.array(send, { maxLength: 40 }),
				fc.integer({ min: 0, max: 20_000 }),
				(sends, cut) => {
					const run = (clone: boolean) => {
						const r = rig({ ...CONFIG, queue: 3 });
						const sorted = [...sends].sort((a, b) => a.at - b.at);
						let cloned = false;
						for (const s of sorted) {
							while (r.events.nextCycle() <= s.at) r.events.runDue(r.events.nextCycle());
							if (clone && !cloned && s.at >= cut) {
								const snap = r.events.snapshot();
								r.state = structuredClone(r.state);
								r.events.restore(snap);
								cloned = true;
							}
							r.sw.input(
								s.from,
								frame(s.to < 0 ? BROADCAST : MACS[s.to], MACS[s.from], s.length),
								s.at
							);
						}
						r.runAll();
						return r;
					};
					const a = run(false);
					const b = run(true);
					expect(b.got).toEqual(a.got);
					expect(b.state).toEqual(a.state);
					const sentTo = a.state.recent.reduce((n, f) => n + f.to.length, 0);
					const out = a.state.ports.reduce(
						(n, p) => n + p.stats.framesOut + p.stats.drops['queue-full'],
						0
					);
					if (a.state.nextId - 1 <= 64) expect(out).toBe(sentTo);
					expect(a.state.ports.every((p) => p.queue.length === 0 && p.inFlight.length === 0)).toBe(
						true
					);
				}
			),
			{ numRuns: 150 }
		);
	});
});

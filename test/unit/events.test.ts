import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue, type DueEvent, type EventPayload } from '../../src/lib/sim/machine/events';

const drain = (q: EventQueue, now = Number.MAX_SAFE_INTEGER) => {
	const out: DueEvent[] = [];
	for (let e = q.popDue(now); e !== undefined; e = q.popDue(now)) out.push(e);
	return out;
};

describe('EventQueue ordering', () => {
	it('pops by cycle, and ties in the order they were scheduled', () => {
		const q = new EventQueue();
		q.schedule(30, 'disk', 'c');
		q.schedule(10, 'timer', 'a');
		q.schedule(30, 'uart', 'd');
		q.schedule(10, 'disk', 'b');
		q.schedule(20, 'nic', 'x');
		expect(drain(q).map((e) => [e.cycle, e.payload])).toEqual([
			[10, 'a'],
			[10, 'b'],
			[20, 'x'],
			[30, 'c'],
			[30, 'd']
		]);
	});

	it('pops only what is due, and reports the next cycle', () => {
		const q = new EventQueue();
		expect(q.nextCycle()).toBe(Infinity);
		q.schedule(100, 'timer');
		q.schedule(50, 'timer');
		expect(q.nextCycle()).toBe(50);
		expect(q.popDue(49)).toBeUndefined();
		expect(q.popDue(50)?.cycle).toBe(50);
		expect(q.popDue(99)).toBeUndefined();
		expect([q.size, q.nextCycle()]).toEqual([1, 100]);
	});

	it('cancels by handle, once', () => {
		const q = new EventQueue();
		const a = q.schedule(5, 'k', 1);
		const b = q.schedule(5, 'k', 2);
		const c = q.schedule(7, 'k', 3);
		expect(q.cancel(b)).toBe(true);
		expect(q.cancel(b)).toBe(false);
		expect(q.isPending(a)).toBe(true);
		expect(drain(q).map((e) => e.payload)).toEqual([1, 3]);
		expect(q.cancel(c)).toBe(false);
	});

	it('rejects cycles that are not non-negative safe integers', () => {
		const q = new EventQueue();
		for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 53])
			expect(() => q.schedule(bad, 'k')).toThrow(RangeError);
	});
});

describe('EventQueue dispatch', () => {
	it('runs due events through named handlers, including ones scheduled while running', () => {
		const q = new EventQueue();
		const log: string[] = [];
		q.on('tick', (p, ev, queue) => {
			log.push(`tick ${p} @${ev.cycle}`);
			if (typeof p === 'number' && p < 3) queue.schedule(ev.cycle + 5, 'tick', p + 1);
		});
		q.on('done', () => log.push('done'));
		q.schedule(0, 'tick', 1);
		q.schedule(5, 'done');
		expect(q.runDue(10)).toBe(4);
		expect(log).toEqual(['tick 1 @0', 'done', 'tick 2 @5', 'tick 3 @10']);
		expect(q.size).toBe(0);
	});

	it('throws for a kind nobody handles (a simulator bug)', () => {
		const q = new EventQueue();
		q.schedule(1, 'ghost');
		expect(() => q.runDue(1)).toThrow(/ghost/);
	});
});

describe('EventQueue snapshots', () => {
	it('restores to the same pop order, keeps handles valid, and continues the sequence', () => {
		const q = new EventQueue();
		const handles = [40, 10, 40, 20, 10].map((c, i) =>
			q.schedule(c, i % 2 ? 'a' : 'b', { i, list: [i] })
		);
		q.cancel(handles[3]);
		const snap = structuredClone(q.snapshot());
		const r = new EventQueue();
		r.restore(snap);
		// Events scheduled after the snapshot tie-break the same way in both queues.
		q.schedule(10, 'c', 'late');
		r.schedule(10, 'c', 'late');
		expect(r.cancel(handles[2])).toBe(q.cancel(handles[2]));
		const order = (x: EventQueue) => drain(x).map((e) => [e.handle, e.cycle, e.kind, e.payload]);
		expect(order(r)).toEqual(order(q));
	});

	it('copies payloads, so later mutation does not reach the snapshot', () => {
		const q = new EventQueue();
		const payload = { bytes: [1, 2, 3] };
		q.schedule(1, 'k', payload);
		const snap = q.snapshot();
		payload.bytes.push(4);
		expect(snap.events[0].payload).toEqual({ bytes: [1, 2, 3] });
	});
});

type Op =
	| { op: 'schedule'; cycle: number; kind: string; payload: EventPayload }
	| { op: 'cancel'; pick: number }
	| { op: 'pop'; now: number }
	| { op: 'snapshot' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
	{
		weight: 4,
		arbitrary: fc.record({
			op: fc.constant('schedule' as const),
			cycle: fc.integer({ min: 0, max: 40 }),
			kind: fc.constantFrom('timer', 'disk', 'uart'),
			payload: fc.oneof(fc.integer(), fc.string(), fc.constant(null))
		})
	},
	{ weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }) },
	{
		weight: 2,
		arbitrary: fc.record({ op: fc.constant('pop' as const), now: fc.integer({ min: 0, max: 45 }) })
	},
	{ weight: 1, arbitrary: fc.record({ op: fc.constant('snapshot' as const) }) }
);

describe('EventQueue properties', () => {
	it('matches a sorted-list model, and a restored copy behaves identically from then on', () => {
		fc.assert(
			fc.property(fc.array(opArb, { maxLength: 120, size: 'max' }), (ops) => {
				const q = new EventQueue();
				let copy: EventQueue | undefined;
				let model: { cycle: number; seq: number; kind: string; payload: EventPayload }[] = [];
				let seq = 0;
				const handles: number[] = [];
				for (const o of ops) {
					if (o.op === 'schedule') {
						const h = q.schedule(o.cycle, o.kind, o.payload);
						copy?.schedule(o.cycle, o.kind, o.payload);
						handles.push(h);
						model.push({ cycle: o.cycle, seq: seq++, kind: o.kind, payload: o.payload });
					} else if (o.op === 'cancel' && handles.length > 0) {
						const h = handles[o.pick % handles.length];
						const inModel = model.some((m) => m.seq === h);
						expect(q.cancel(h)).toBe(inModel);
						if (copy) expect(copy.cancel(h)).toBe(inModel);
						model = model.filter((m) => m.seq !== h);
					} else if (o.op === 'pop') {
						model.sort((a, b) => a.cycle - b.cycle || a.seq - b.seq);
						const want = model[0] && model[0].cycle <= o.now ? model.shift() : undefined;
						const got = q.popDue(o.now);
						expect(got && [got.cycle, got.handle, got.kind, got.payload]).toEqual(
							want && [want.cycle, want.seq, want.kind, want.payload]
						);
						if (copy) expect(copy.popDue(o.now)).toEqual(got);
					} else if (o.op === 'snapshot') {
						copy = new EventQueue();
						copy.restore(structuredClone(q.snapshot()));
					}
					expect(q.size).toBe(model.length);
					expect(q.nextCycle()).toBe(
						model.length ? Math.min(...model.map((m) => m.cycle)) : Infinity
					);
				}
			}),
			{ numRuns: 500 }
		);
	});
});

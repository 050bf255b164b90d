/** The step-back history: paged stores versioned page by page, component state counted at its size. */
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/lib/sim/machine/machine';
import { History } from '../../src/lib/sim/trace/history';
import { PageVersions, type PagedStore } from '../../src/lib/sim/trace/page-versions';
import { plainSize } from '../../src/lib/sim/trace/plain-size';
import { trappy } from './trace-programs';

function store(pages: number): PagedStore & { restored: number[] } {
	const u8 = new Uint8Array(pages * 4096);
	const restored: number[] = [];
	return {
		name: 'disk0',
		u8,
		i32: new Int32Array(u8.buffer),
		restored,
		pageRestored: (p) => restored.push(p)
	};
}

describe('page versions of a paged store', () => {
	it('keeps only non-zero pages that changed, and restores each checkpoint exactly', () => {
		const s = store(4);
		const v = new PageVersions(s);
		v.take(0); // all zero: nothing stored
		expect(v.bytes).toBe(0);
		s.u8[4096 + 5] = 7;
		v.take(1);
		expect(v.bytes).toBe(4096);
		s.u8[3 * 4096] = 9;
		v.take(2); // page 1 unchanged: only page 3 is new
		expect(v.bytes).toBe(2 * 4096);
		s.u8.fill(0xff);
		v.restore(1);
		expect(s.u8[4096 + 5]).toBe(7);
		expect(s.u8[3 * 4096]).toBe(0);
		expect(s.u8.reduce((a, b) => a + b, 0)).toBe(7);
		expect(s.restored.sort()).toEqual([0, 1, 2, 3]);
		v.merge(1, 2); // checkpoint 1 merged away: its page 1 version now belongs to 2
		v.restore(2);
		expect([s.u8[4096 + 5], s.u8[3 * 4096]]).toEqual([7, 9]);
		v.truncateFrom(2);
		expect(v.bytes).toBe(0);
	});
});

describe('history', () => {
	it("counts each checkpoint's state at its real size, beside the pages of every store", () => {
		const m = new Machine({ ramMiB: 1, consoleOut: () => {} });
		m.load(trappy(200));
		const h = new History<{ note: string }>(m);
		h.take(0, { note: 'start' });
		const usage = h.usage();
		const state = h.list()[0].state;
		expect(usage.state).toBe(plainSize(state) + plainSize({ note: 'start' }));
		expect(usage.state).toBeGreaterThan(500); // 32 registers and the CSRs at least
		expect(usage.ram).toBeGreaterThan(0); // the program's pages
		expect(h.bytes).toBe(usage.state + usage.ram);
		m.run(5000);
		h.take(5000, { note: 'later' });
		const before = m.snapshot();
		m.run(5000);
		h.restore(h.list()[1]);
		expect(m.snapshot()).toEqual(before);
	});

	it('a checkpoint retaken at the same position replaces the old one in the accounting too', () => {
		const m = new Machine({ ramMiB: 1, consoleOut: () => {} });
		m.load(trappy(200));
		const h = new History<null>(m);
		h.take(0, null);
		const once = h.bytes;
		h.take(0, null);
		expect(h.size).toBe(1);
		expect(h.bytes).toBe(once);
	});

	it('over the cap, checkpoints are merged away and the bytes come back under it', () => {
		const m = new Machine({ ramMiB: 1, consoleOut: () => {} });
		m.load(trappy(20_000));
		const first = new History<null>(m);
		first.take(0, null);
		const cap = first.bytes * 3;
		const h = new History<null>(m, { capBytes: cap });
		for (let i = 0; i < 20; i++) {
			h.take(i * 1000, null);
			m.run(1000);
		}
		expect(h.bytes).toBeLessThanOrEqual(cap);
		expect(h.size).toBeGreaterThanOrEqual(2);
		expect(h.list()[0].steps).toBe(0);
	});
});

describe('plainSize', () => {
	it('counts typed arrays by their bytes and walks arrays and objects', () => {
		expect(plainSize(new Uint8Array(1000))).toBeGreaterThanOrEqual(1000);
		expect(plainSize({ a: [1, 2, 3] })).toBeGreaterThan(plainSize({ a: [] }));
		expect(plainSize('abcd')).toBeGreaterThan(plainSize(''));
	});
});

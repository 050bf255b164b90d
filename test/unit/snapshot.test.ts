/**
 * Snapshots: the RAM page codec, the snapshot file format and its validation, and the property that
 * restoring a snapshot (in a fresh machine, through the file encoding) and running on gives exactly
 * the future of the run that never stopped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Machine, type MachineSnapshot } from '../../src/lib/sim/machine/machine';
import { decodePages, encodePages } from '../../src/lib/sim/trace/page-codec';
import { decodeSnapshot, encodeSnapshot, SnapshotFormatError } from '../../src/lib/sim/trace/snapshot-file';
import { trappy } from './trace-programs';

const PROGRAM = trappy(1500);

function fresh() {
	const m = new Machine({ ramMiB: 1, consoleOut: () => {} });
	m.load(PROGRAM);
	return m;
}

/** Equal machine states (RAM compared as bytes: toEqual over a MiB array takes seconds). */
function expectSameState(a: MachineSnapshot, b: MachineSnapshot): void {
	expect(sameBytes(a.ram, b.ram)).toBe(true);
	expect({ ...a, ram: null, exited: a.exited ?? null }).toEqual({
		...b,
		ram: null,
		exited: b.exited ?? null
	});
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

const finalState = (() => {
	const m = fresh();
	m.run(1e6);
	return m.snapshot();
})();

describe('RAM page codec', () => {
	it('round-trips zero, sparse, run-heavy and random pages', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.oneof(
						fc.constant('zero'),
						fc.constant('random'),
						fc.tuple(fc.nat(4095), fc.integer({ min: 0, max: 255 }), fc.nat(300))
					),
					{ minLength: 1, maxLength: 6 }
				),
				fc.integer(),
				(pages, seed) => {
					const ram = new Uint8Array(pages.length * 4096);
					let s = seed | 1;
					pages.forEach((p, i) => {
						if (p === 'random')
							for (let j = 0; j < 4096; j++)
								ram[i * 4096 + j] = (s = Math.imul(s, 48271) | 0) >>> 24;
						else if (p !== 'zero')
							ram.fill(p[1], i * 4096 + p[0], Math.min((i + 1) * 4096, i * 4096 + p[0] + p[2]));
					});
					const bytes = encodePages(ram);
					expect(sameBytes(decodePages(bytes, ram.length), ram)).toBe(true);
					expect(sameBytes(encodePages(ram), bytes)).toBe(true); // deterministic
				}
			)
		);
	});

	it('elides zero pages (a 1 MiB machine after load is a few KiB)', () => {
		const m = fresh();
		expect(encodePages(m.ram.u8).length).toBeLessThan(16 * 1024);
	});
});

describe('snapshot file', () => {
	it('round-trips a machine snapshot and the caller’s extra data', () => {
		const m = fresh();
		m.run(12_345);
		const s = m.snapshot();
		const file = decodeSnapshot(encodeSnapshot(s, { position: 7, note: 'x' }));
		expectSameState(file.state, s);
		expect(file.extra).toEqual({ position: 7, note: 'x' });
	});

	it('reads a file held in a Node Buffer that shares a pool (as readFileSync returns)', () => {
		const m = fresh();
		m.run(2000);
		const bytes = encodeSnapshot(m.snapshot());
		const pooled = Buffer.concat([Buffer.alloc(7, 1), Buffer.from(bytes), Buffer.alloc(9, 2)]);
		const state = decodeSnapshot(pooled.subarray(7, 7 + bytes.length)).state;
		expectSameState(state, m.snapshot());
		expect(Buffer.from(encodeSnapshot(state)).equals(Buffer.from(bytes))).toBe(true);
	});

	it('names the field at fault when reading a damaged file', () => {
		const good = encodeSnapshot(fresh().snapshot());
		const damaged = (edit: (b: Uint8Array) => Uint8Array) => {
			try {
				decodeSnapshot(edit(good.slice()));
			} catch (e) {
				expect(e).toBeInstanceOf(SnapshotFormatError);
				return (e as SnapshotFormatError).field;
			}
			return 'no error';
		};
		expect(damaged((b) => b.subarray(0, 10))).toBe('magic');
		expect(damaged((b) => ((b[0] = 0x58), b))).toBe('magic');
		expect(damaged((b) => ((b[16] = 9), b))).toBe('version');
		expect(damaged((b) => b.subarray(0, 100))).toBe('header');
		// The last blob loses a byte (the TLB's arrays follow RAM): its own path is named.
		expect(damaged((b) => b.subarray(0, b.length - 1))).toMatch(/^state\.\w/);
		const rewrite = (fn: (h: Record<string, never>) => void) => (b: Uint8Array) => {
			const view = new DataView(b.buffer);
			const len = view.getUint32(20, true);
			const h = JSON.parse(new TextDecoder().decode(b.subarray(24, 24 + len)));
			fn(h);
			const nh = new TextEncoder().encode(JSON.stringify(h));
			const out = new Uint8Array(24 + nh.length + b.length - 24 - len);
			out.set(b.subarray(0, 24));
			new DataView(out.buffer).setUint32(20, nh.length, true);
			out.set(nh, 24);
			out.set(b.subarray(24 + len), 24 + nh.length);
			return out;
		};
		// eslint-disable-next-line @typescript-eslint/no-explicit-any -- editing raw JSON
		type Any = any;
		expect(damaged(rewrite((h: Any) => (h.state.harts[0].x = [1, 2])))).toBe('state.harts[0].x');
		expect(damaged(rewrite((h: Any) => (h.state.harts[0].mode = 2)))).toBe('state.harts[0].mode');
		expect(damaged(rewrite((h: Any) => delete h.state.events))).toBe('state.events');
		expect(damaged(rewrite((h: Any) => (h.blobs = 3)))).toBe('blobs');
		expect(damaged(rewrite((h: Any) => (h.state.turn = { hart: 1, left: 0 })))).toBe('state.turn.hart');
		expect(damaged(rewrite((h: Any) => (h.state.turn.left = -1)))).toBe('state.turn.left');
		// A file from before the turn was machine state still loads.
		expect(damaged(rewrite((h: Any) => delete h.state.turn))).toBe('no error');
	});

	it('restoring at any point, in a fresh machine and through the file, gives the same future', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 40_000 }), (at) => {
				const a = fresh();
				a.run(at);
				const bytes = encodeSnapshot(a.snapshot());
				const b = fresh();
				b.restore(decodeSnapshot(bytes).state);
				b.run(1e6);
				expectSameState(b.snapshot(), finalState);
			}),
			{ numRuns: 25 }
		);
	});

	it('snapshot({ ram: false }) holds everything but RAM; restore(s, { ram: "kept" }) leaves RAM alone', () => {
		const m = fresh();
		m.run(9_999);
		const full = m.snapshot();
		const bare = m.snapshot({ ram: false });
		expect(bare.ram).toHaveLength(0);
		expectSameState({ ...bare, ram: full.ram }, full);
		m.run(5_000);
		const later = m.ram.u8.slice();
		// RAM stays as it is now (the caller's business); every other part goes back.
		m.restore(bare, { ram: 'kept' });
		expect(sameBytes(m.ram.u8, later)).toBe(true);
		expectSameState(m.snapshot(), { ...full, ram: later });
		// Put RAM back as History does and the machine runs the future of the snapshot.
		m.ram.u8.set(full.ram);
		for (let p = 0; p < m.ram.size / 4096; p++) m.ram.dropDecodedPage(p);
		m.run(1e6);
		expectSameState(m.snapshot(), finalState);
	});

	// The machine ends a slice when any device schedules an event sooner than the slice assumed (the
	// queue's onSooner): a split run is the same run, with no help from the session or the CLI.
	it('the bare machine gives the same future when a run is split', () => {
		const whole = fresh();
		whole.run(1e6);
		const split = fresh();
		split.run(1000);
		split.run(1e6);
		expectSameState(split.snapshot(), whole.snapshot());
	});
});

/**
 * PMP (privileged §3.7): the decoder's ranges for each address-matching mode, the lowest matching
 * entry deciding, M passing unlocked entries and bound by locked ones, and the interpreter's windows
 * onto RAM closed when an entry starts to deny a page they serve. test/programs/priv/pmp.c checks the
 * same rules against QEMU.
 */
import { describe, expect, it } from 'vitest';
import { Mode } from '../../src/lib/sim/hart/causes';
import { decodePmp, pmpAllows, PmpRanges } from '../../src/lib/sim/hart/pmp';
import { PRIV_M, PRIV_S, PRIV_U } from '../../src/lib/sim/mmu';
import { a0, a1, DATA, run } from './hart-harness';

const [FETCH, LOAD, STORE] = [0, 1, 2] as const;
const OFF = 0,
	TOR = 1 << 3,
	NA4 = 2 << 3,
	NAPOT = 3 << 3,
	L = 0x80;

function decode(entries: [cfg: number, addr: number][]): PmpRanges {
	const cfg = new Int32Array(4);
	const addr = new Int32Array(16);
	entries.forEach(([c, a], i) => {
		cfg[i >> 2] |= c << ((i & 3) * 8);
		addr[i] = a;
	});
	const out = new PmpRanges();
	decodePmp(cfg, addr, out);
	return out;
}

describe('decoding (§3.7.1.2)', () => {
	it('NAPOT sizes come from the trailing ones; all ones covers the 34-bit space and opens S/U', () => {
		const p = decode([
			[NAPOT | 7, (0x8000_0000 >>> 2) | 0x1ff], // 4 KiB
			[NAPOT | 7, -1]
		]);
		expect([p.lo[0], p.hi[0]]).toEqual([0x8000_0000, 0x8000_1000]);
		expect([p.lo[1], p.hi[1] >= 2 ** 34]).toEqual([0, true]); // 2^35 by the formula: all of it
		expect(p.openBelowM).toBe(false); // entry 0 comes first and decides its page
		expect(decode([[NAPOT | 7, -1]]).openBelowM).toBe(true);
		expect(decode([[NAPOT | 3, -1]]).openBelowM).toBe(false); // no X
	});

	it('TOR takes its base from the previous pmpaddr (0 for entry 0); an empty TOR matches nothing', () => {
		const p = decode([
			[TOR | 1, 0x1000 >>> 2],
			[OFF, 0x4000 >>> 2],
			[TOR | 1, 0x5000 >>> 2],
			[TOR | 1, 0x5000 >>> 2]
		]);
		expect(p.count).toBe(2);
		expect([p.lo[0], p.hi[0], p.lo[1], p.hi[1]]).toEqual([0, 0x1000, 0x4000, 0x5000]);
	});

	it('NA4 is one word; a lock on any active entry makes M checked', () => {
		const p = decode([[NA4 | L, 0x2000 >>> 2]]);
		expect([p.lo[0], p.hi[0], p.locked]).toEqual([0x2000, 0x2004, true]);
		expect(decode([[L, 0]]).locked).toBe(false); // locked but OFF: no entry
	});
});

describe('deciding an access (§3.7.1.3)', () => {
	const p = decode([
		[NA4, 0x2000 >>> 2], // no permission
		[NAPOT | 1, (0x2000 >>> 2) | 0x1ff], // the page around it: R
		[NAPOT | 7, -1]
	]);

	it('the lowest matching entry decides, per access type', () => {
		expect(pmpAllows(p, 0x2000, 4, LOAD, PRIV_U)).toBe(false);
		expect(pmpAllows(p, 0x2004, 4, LOAD, PRIV_U)).toBe(true);
		expect(pmpAllows(p, 0x2004, 4, STORE, PRIV_S)).toBe(false);
		expect(pmpAllows(p, 0x2004, 4, FETCH, PRIV_S)).toBe(false);
		expect(pmpAllows(p, 0x3000, 4, STORE, PRIV_U)).toBe(true);
	});

	it('an access that matches only some bytes of the deciding entry fails', () => {
		expect(pmpAllows(p, 0x1ffe, 4, LOAD, PRIV_S)).toBe(false);
		expect(pmpAllows(p, 0x2ffe, 4, LOAD, PRIV_S)).toBe(false);
	});

	it('S and U reach nothing when no entry matches; M everything unless an entry is locked', () => {
		const some = decode([[NAPOT | 7, (0x8000_0000 >>> 2) | 0x1ff]]);
		expect(pmpAllows(some, 0x9000_0000, 4, LOAD, PRIV_U)).toBe(false);
		expect(pmpAllows(some, 0x9000_0000, 4, LOAD, PRIV_M)).toBe(true);
		const locked = decode([[NAPOT | L | 1, (0x8000_0000 >>> 2) | 0x1ff]]);
		expect(pmpAllows(locked, 0x8000_0000, 4, STORE, PRIV_M)).toBe(false);
		expect(pmpAllows(locked, 0x8000_0000, 4, LOAD, PRIV_M)).toBe(true);
		expect(pmpAllows(locked, 0x9000_0000, 4, STORE, PRIV_M)).toBe(true);
	});
});

describe('the hart', () => {
	const LW = 0x0005a503; // lw a0, 0(a1)
	const PMPCFG0 = 0x3a0;
	const csrwPmpcfg0 = ((PMPCFG0 << 20) | (12 << 15) | (1 << 12) | 0x73) >>> 0; // csrw pmpcfg0, a2

	it('a U load that a window served faults once PMP denies its page, with mtval the address', () => {
		const r = run([LW, LW], { [a1]: DATA }, 1, {}, (m) => {
			m.hart.mode = Mode.User;
			m.bus.write(DATA, 4, 0x1234);
		});
		expect(r.u(a0)).toBe(0x1234);
		const h = r.m.hart;
		// Entry 0 over the data page with no permission; entry 1 stays the harness's catch-all.
		h.pmpaddr[1] = -1;
		h.pmpcfg[0] = (NAPOT | ((NAPOT | 7) << 8)) >>> 0;
		h.pmpaddr[0] = (DATA >>> 2) | 0x1ff;
		h.pmpChanged();
		r.m.run(1);
		expect([h.mcause, h.mtval >>> 0, h.mepc >>> 0, h.mode]).toEqual([5, DATA, 0x8000_0004, Mode.Machine]);
	});

	it('a locked pmpcfg byte ignores writes until reset', () => {
		const r = run([csrwPmpcfg0, csrwPmpcfg0], { 12: L | NAPOT | 7 }, 1);
		expect(r.m.hart.pmpcfg[0] & 0xff).toBe(L | NAPOT | 7);
		r.m.hart.x[12] = NAPOT | 1;
		r.m.run(1);
		expect(r.m.hart.pmpcfg[0] & 0xff).toBe(L | NAPOT | 7);
	});
});

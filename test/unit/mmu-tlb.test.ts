import { describe, expect, it } from 'vitest';
import { Tlb } from '../../src/lib/sim/mmu/tlb';
import {
	MSTATUS_MPRV,
	Mmu,
	effectivePrivilege,
	makeSatp,
	readPageTable
} from '../../src/lib/sim/mmu/translate';
import {
	ACCESS_FETCH,
	ACCESS_LOAD,
	ACCESS_STORE,
	PRIV_M,
	PRIV_S,
	PRIV_U,
	PTE_A,
	PTE_D,
	PTE_G,
	PTE_R,
	PTE_U,
	PTE_V,
	PTE_W,
	PTE_X,
	SV32,
	SV32X4,
	WalkRecord,
	formatWalkRecord
} from '../../src/lib/sim/mmu/walker';
import { FakeMemory, pte } from './mmu-fake-memory';

const LEAF = PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;

describe('TLB lookups and fills', () => {
	it('hits 4 KiB and 4 MiB entries, and counts hits and misses', () => {
		const t = new Tlb(SV32);
		expect(t.lookup(0x1234_5678, 1)).toBe(-1);
		t.fill(0x1234_5000, 1, 0, 0, LEAF, pte(0x80000, LEAF));
		t.fill(0x4000_0000, 1, 0, 1, LEAF, pte(0x80400, LEAF));
		const small = t.lookup(0x1234_5fff, 1);
		const big = t.lookup(0x403f_fffc, 1);
		expect([t.level[small], t.paddr(small, 0x1234_5fff)]).toEqual([0, 0x8000_0fff]);
		expect([t.level[big], t.paddr(big, 0x403f_fffc)]).toEqual([1, 0x807f_fffc]);
		expect(t.lookup(0x1234_6000, 1)).toBe(-1);
		expect([t.hits, t.misses, t.fills]).toEqual([2, 2, 2]);
	});

	it('matches the ASID, except for global entries, and always the VMID', () => {
		const t = new Tlb(SV32);
		t.fill(0x1000, 1, 0, 0, LEAF, pte(1, LEAF));
		t.fill(0x2000, 1, 0, 0, LEAF | PTE_G, pte(2, LEAF | PTE_G));
		expect(t.lookup(0x1000, 2)).toBe(-1);
		expect(t.lookup(0x2000, 2)).toBeGreaterThanOrEqual(0);
		expect(t.lookup(0x2000, 2, 5)).toBe(-1);
	});

	it('refilling the same page replaces its entry rather than duplicating it', () => {
		const t = new Tlb(SV32);
		const a = t.fill(0x5000, 3, 0, 0, PTE_V | PTE_R | PTE_A, 0);
		const b = t.fill(0x5000, 3, 0, 0, LEAF, 0);
		expect(b).toBe(a);
		expect(t.entries()).toHaveLength(1);
	});

	it('replaces round-robin within a set, deterministically', () => {
		const t = new Tlb(SV32, {
			levels: [
				{ sets: 2, ways: 2 },
				{ sets: 1, ways: 1 }
			]
		});
		// pages 0, 2, 4, 6 all fall in set 0
		const e = [0, 2, 4, 6].map((p) => t.fill(p * 4096, 0, 0, 0, LEAF, 0));
		expect(e).toEqual([0, 1, 0, 1]);
		expect(t.lookup(0, 0)).toBe(-1);
		expect(t.lookup(4 * 4096, 0)).toBe(0);
		expect(t.evictions).toBe(2);
	});

	it('keeps Sv32x4 tags for addresses above 4 GiB', () => {
		const t = new Tlb(SV32X4);
		t.fill(0x3_0000_5000, 0, 0, 0, LEAF, pte(0x90000, LEAF));
		expect(t.lookup(0x0000_5000, 0)).toBe(-1);
		expect(t.paddr(t.lookup(0x3_0000_5123, 0), 0x3_0000_5123)).toBe(0x9000_0123);
	});

	it('snapshots and restores', () => {
		const t = new Tlb(SV32);
		t.fill(0x7000, 4, 0, 0, LEAF, pte(7, LEAF));
		const snap = structuredClone(t.snapshot());
		t.flushAll();
		expect(t.lookup(0x7000, 4)).toBe(-1);
		t.restore(snap);
		expect(t.paddr(t.lookup(0x7000, 4), 0x7004)).toBe(0x7004);
	});
});

describe('SFENCE.VMA semantics (§4.2.1), with global entries', () => {
	// Entries: page A in ASIDs 1 and 2, global page G, megapage M in ASID 1, page B in ASID 1.
	const A = 0x0001_0000;
	const B = 0x0002_0000;
	const G = 0x0003_0000;
	const M = 0x4000_0000;
	function filled(): Tlb {
		const t = new Tlb(SV32);
		t.fill(A, 1, 0, 0, LEAF, 0);
		t.fill(A, 2, 0, 0, LEAF, 0);
		t.fill(G, 1, 0, 0, LEAF | PTE_G, 0);
		t.fill(M, 1, 0, 1, LEAF, 0);
		t.fill(B, 1, 0, 0, LEAF, 0);
		return t;
	}
	const present = (t: Tlb) =>
		[
			[A, 1],
			[A, 2],
			[G, 7],
			[M + 0x1234, 1],
			[B, 1]
		].map(([va, asid]) => t.lookup(va, asid) >= 0);

	it('rs1=x0, rs2=x0: flushes everything, globals included', () => {
		const t = filled();
		expect(t.sfenceVma(undefined, undefined)).toBe(5);
		expect(present(t)).toEqual([false, false, false, false, false]);
	});

	it('rs1=x0, rs2=asid: flushes that ASID’s non-global entries only', () => {
		const t = filled();
		t.sfenceVma(undefined, 1);
		expect(present(t)).toEqual([false, true, true, false, false]);
	});

	it('rs1=va, rs2=x0: flushes that page in every address space, globals included', () => {
		const t = filled();
		t.sfenceVma(A + 0x123, undefined);
		expect(present(t)).toEqual([false, false, true, true, true]);
		t.sfenceVma(G, undefined);
		expect(present(t)).toEqual([false, false, false, true, true]);
	});

	it('rs1=va, rs2=x0: an address inside a megapage flushes the megapage', () => {
		const t = filled();
		t.sfenceVma(M + 0x3f_f000, undefined);
		expect(present(t)).toEqual([true, true, true, false, true]);
	});

	it('rs1=va, rs2=asid: flushes that page in that ASID, never a global entry', () => {
		const t = filled();
		t.sfenceVma(A, 2);
		expect(present(t)).toEqual([true, false, true, true, true]);
		t.sfenceVma(G, 1);
		expect(present(t)).toEqual([true, false, true, true, true]);
	});
});

/** translate's answer as one value: the physical address, or `fault <cause>`. */
function answer(mmu: Mmu, ...args: Parameters<Mmu['translate']>): number | string {
	const cause = mmu.translate(...args);
	return cause === 0 ? mmu.paddr : `fault ${cause}`;
}

describe('Mmu.translate', () => {
	const ROOT = 0x80000;
	const L0 = 0x80001;
	const satp = makeSatp(1, ROOT);
	function memory(leafFlags: number): FakeMemory {
		const m = new FakeMemory();
		m.set(ROOT * 4096 + 4, pte(L0, PTE_V));
		m.set(L0 * 4096 + 8, pte(0x80123, leafFlags));
		return m;
	}
	const VA = 0x0040_2abc;

	it('is the identity in M-mode and with satp.MODE = Bare, and never walks then', () => {
		const m = new FakeMemory();
		const mmu = new Mmu(m);
		expect(answer(mmu, 0xdead_beef | 0, ACCESS_LOAD, PRIV_M, satp, false, false)).toBe(0xdead_beef);
		expect(answer(mmu, 0x1234, ACCESS_STORE, PRIV_U, makeSatp(1, ROOT) & 0x7fff_ffff, false, false)).toBe(
			0x1234
		);
		expect(m.reads).toBe(0);
	});

	it('walks once, then hits the TLB', () => {
		const m = memory(LEAF);
		const mmu = new Mmu(m);
		expect(answer(mmu, VA, ACCESS_LOAD, PRIV_S, satp, false, false)).toBe(0x80123abc);
		expect(answer(mmu, VA + 4, ACCESS_STORE, PRIV_S, satp, false, false)).toBe(0x80123ac0);
		expect([m.reads, mmu.walks, mmu.tlb?.hits, mmu.tlb?.misses]).toEqual([2, 1, 1, 1]);
	});

	it('returns the cause for faults, 0 for success', () => {
		const mmu = new Mmu(memory(PTE_V | PTE_R | PTE_A));
		expect(mmu.translate(VA, ACCESS_STORE, PRIV_S, satp, false, false)).toBe(15);
		expect(mmu.faults).toBe(1);
		expect(mmu.translate(VA, ACCESS_LOAD, PRIV_S, satp, false, false)).toBe(0);
		expect(mmu.paddr).toBe(0x80123abc);
	});

	it('re-checks permissions on a hit: a cached leaf does not grant what the PTE denies', () => {
		const mmu = new Mmu(memory(LEAF | PTE_U));
		expect(answer(mmu, VA, ACCESS_LOAD, PRIV_U, satp, false, false)).toBe(0x80123abc);
		expect(answer(mmu, VA, ACCESS_LOAD, PRIV_S, satp, false, false)).toBe('fault 13');
		expect(answer(mmu, VA, ACCESS_LOAD, PRIV_S, satp, true, false)).toBe(0x80123abc);
		expect(answer(mmu, VA, ACCESS_FETCH, PRIV_S, satp, true, false)).toBe('fault 12');
	});

	it("'hardware' A/D: a store after a load re-walks to set D, then hits", () => {
		const m = memory(PTE_V | PTE_R | PTE_W);
		const mmu = new Mmu(m, { adMode: 'hardware' });
		mmu.translate(VA, ACCESS_LOAD, PRIV_S, satp, false, false);
		expect(m.get(L0 * 4096 + 8) & (PTE_A | PTE_D)).toBe(PTE_A);
		mmu.translate(VA, ACCESS_STORE, PRIV_S, satp, false, false);
		expect(m.get(L0 * 4096 + 8) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
		mmu.translate(VA, ACCESS_STORE, PRIV_S, satp, false, false);
		expect(mmu.walks).toBe(2);
	});

	it("'fault' A/D: a store to a cached clean page faults", () => {
		const mmu = new Mmu(memory(PTE_V | PTE_R | PTE_W | PTE_A), { adMode: 'fault' });
		expect(answer(mmu, VA, ACCESS_LOAD, PRIV_S, satp, false, false)).toBe(0x80123abc);
		expect(answer(mmu, VA, ACCESS_STORE, PRIV_S, satp, false, false)).toBe('fault 15');
	});

	it('keeps stale translations until SFENCE.VMA, as hardware may', () => {
		const m = memory(LEAF);
		const mmu = new Mmu(m);
		mmu.translate(VA, ACCESS_LOAD, PRIV_S, satp, false, false);
		m.set(L0 * 4096 + 8, pte(0x80999, LEAF));
		expect(answer(mmu, VA, ACCESS_LOAD, PRIV_S, satp, false, false)).toBe(0x80123abc);
		mmu.sfenceVma(VA, 1);
		expect(answer(mmu, VA, ACCESS_LOAD, PRIV_S, satp, false, false)).toBe(0x80999abc);
	});

	it('snapshots and restores its TLB and counters; a restore also resets the last-translation cache', () => {
		const m = memory(LEAF);
		const mmu = new Mmu(m);
		mmu.translate(VA, ACCESS_LOAD, PRIV_S, satp, false, false);
		const snap = structuredClone(mmu.snapshot());
		m.set(L0 * 4096 + 8, pte(0x80999, LEAF));
		mmu.sfenceVma(undefined, undefined);
		expect(answer(mmu, VA, ACCESS_LOAD, PRIV_S, satp, false, false)).toBe(0x80999abc);
		mmu.restore(snap);
		// The restored TLB still holds the old leaf, which the hardware may keep using until SFENCE.VMA.
		expect(answer(mmu, VA, ACCESS_LOAD, PRIV_S, satp, false, false)).toBe(0x80123abc);
		expect([mmu.walks, mmu.tlb?.ppn(mmu.tlb.lookup(VA, 1))]).toEqual([1, 0x80123]);
	});

	it('records walks when asked, and reports each to onWalk', () => {
		const mmu = new Mmu(memory(LEAF), { tlb: null });
		const seen: number[] = [];
		mmu.record = new WalkRecord();
		mmu.onWalk = (r) => seen.push(r.steps.length);
		mmu.translate(VA, ACCESS_LOAD, PRIV_S, satp, false, false);
		mmu.translate(0x0080_0000, ACCESS_LOAD, PRIV_S, satp, false, false);
		expect(seen).toEqual([2, 1]);
	});
});

describe('effectivePrivilege (MPRV, §3.1.6.3)', () => {
	const mppS = (PRIV_S << 11) | MSTATUS_MPRV;
	it('uses MPP for loads and stores when MPRV=1, never for fetches', () => {
		expect(effectivePrivilege(PRIV_M, mppS, ACCESS_LOAD)).toBe(PRIV_S);
		expect(effectivePrivilege(PRIV_M, mppS, ACCESS_STORE)).toBe(PRIV_S);
		expect(effectivePrivilege(PRIV_M, mppS, ACCESS_FETCH)).toBe(PRIV_M);
		expect(effectivePrivilege(PRIV_M, PRIV_U << 11, ACCESS_LOAD)).toBe(PRIV_M);
		expect(effectivePrivilege(PRIV_M, (PRIV_U << 11) | MSTATUS_MPRV, ACCESS_STORE)).toBe(PRIV_U);
	});
});

describe('formatWalkRecord', () => {
	it('prints one line per walk for --mem-trace', () => {
		const m = new FakeMemory();
		m.set(0x80000 * 4096 + 4, pte(0x80001, PTE_V));
		m.set(0x80001 * 4096 + 8, pte(0x80123, PTE_V | PTE_R | PTE_W));
		const mmu = new Mmu(m, { tlb: null });
		const lines: string[] = [];
		mmu.record = new WalkRecord();
		mmu.onWalk = (r) => lines.push(formatWalkRecord(r));
		mmu.translate(0x0040_2abc, ACCESS_STORE, PRIV_S, makeSatp(1, 0x80000), false, false);
		mmu.translate(0x0040_2abc, ACCESS_FETCH, PRIV_U, makeSatp(1, 0x80000), false, false);
		expect(lines).toEqual([
			'Sv32 store S va=0x00402abc: L1 [0x080000004]=0x20000401 -------v next; ' +
				'L0 [0x080001008]=0x20048c07 -----wrv leaf A/D 0x20048c07→0x20048cc7; pa=0x080123abc',
			'Sv32 fetch U va=0x00402abc: L1 [0x080000004]=0x20000401 -------v next; ' +
				'L0 [0x080001008]=0x20048cc7 da---wrv permission; fault cause 12 (permission)'
		]);
	});
});

describe('readPageTable', () => {
	it('lists every valid leaf with its va range, pa, perms and level', () => {
		const m = new FakeMemory();
		const root = 0x80000;
		m.set(root * 4096 + 1 * 4, pte(0x80001, PTE_V | PTE_G));
		m.set(0x80001 * 4096 + 2 * 4, pte(0x80123, PTE_V | PTE_R | PTE_A));
		m.set(0x80001 * 4096 + 3 * 4, pte(0x80124, PTE_V | PTE_W)); // reserved: skipped
		m.set(root * 4096 + 0x200 * 4, pte(0x80400, PTE_V | PTE_R | PTE_X | PTE_U));
		m.set(root * 4096 + 0x201 * 4, pte(0x80401, PTE_V | PTE_R));
		m.set(root * 4096 + 0x202 * 4, pte(0x80002, PTE_V)); // pointer to an empty table
		const maps = readPageTable((a) => m.readPte(a), root);
		expect(maps.map((p) => [p.va, p.size, p.paddr, p.level, p.flags, p.misaligned])).toEqual([
			[0x0040_2000, 4096, 0x80123000, 0, '-ag---rv', false],
			[0x8000_0000, 4 << 20, 0x80400000, 1, '---ux-rv', false],
			[0x8040_0000, 4 << 20, 0x80401000, 1, '------rv', true]
		]);
	});
});

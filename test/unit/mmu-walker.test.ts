import { describe, expect, it } from 'vitest';
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
	defineScheme,
	pageWalk,
	type Access,
	type AdMode,
	type Privilege,
	type WalkRequest
} from '../../src/lib/sim/mmu/walker';
import { FakeMemory, pte } from './mmu-fake-memory';

const ROOT = 0x80000; // root table at 0x8000_0000
const L0 = 0x80001; // second-level table at 0x8000_1000
const AD = PTE_A | PTE_D;
const RWX = PTE_R | PTE_W | PTE_X;

function request(mem: FakeMemory, over: Partial<WalkRequest> = {}): WalkRequest {
	return {
		scheme: SV32,
		rootPpn: ROOT,
		priv: PRIV_S,
		sum: false,
		mxr: false,
		adMode: 'fault',
		memory: mem,
		...over
	};
}

/** Maps va 0x0040_2000 (vpn1 = 1, vpn0 = 2) through L0 to a leaf with the given flags. */
function fourK(leafFlags: number, ppn = 0x80123): FakeMemory {
	const m = new FakeMemory();
	m.set(ROOT * 4096 + 1 * 4, pte(L0, PTE_V));
	m.set(L0 * 4096 + 2 * 4, pte(ppn, leafFlags));
	return m;
}
const VA = 0x0040_2abc;

describe('Sv32 walk: successful translations', () => {
	it('translates a 4 KiB page and reports the leaf', () => {
		const r = pageWalk(request(fourK(PTE_V | RWX | AD)), VA, ACCESS_LOAD);
		expect(r).toEqual({
			ok: true,
			paddr: 0x80123abc,
			pte: pte(0x80123, PTE_V | RWX | AD),
			pteAddr: L0 * 4096 + 8,
			level: 0,
			pageSize: 4096,
			perms: PTE_V | RWX | AD
		});
	});

	it('translates a 4 MiB megapage: pa.ppn[0] comes from va.vpn[0]', () => {
		const m = new FakeMemory();
		m.set(ROOT * 4096 + 0x203 * 4, pte(0x80400, PTE_V | PTE_R | AD));
		const r = pageWalk(request(m), 0x80c1_2345, ACCESS_LOAD);
		expect(r.ok && [r.paddr, r.level, r.pageSize]).toEqual([0x80412345, 1, 4 << 20]);
	});

	it('forms 34-bit physical addresses from a 22-bit PPN', () => {
		const r = pageWalk(request(fourK(PTE_V | PTE_R | AD, 0x3fffff)), VA, ACCESS_LOAD);
		expect(r.ok && r.paddr).toBe(0x3_ffff_fabc);
	});

	it('takes a negative int32 va as unsigned', () => {
		const m = new FakeMemory();
		m.set(ROOT * 4096 + 0x3ff * 4, pte(0x80000, PTE_V | PTE_R | AD));
		const r = pageWalk(request(m), 0xffc0_0010 | 0, ACCESS_LOAD);
		expect(r.ok && r.paddr).toBe(0x8000_0010);
	});

	it('propagates G from a pointer PTE to the leaf (§4.3.1)', () => {
		const m = fourK(PTE_V | PTE_R | AD);
		m.set(ROOT * 4096 + 4, pte(L0, PTE_V | PTE_G));
		const r = pageWalk(request(m), VA, ACCESS_LOAD);
		expect(r.ok && r.perms & PTE_G).toBe(PTE_G);
	});
});

const CAUSE = { page: [12, 13, 15], access: [1, 5, 7] };
const ACCESSES: Access[] = [ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE];

describe('Sv32 walk: faults, one per rule, for each access type', () => {
	const cases: [string, () => FakeMemory, number, 'page' | 'access', string][] = [
		['root PTE invalid (V=0)', () => new FakeMemory(), 1, 'page', 'invalid'],
		['leaf PTE invalid (V=0)', () => fourK(RWX | AD), 0, 'page', 'invalid'],
		['W=1 R=0 at the root is reserved', () => {
			const m = new FakeMemory();
			m.set(ROOT * 4096 + 4, pte(L0, PTE_V | PTE_W));
			return m;
		}, 1, 'page', 'reserved-wx'],
		['W=1 R=0 at a leaf is reserved, even with X', () => fourK(PTE_V | PTE_W | PTE_X | AD), 0, 'page', 'reserved-wx'],
		['a pointer at level 0 (no leaf)', () => fourK(PTE_V), 0, 'page', 'no-leaf'],
		['misaligned superpage', () => {
			const m = new FakeMemory();
			m.set(ROOT * 4096 + 4, pte(0x80401, PTE_V | RWX | AD));
			return m;
		}, 1, 'page', 'misaligned-superpage'],
		['root PTE read fails PMA/PMP', () => {
			const m = fourK(PTE_V | RWX | AD);
			m.noRead.add(ROOT);
			return m;
		}, 1, 'access', 'pte-read-fault'],
		['leaf PTE read fails PMA/PMP', () => {
			const m = fourK(PTE_V | RWX | AD);
			m.noRead.add(L0);
			return m;
		}, 0, 'access', 'pte-read-fault']
	]; // prettier-ignore
	for (const [name, build, level, kind, reason] of cases) {
		it(name, () => {
			for (const access of ACCESSES) {
				const r = pageWalk(request(build()), VA, access);
				expect(r).toEqual({ ok: false, cause: CAUSE[kind][access], tval: VA, level, reason });
			}
		});
	}

	it('checks permissions before superpage alignment (step 5 before step 6)', () => {
		const m = new FakeMemory();
		m.set(ROOT * 4096 + 4, pte(0x80401, PTE_V | PTE_R | AD));
		const r = pageWalk(request(m), VA, ACCESS_STORE);
		expect(!r.ok && r.reason).toBe('permission');
	});
});

describe('Sv32 walk: permission rules (step 5)', () => {
	// [leaf flags, access, priv, sum, mxr, allowed]
	const F: [string, number, Access, Privilege, boolean, boolean, boolean][] = [
		['fetch needs X', PTE_R | PTE_W, ACCESS_FETCH, PRIV_S, false, false, false],
		['fetch from X', PTE_X, ACCESS_FETCH, PRIV_S, false, false, true],
		['load needs R', PTE_X, ACCESS_LOAD, PRIV_S, false, false, false],
		['load from R', PTE_R, ACCESS_LOAD, PRIV_S, false, false, true],
		['MXR lets loads read X-only pages', PTE_X, ACCESS_LOAD, PRIV_S, false, true, true],
		['MXR does not make X-only pages writable', PTE_X, ACCESS_STORE, PRIV_S, false, true, false],
		['store needs W', PTE_R | PTE_X, ACCESS_STORE, PRIV_S, false, false, false],
		['store to RW', PTE_R | PTE_W, ACCESS_STORE, PRIV_S, false, false, true],
		['U-mode may not touch a U=0 page', RWX, ACCESS_LOAD, PRIV_U, true, false, false],
		['U-mode may not fetch from a U=0 page', RWX, ACCESS_FETCH, PRIV_U, false, false, false],
		['U-mode may use a U=1 page', RWX | PTE_U, ACCESS_STORE, PRIV_U, false, false, true],
		['U-mode fetch from U=1 X page', PTE_X | PTE_U, ACCESS_FETCH, PRIV_U, false, false, true],
		['S-mode may not load from a U=1 page without SUM', RWX | PTE_U, ACCESS_LOAD, PRIV_S, false, false, false],
		['S-mode may not store to a U=1 page without SUM', RWX | PTE_U, ACCESS_STORE, PRIV_S, false, false, false],
		['SUM lets S-mode load from a U=1 page', PTE_R | PTE_U, ACCESS_LOAD, PRIV_S, true, false, true],
		['SUM lets S-mode store to a U=1 page', PTE_R | PTE_W | PTE_U, ACCESS_STORE, PRIV_S, true, false, true],
		['S-mode never executes a U=1 page, even with SUM', RWX | PTE_U, ACCESS_FETCH, PRIV_S, true, false, false],
		['SUM and MXR together: S loads a U=1 X-only page', PTE_X | PTE_U, ACCESS_LOAD, PRIV_S, true, true, true],
		['MXR alone does not open U=1 pages to S', PTE_X | PTE_U, ACCESS_LOAD, PRIV_S, false, true, false],
		['SUM does not matter to U-mode', PTE_R, ACCESS_LOAD, PRIV_U, true, false, false],
		['an M-mode effective privilege is checked as S', PTE_R | PTE_U, ACCESS_LOAD, PRIV_M, false, false, false]
	]; // prettier-ignore
	for (const [name, flags, access, priv, sum, mxr, allowed] of F) {
		it(name, () => {
			const r = pageWalk(request(fourK(PTE_V | AD | flags), { priv, sum, mxr }), VA, access);
			expect(r.ok).toBe(allowed);
			if (!r.ok) expect([r.cause, r.reason]).toEqual([CAUSE.page[access], 'permission']);
		});
	}
});

describe('Sv32 walk: A and D bits (step 7)', () => {
	const walk = (flags: number, access: Access, adMode: AdMode, mem = fourK(PTE_V | RWX | flags)) => ({
		mem,
		r: pageWalk(request(mem, { adMode }), VA, access)
	});

	it("'fault' mode: A=0 faults for every access type", () => {
		for (const access of ACCESSES) {
			const { r, mem } = walk(PTE_D, access, 'fault');
			expect(r).toMatchObject({ ok: false, cause: CAUSE.page[access], reason: 'accessed-dirty' });
			expect(mem.writes).toEqual([]);
		}
	});

	it("'fault' mode: a store to a D=0 page faults; loads and fetches do not", () => {
		expect(walk(PTE_A, ACCESS_STORE, 'fault').r).toMatchObject({ ok: false, cause: 15 });
		expect(walk(PTE_A, ACCESS_LOAD, 'fault').r.ok).toBe(true);
		expect(walk(PTE_A, ACCESS_FETCH, 'fault').r.ok).toBe(true);
	});

	it("'hardware' mode: a load sets A only, and the PTE write is made", () => {
		const { r, mem } = walk(0, ACCESS_LOAD, 'hardware');
		const after = pte(0x80123, PTE_V | RWX | PTE_A);
		expect(r.ok && r.pte).toBe(after);
		expect(mem.writes).toEqual([{ addr: L0 * 4096 + 8, value: after }]);
	});

	it("'hardware' mode: a store sets A and D", () => {
		const { r, mem } = walk(PTE_A, ACCESS_STORE, 'hardware');
		expect(r.ok && r.perms & AD).toBe(AD);
		expect(mem.get(L0 * 4096 + 8)).toBe(pte(0x80123, PTE_V | RWX | AD));
	});

	it("'hardware' mode: no write when A and D are already set", () => {
		expect(walk(AD, ACCESS_STORE, 'hardware').mem.writes).toEqual([]);
	});

	it("'hardware' mode: a PTE write failing PMA/PMP is an access fault", () => {
		const mem = fourK(PTE_V | RWX);
		mem.noWrite.add(L0);
		expect(walk(0, ACCESS_STORE, 'hardware', mem).r).toMatchObject({
			ok: false,
			cause: 7,
			reason: 'pte-write-fault'
		});
		expect(walk(0, ACCESS_LOAD, 'hardware', mem).r).toMatchObject({ ok: false, cause: 5 });
		expect(walk(0, ACCESS_FETCH, 'hardware', mem).r).toMatchObject({ ok: false, cause: 1 });
	});
});

describe('walk records', () => {
	it('lists each PTE read, the decision, and the A/D write', () => {
		const rec = new WalkRecord();
		pageWalk(request(fourK(PTE_V | RWX), { adMode: 'hardware' }), VA, ACCESS_STORE, rec);
		expect(rec.toJSON()).toEqual({
			scheme: 'Sv32',
			va: VA,
			access: ACCESS_STORE,
			priv: PRIV_S,
			rootPpn: ROOT,
			steps: [
				{
					level: 1,
					tableAddr: ROOT * 4096,
					index: 1,
					pteAddr: ROOT * 4096 + 4,
					pte: pte(L0, PTE_V),
					decision: 'next',
					adWrite: null
				},
				{
					level: 0,
					tableAddr: L0 * 4096,
					index: 2,
					pteAddr: L0 * 4096 + 8,
					pte: pte(0x80123, PTE_V | RWX),
					decision: 'leaf',
					adWrite: {
						before: pte(0x80123, PTE_V | RWX),
						after: pte(0x80123, PTE_V | RWX | AD),
						ok: true
					}
				}
			],
			ok: true,
			paddr: 0x80123abc,
			perms: PTE_V | RWX | AD,
			cause: 0,
			reason: null
		});
		expect(rec.memoryReads).toBe(2);
	});

	it('records the fault, and is reset by the next walk', () => {
		const rec = new WalkRecord();
		const m = fourK(PTE_V | RWX | AD);
		m.noRead.add(L0);
		pageWalk(request(m), VA, ACCESS_LOAD, rec);
		expect(rec.steps.map((s) => [s.level, s.pte === null, s.decision])).toEqual([
			[1, false, 'next'],
			[0, true, 'pte-read-fault']
		]);
		expect([rec.ok, rec.cause, rec.reason, rec.isPageFault]).toEqual([false, 5, 'pte-read-fault', false]);
		pageWalk(request(new FakeMemory()), VA, ACCESS_FETCH, rec);
		expect(rec.steps.map((s) => s.decision)).toEqual(['invalid']);
		expect([rec.cause, rec.isPageFault]).toEqual([12, true]);
	});

	it('a walk without a record reads only PTEs and allocates no record', () => {
		const m = fourK(PTE_V | RWX | AD);
		pageWalk(request(m), VA, ACCESS_LOAD);
		expect(m.reads).toBe(2);
	});
});

describe('Sv32x4 (hypervisor G-stage, §8.5.1)', () => {
	it('has a 16 KiB root table and a 12-bit VPN[1], translating 34-bit addresses', () => {
		expect(SV32X4.rootPages).toBe(4);
		expect(SV32X4.vpnBits).toEqual([10, 12]);
		expect(SV32X4.vaBits).toBe(34);
		expect(SV32.vaBits).toBe(32);
	});

	it('indexes the root with gpa[33:22], reaching into its fourth page', () => {
		const m = new FakeMemory();
		const root = 0x80004; // 16 KiB aligned
		const gpa = 0x3_0040_2abc; // vpn1 = 0xc01, vpn0 = 2
		m.set(root * 4096 + 0xc01 * 4, pte(L0, PTE_V));
		m.set(L0 * 4096 + 8, pte(0x90000, PTE_V | PTE_R | PTE_U | AD));
		const rec = new WalkRecord();
		const r = pageWalk(
			request(m, { scheme: SV32X4, rootPpn: root, priv: PRIV_U }),
			gpa,
			ACCESS_LOAD,
			rec
		);
		expect(r.ok && r.paddr).toBe(0x90000abc);
		expect(rec.steps[0].pteAddr).toBe(root * 4096 + 0x3004);
		expect(rec.scheme).toBe('Sv32x4');
	});

	it('maps 4 MiB megapages above 4 GiB of guest physical space', () => {
		const m = new FakeMemory();
		m.set(0x80004 * 4096 + 0xfff * 4, pte(0x80400, PTE_V | PTE_R | PTE_U | AD));
		const r = pageWalk(request(m, { scheme: SV32X4, rootPpn: 0x80004, priv: PRIV_U }), 0x3_ffff_ffff, 1);
		expect(r.ok && r.paddr).toBe(0x807fffff);
	});

	it('faults on addresses of 34 bits or more', () => {
		const r = pageWalk(request(new FakeMemory(), { scheme: SV32X4 }), 2 ** 34, ACCESS_STORE);
		expect(r).toMatchObject({ ok: false, cause: 15, reason: 'address-range' });
	});

	it('differs from Sv32 only by the root width: the same tables give the same answer below 4 GiB', () => {
		const m = fourK(PTE_V | RWX | PTE_U | AD);
		const a = pageWalk(request(m, { priv: PRIV_U }), VA, ACCESS_LOAD);
		const b = pageWalk(request(m, { priv: PRIV_U, scheme: SV32X4 }), VA, ACCESS_LOAD);
		expect(b).toEqual(a);
	});

	it('rejects a scheme whose root size disagrees with its top VPN width', () => {
		expect(() =>
			defineScheme({
				name: 'bad',
				levels: 2,
				pteSize: 4,
				pageShift: 12,
				vpnBits: [10, 12],
				ppnBits: [10, 12],
				rootPages: 1
			})
		).toThrow(/root VPN width/);
	});
});

/**
 * Property: an MMU with a TLB gives the same answers as an MMU without one (every access walks), over
 * random sequences of accesses, PTE updates each followed by an SFENCE.VMA that §4.2.1 says suffices, and
 * spurious flushes — and both leave the page tables (A/D bits) identical.
 *
 * Address spaces: ASIDs 1..3, each with its own root. Root entries 0..3 are private (no G anywhere below
 * them); root entries 0x200 and 0x201 are the same in every root and point to two shared tables, whose
 * leaves may be global, so a global mapping is the same in every address space, as §4.3.1 requires.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Mmu, makeSatp } from '../../src/lib/sim/mmu/translate';
import { PTE_G, PTE_R, PTE_V, PTE_W, PTE_X, type Access, type Privilege } from '../../src/lib/sim/mmu/walker';
import type { TlbConfig } from '../../src/lib/sim/mmu/tlb';
import { FakeMemory } from './mmu-fake-memory';

const ASIDS = [1, 2, 3];
const ROOTS = [0x80010, 0x80011, 0x80012];
const PRIVATE_TABLES = [0x80020, 0x80021, 0x80022, 0x80023];
const SHARED_TABLES = [0x80030, 0x80031];
const SHARED_INDEX = [0x200, 0x201];
const PRIVATE_INDEX = [0, 1, 2, 3];
const SLOTS = 8;

const isPointer = (p: number) => (p & PTE_V) !== 0 && (p & (PTE_R | PTE_W | PTE_X)) === 0;

/** A fence: [va or undefined for x0, asid or undefined for x0]. */
type Fence = [number | undefined, number | undefined];

/** The SFENCE.VMA forms that suffice after changing a PTE that `va` in `asid` was translated through. */
function sufficientFences(va: number, asid: number, global: boolean, nonLeaf: boolean): Fence[] {
	// §4.2.1: a modified non-leaf PTE needs rs1=x0; a global translation needs rs2=x0.
	const forms: Fence[] = [[undefined, undefined]];
	if (!global) forms.push([undefined, asid]);
	if (!nonLeaf) {
		forms.push([va, undefined]);
		if (!global) forms.push([va, asid]);
	}
	return forms;
}

const leafFlags = fc.oneof(
	fc.integer({ min: 0, max: 255 }).map((f) => f | PTE_V),
	fc.constantFrom(0xcf, 0xdf, 0xc3, 0xd7, 0xdb, 0x4b, 0x47, 0x07, 0xff, 0xef)
);
const anyFlags = fc.integer({ min: 0, max: 255 });
const ppn = fc.oneof(fc.integer({ min: 0, max: 0x3fffff }), fc.constantFrom(0x80400, 0x80000, 0x80001));

const op = fc.oneof(
	{
		weight: 6,
		arbitrary: fc.record({
			kind: fc.constant('access' as const),
			/** Non-zero: touch one of the last few pages again, so the TLB gets hits. */
			reuse: fc.nat(4),
			space: fc.nat(ASIDS.length - 1),
			vpn1: fc.constantFrom(...PRIVATE_INDEX, ...SHARED_INDEX),
			vpn0: fc.nat(SLOTS - 1),
			offset: fc.nat(4095),
			access: fc.constantFrom<Access>(0, 1, 2),
			priv: fc.constantFrom<Privilege>(0, 1),
			sum: fc.boolean(),
			mxr: fc.boolean()
		})
	},
	{
		weight: 2,
		arbitrary: fc.record({
			kind: fc.constant('root' as const),
			/** Non-zero: change the PTE a recently used page was translated through. */
			target: fc.nat(2),
			space: fc.nat(ASIDS.length - 1),
			index: fc.constantFrom(...PRIVATE_INDEX),
			shape: fc.constantFrom('invalid', 'pointer', 'pointer', 'pointer', 'mega'),
			table: fc.nat(PRIVATE_TABLES.length - 1),
			flags: fc.oneof(leafFlags, anyFlags),
			ppn,
			fence: fc.nat()
		})
	},
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant('leaf' as const),
			target: fc.nat(2),
			shared: fc.boolean(),
			table: fc.nat(PRIVATE_TABLES.length - 1),
			slot: fc.nat(SLOTS - 1),
			flags: fc.oneof({ weight: 4, arbitrary: leafFlags }, { weight: 1, arbitrary: anyFlags }),
			ppn,
			fence: fc.nat()
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('flush' as const),
			va: fc.option(fc.integer({ min: 0, max: 0xffff_ffff })),
			asid: fc.option(fc.constantFrom(...ASIDS))
		})
	}
);

const rootInit = fc.record({
	kind: fc.constant('root' as const),
	target: fc.constant(0),
	shape: fc.constantFrom('invalid', 'pointer', 'pointer', 'pointer', 'mega'),
	table: fc.nat(PRIVATE_TABLES.length - 1),
	flags: fc.oneof(leafFlags, anyFlags),
	ppn,
	fence: fc.nat()
});
const leafInit = fc.record({
	kind: fc.constant('leaf' as const),
	target: fc.constant(0),
	flags: fc.oneof({ weight: 4, arbitrary: leafFlags }, { weight: 1, arbitrary: anyFlags }),
	ppn,
	fence: fc.nat()
});

const configs: TlbConfig[] = [
	{
		levels: [
			{ sets: 1, ways: 1 },
			{ sets: 1, ways: 1 }
		]
	},
	{
		levels: [
			{ sets: 2, ways: 2 },
			{ sets: 1, ways: 2 }
		]
	},
	{
		levels: [
			{ sets: 16, ways: 4 },
			{ sets: 2, ways: 4 }
		]
	}
];

describe('TLB + walker equals walker alone', () => {
	it('for random accesses, PTE updates with sufficient SFENCE.VMA, and flushes', () => {
		let hits = 0;
		let translated = 0;
		fc.assert(
			fc.property(
				fc.constantFrom(...configs),
				fc.constantFrom<'hardware' | 'fault'>('hardware', 'fault'),
				fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
				fc.array(op, { minLength: 1, maxLength: 80, size: 'max' }),
				// Initial contents: every private root entry, then every slot of every table.
				fc.array(rootInit, { minLength: 12, maxLength: 12 }),
				fc.array(leafInit, { minLength: 48, maxLength: 48 }),
				(config, adMode, sharedPointerG, ops, roots, leaves) => {
					const memA = new FakeMemory();
					for (let s = 0; s < ROOTS.length; s++) {
						for (let k = 0; k < SHARED_INDEX.length; k++) {
							const p =
								((SHARED_TABLES[k] << 10) | PTE_V | (sharedPointerG[k] ? PTE_G : 0)) >>> 0;
							memA.set(ROOTS[s] * 4096 + SHARED_INDEX[k] * 4, p);
						}
					}
					const memB = memA.clone();
					const cached = new Mmu(memA, { adMode, tlb: config });
					const walked = new Mmu(memB, { adMode, tlb: null });
					const write = (addr: number, value: number) => {
						memA.set(addr, value);
						memB.set(addr, value);
					};
					/** Every (va, asid) whose translation went through the PTE at `addr`, per the old tables. */
					const usersOf = (addr: number) => {
						const users: { va: number; asid: number; global: boolean; nonLeaf: boolean }[] = [];
						for (let s = 0; s < ROOTS.length; s++) {
							for (const r of [...PRIVATE_INDEX, ...SHARED_INDEX]) {
								const rootAddr = ROOTS[s] * 4096 + r * 4;
								const rootPte = memB.get(rootAddr);
								if (rootAddr === addr) {
									users.push({
										va: r << 22,
										asid: ASIDS[s],
										global: false,
										nonLeaf: isPointer(rootPte)
									});
								} else if (isPointer(rootPte) && addr >>> 12 === rootPte >>> 10) {
									const slot = (addr & 0xfff) / 4;
									const g = ((rootPte | memB.get(addr)) & PTE_G) !== 0;
									users.push({
										va: ((r << 22) | (slot << 12)) >>> 0,
										asid: ASIDS[s],
										global: g,
										nonLeaf: false
									});
								}
							}
						}
						return users;
					};
					const update = (addr: number, value: number, fence: number) => {
						const users = usersOf(addr);
						write(addr, value);
						users.forEach((u, k) => {
							const forms = sufficientFences(
								u.va + (fence % 4096),
								u.asid,
								u.global,
								u.nonLeaf
							);
							const [va, asid] = forms[(fence + k) % forms.length];
							cached.sfenceVma(va, asid);
						});
					};
					const init = [
						...roots.map((r, k) => ({ ...r, space: k >> 2, index: PRIVATE_INDEX[k & 3] })),
						...leaves.map((l, k) => ({ ...l, shared: k >= 32, table: (k >> 3) % 4, slot: k & 7 }))
					];
					const recent: { space: number; vpage: number }[] = [];
					for (const o of [...init, ...ops]) {
						if (o.kind === 'access') {
							const page =
								o.reuse > 0 && recent.length > 0
									? recent[o.reuse % recent.length]
									: { space: o.space, vpage: (o.vpn1 << 10) | o.vpn0 };
							recent.unshift(page);
							recent.length = Math.min(recent.length, 3);
							const va = ((page.vpage << 12) | o.offset) >>> 0;
							const satp = makeSatp(ASIDS[page.space], ROOTS[page.space]);
							const a = cached.translate(va, o.access, o.priv, satp, o.sum, o.mxr);
							const b = walked.translate(va, o.access, o.priv, satp, o.sum, o.mxr);
							expect(a === 0 ? cached.paddr : `fault ${a}`).toBe(
								b === 0 ? walked.paddr : `fault ${b}`
							);
							if (b === 0) translated++;
						} else if (o.kind === 'root') {
							const value =
								o.shape === 'invalid'
									? o.flags & ~PTE_V
									: o.shape === 'pointer'
										? (PRIVATE_TABLES[o.table] << 10) | PTE_V | (o.flags & 0xc0)
										: (o.ppn << 10) | ((o.flags | PTE_V | PTE_R) & ~PTE_G);
							const last = recent[0];
							const aimed = o.target > 0 && last !== undefined && last.vpage >>> 10 < 4;
							const addr = aimed
								? ROOTS[last.space] * 4096 + (last.vpage >>> 10) * 4
								: ROOTS[o.space] * 4096 + o.index * 4;
							update(addr, value >>> 0, o.fence);
						} else if (o.kind === 'leaf') {
							const table = o.shared ? SHARED_TABLES[o.table % 2] : PRIVATE_TABLES[o.table];
							let addr = table * 4096 + o.slot * 4;
							const last = recent[0];
							if (o.target > 0 && last !== undefined) {
								const rootPte = memB.get(ROOTS[last.space] * 4096 + (last.vpage >>> 10) * 4);
								if (isPointer(rootPte))
									addr = (rootPte >>> 10) * 4096 + (last.vpage & 0x3ff) * 4;
							}
							const shared = SHARED_TABLES.includes(addr >>> 12);
							const flags = shared ? o.flags : o.flags & ~PTE_G;
							update(addr, ((o.ppn << 10) | flags) >>> 0, o.fence);
						} else {
							cached.sfenceVma(o.va ?? undefined, o.asid ?? undefined);
						}
					}
					expect(memA.words).toEqual(memB.words);
					hits += cached.tlb?.hits ?? 0;
				}
			),
			{ numRuns: 1000 }
		);
		expect(translated).toBeGreaterThan(1000);
		expect(hits).toBeGreaterThan(1000);
	});
});

/**
 * Property: on random page tables in a sparse physical memory, the walker's answer (physical address, or
 * fault cause) and its A/D writes equal those of a reference model written here straight from the spec
 * text (§4.3.1, §4.3.2, §3.1.6.3, §8.5.1), in BigInt arithmetic and deliberately plain style.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SV32, SV32X4, pageWalk, type Access, type Privilege } from '../../src/lib/sim/mmu/walker';
import { FakeMemory } from './mmu-fake-memory';

type RefAccess = 'fetch' | 'load' | 'store';
type RefAnswer = { ok: true; pa: bigint } | { ok: false; cause: number };

interface RefMachine {
	words: Map<number, number>;
	unreadablePages: Set<number>;
	unwritablePages: Set<number>;
}

/** The reference model: one function, following the numbered steps of §4.3.2 for Sv32 or Sv32x4. */
function referenceTranslate(
	m: RefMachine,
	sv32x4: boolean,
	rootPpn: number,
	vaNum: number,
	acc: RefAccess,
	mode: 'U' | 'S',
	SUM: boolean,
	MXR: boolean,
	hardwareAD: boolean
): RefAnswer {
	const pageFault = { ok: false as const, cause: { fetch: 12, load: 13, store: 15 }[acc] };
	const accessFault = { ok: false as const, cause: { fetch: 1, load: 5, store: 7 }[acc] };
	const va = BigInt(vaNum);
	const PAGESIZE = 4096n;
	const PTESIZE = 4n;
	const LEVELS = 2;
	// Sv32x4: a 34-bit guest physical address; VPN[1] is va[33:22]. Sv32: VPN[1] is va[31:22].
	const vaWidth = sv32x4 ? 34n : 32n;
	if (va >> vaWidth !== 0n) return pageFault;
	const vpn = [(va >> 12n) & 0x3ffn, (va >> 22n) & (sv32x4 ? 0xfffn : 0x3ffn)];
	const bit = (x: bigint, n: number) => ((x >> BigInt(n)) & 1n) === 1n;
	const page = (addr: bigint) => Number(addr / PAGESIZE);

	// 1. Let a be satp.ppn × PAGESIZE, and let i = LEVELS − 1.
	let a = BigInt(rootPpn) * PAGESIZE;
	let i = LEVELS - 1;
	let pte: bigint;
	let pteAddr: bigint;
	for (;;) {
		// 2. Let pte be the value of the PTE at address a + va.vpn[i] × PTESIZE; PMA/PMP → access fault.
		pteAddr = a + vpn[i] * PTESIZE;
		if (m.unreadablePages.has(page(pteAddr))) return accessFault;
		pte = BigInt(m.words.get(Number(pteAddr)) ?? 0);
		// 3. If pte.v = 0, or if pte.r = 0 and pte.w = 1, stop and raise a page-fault exception.
		if (!bit(pte, 0) || (!bit(pte, 1) && bit(pte, 2))) return pageFault;
		// 4. If pte.r = 1 or pte.x = 1, go to step 5; else i = i − 1; i < 0 → page fault; a = pte.ppn × PAGESIZE.
		if (bit(pte, 1) || bit(pte, 3)) break;
		i = i - 1;
		if (i < 0) return pageFault;
		a = (pte >> 10n) * PAGESIZE;
	}
	const [r, w, x, u, A, D] = [1, 2, 3, 4, 6, 7].map((n) => bit(pte, n));
	// 5. Is the access allowed by pte.r/w/x/u, the privilege mode, SUM and MXR?
	//    U-mode only on U=1; S-mode on U=1 only with SUM, and never for instruction fetch.
	//    Loads need R (or X when MXR=1); stores need W; fetches need X.
	let uOk: boolean;
	if (mode === 'U') uOk = u;
	else uOk = !u || (SUM && acc !== 'fetch');
	let rwxOk: boolean;
	if (acc === 'fetch') rwxOk = x;
	else if (acc === 'store') rwxOk = w;
	else rwxOk = r || (MXR && x);
	if (!uOk || !rwxOk) return pageFault;
	// 6. If i > 0 and pte.ppn[i − 1 : 0] ≠ 0, misaligned superpage → page fault. (pte.ppn[0] = pte[19:10])
	const ppn0 = (pte >> 10n) & 0x3ffn;
	const ppn1 = (pte >> 20n) & 0xfffn;
	if (i > 0 && ppn0 !== 0n) return pageFault;
	// 7. A = 0, or a store with D = 0: page fault, or set A (and D for a store), unless that store faults.
	if (!A || (acc === 'store' && !D)) {
		if (!hardwareAD) return pageFault;
		if (m.unwritablePages.has(page(pteAddr))) return accessFault;
		const newPte = pte | (1n << 6n) | (acc === 'store' ? 1n << 7n : 0n);
		m.words.set(Number(pteAddr), Number(newPte));
	}
	// 8. pa.pgoff = va.pgoff; if i > 0, pa.ppn[i−1:0] = va.vpn[i−1:0]; pa.ppn[LEVELS−1:i] = pte.ppn[LEVELS−1:i].
	const paPpn0 = i > 0 ? vpn[0] : ppn0;
	return { ok: true, pa: (ppn1 << 22n) | (paPpn0 << 12n) | (va & 0xfffn) };
}

// Small sets of frames and indices, so random PTEs point at each other often.
const FRAMES = [0x80000, 0x80001, 0x80002, 0x80003, 0x80004, 0x80005, 0x80006, 0x80008, 0x3fffff];
const INDICES = [0, 1, 2, 3, 0x200, 0x3ff, 0xc00, 0xfff];
const PPNS = fc.oneof(
	fc.constantFrom(...FRAMES),
	fc.constantFrom(0x80000, 0x80400, 0x3ffc00, 0x00400), // megapage-aligned
	fc.integer({ min: 0, max: 0x3fffff })
);

const pteEntry = fc.record({
	frame: fc.constantFrom(...FRAMES),
	index: fc.constantFrom(...INDICES),
	ppn: PPNS,
	flags: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x01, 0xcf, 0xdf, 0xc3, 0xcb, 0xd7)),
	rsw: fc.integer({ min: 0, max: 3 })
});

const accessArb = fc.record({
	vpn1: fc.constantFrom(...INDICES, 0x1000),
	vpn0: fc.constantFrom(...INDICES.filter((i) => i < 0x400)),
	offset: fc.integer({ min: 0, max: 4095 }),
	access: fc.constantFrom<Access>(0, 1, 2),
	priv: fc.constantFrom<Privilege>(0, 1),
	sum: fc.boolean(),
	mxr: fc.boolean()
});

/** A root-to-leaf path, so many accesses reach a leaf; random entries written after it may break it. */
const pathArb = fc.record({
	vpn1: fc.constantFrom(0, 1, 2, 3, 0x200, 0x3ff, 0xc00),
	vpn0: fc.constantFrom(...INDICES.filter((i) => i < 0x400)),
	table: fc.constantFrom(...FRAMES),
	mega: fc.boolean(),
	pointerFlags: fc.constantFrom(0x01, 0x21, 0x11, 0xc1),
	leafFlags: fc.oneof(
		fc.integer({ min: 0, max: 127 }).map((f) => 0x01 | (f << 1)),
		fc.constantFrom(0xcf, 0xdf, 0xc3, 0xcb, 0xd7, 0xdb, 0xc7, 0xef)
	),
	ppn: fc.oneof(PPNS, fc.constantFrom(0x80000, 0x80400))
});

const world = fc.record({
	sv32x4: fc.boolean(),
	root: fc.constantFrom(0x80000, 0x80004),
	paths: fc.array(pathArb, { minLength: 1, maxLength: 6 }),
	entries: fc.array(pteEntry, { maxLength: 12 }),
	noRead: fc.oneof(fc.constant([]), fc.subarray(FRAMES, { maxLength: 1 })),
	noWrite: fc.subarray(FRAMES, { maxLength: 3 }),
	hardwareAD: fc.boolean(),
	accesses: fc.array(fc.tuple(accessArb, fc.nat(), fc.nat(4)), { minLength: 1, maxLength: 30 })
});

describe('page walker vs the reference model', () => {
	it('agrees on every answer and every A/D write, for Sv32 and Sv32x4', () => {
		let translated = 0;
		const causes = new Set<number>();
		fc.assert(
			fc.property(world, (w) => {
				const mem = new FakeMemory();
				for (const p of w.paths) {
					const rootEntry = w.root * 4096 + p.vpn1 * 4;
					if (p.mega) mem.set(rootEntry, ((p.ppn << 10) | p.leafFlags) >>> 0);
					else {
						mem.set(rootEntry, ((p.table << 10) | p.pointerFlags) >>> 0);
						mem.set(p.table * 4096 + p.vpn0 * 4, ((p.ppn << 10) | p.leafFlags) >>> 0);
					}
				}
				for (const e of w.entries) {
					mem.set(e.frame * 4096 + e.index * 4, ((e.ppn << 10) | (e.rsw << 8) | e.flags) >>> 0);
				}
				for (const p of w.noRead) mem.noRead.add(p);
				for (const p of w.noWrite) mem.noWrite.add(p);
				const ref: RefMachine = {
					words: new Map(mem.words),
					unreadablePages: new Set(w.noRead),
					unwritablePages: new Set(w.noWrite)
				};
				const scheme = w.sv32x4 ? SV32X4 : SV32;
				for (const [a, pick, onPath] of w.accesses) {
					const path = w.paths[pick % w.paths.length];
					const va =
						onPath > 0
							? path.vpn1 * 2 ** 22 + path.vpn0 * 4096 + a.offset
							: a.vpn1 * 2 ** 22 + a.vpn0 * 4096 + a.offset;
					const got = pageWalk(
						{
							scheme,
							rootPpn: w.root,
							priv: a.priv,
							sum: a.sum,
							mxr: a.mxr,
							adMode: w.hardwareAD ? 'hardware' : 'fault',
							memory: mem
						},
						va,
						a.access
					);
					const want = referenceTranslate(
						ref,
						w.sv32x4,
						w.root,
						va,
						(['fetch', 'load', 'store'] as const)[a.access],
						a.priv === 0 ? 'U' : 'S',
						a.sum,
						a.mxr,
						w.hardwareAD
					);
					const gotSimple = got.ok
						? { ok: true, pa: BigInt(got.paddr) }
						: { ok: false, cause: got.cause };
					expect(gotSimple).toEqual(want);
					if (!got.ok) expect(got.tval).toBe(va);
					if (got.ok) translated++;
					else causes.add(got.cause);
				}
				expect(mem.words).toEqual(ref.words);
			}),
			{ numRuns: 2500 }
		);
		// The generator must reach both outcomes often enough to mean something.
		expect(translated).toBeGreaterThan(2000);
		expect([...causes].sort((x, y) => x - y)).toEqual([1, 5, 7, 12, 13, 15]);
	});
});

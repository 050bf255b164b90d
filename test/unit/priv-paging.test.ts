/**
 * Sv32 in the hart, beyond what QEMU can be compared on: TLB flush semantics (a changed PTE stays
 * invisible until SFENCE.VMA covers it, by address, by ASID, global entries), A/D fault mode, walk
 * records reaching the Machine, and the decode cache under paging (aliases, page-crossing fetch,
 * stores through an alias). Page tables are written from the test; the code runs in S-mode.
 */
import { describe, expect, it } from 'vitest';
import { Mode } from '../../src/lib/sim/hart/causes';
import { assemble } from '../../src/lib/sim/isa/asm';
import { Machine, type MachineOptions } from '../../src/lib/sim/machine/machine';
import type { WalkRecord } from '../../src/lib/sim/mmu';
import { peek32, poke32 } from './hart-harness';

const ROOT = 0x8010_0000;
const L0 = 0x8010_1000;
const PAGE_A = 0x8020_0000;
const PAGE_B = 0x8020_1000;
const VA = 0x4000_0000;
const [V, R, W, X, U, G, A, D] = [1, 2, 4, 8, 16, 32, 64, 128];
const pte = (pa: number, flags: number) => ((pa >>> 12) << 10) | flags;
const satp = (asid: number, root = ROOT) => (0x8000_0000 | (asid << 22) | (root >>> 12)) >>> 0;

/** Code at RAM base, identity-mapped as a megapage; VA 0x40000000.. through L0; the hart in S. */
function boot(source: string, opts: MachineOptions = {}, asid = 0): Machine {
	const { program, errors } = assemble(source);
	expect(errors).toEqual([]);
	const m = new Machine({ ramMiB: 8, ...opts });
	m.load(program);
	const h = m.hart;
	h.reset(program.entry, Mode.Supervisor);
	h.mtvec = 0x8000_0ff0; // traps to M land on a zero word; tests read mcause/mtval
	poke32(m, ROOT + 4 * 0x200, pte(0x8000_0000, V | R | W | X | A | D));
	poke32(m, ROOT + 4 * (VA >>> 22), pte(L0, V));
	poke32(m, L0, pte(PAGE_A, V | R | W | A | D));
	poke32(m, PAGE_A, 0xaaaa);
	poke32(m, PAGE_B, 0xbbbb);
	h.setSatp(satp(asid));
	h.x[8] = VA; // s0
	return m;
}
const x = (m: Machine, r: number) => m.hart.x[r] >>> 0;
const [a0, a1, a2, a3] = [10, 11, 12, 13];

describe('TLB flush semantics (§4.2.1)', () => {
	it('a changed PTE is not seen until SFENCE.VMA of its address; another address does not flush it', () => {
		const m = boot(`
			lw a0, 0(s0)
			lw a1, 0(s0)
			sfence.vma t0, zero
			lw a2, 0(s0)
			sfence.vma s0, zero
			lw a3, 0(s0)`);
		m.hart.x[5] = VA + 0x5000; // t0: some other page
		m.run(1);
		poke32(m, L0, pte(PAGE_B, V | R | W | A | D));
		m.run(5);
		expect([x(m, a0), x(m, a1), x(m, a2), x(m, a3)]).toEqual([0xaaaa, 0xaaaa, 0xaaaa, 0xbbbb]);
	});

	it('SFENCE.VMA by ASID flushes that ASID only, and not global mappings', () => {
		const src = `
			lw a0, 0(s0)
			sfence.vma zero, t0
			lw a1, 0(s0)
			sfence.vma zero, t1
			lw a2, 0(s0)`;
		const m = boot(src, {}, 1);
		[m.hart.x[5], m.hart.x[6]] = [2, 1]; // t0 = ASID 2, t1 = ASID 1
		m.run(1);
		poke32(m, L0, pte(PAGE_B, V | R | W | A | D));
		m.run(4);
		expect([x(m, a0), x(m, a1), x(m, a2)]).toEqual([0xaaaa, 0xaaaa, 0xbbbb]);

		const g = boot(src, {}, 1);
		poke32(g, L0, pte(PAGE_A, V | R | W | G | A | D));
		[g.hart.x[5], g.hart.x[6]] = [2, 1];
		g.run(1);
		poke32(g, L0, pte(PAGE_B, V | R | W | G | A | D));
		g.run(4);
		expect([x(g, a0), x(g, a1), x(g, a2)]).toEqual([0xaaaa, 0xaaaa, 0xaaaa]); // global: survives
	});

	it('two ASIDs keep their own translations across satp writes without a flush', () => {
		const ROOT2 = 0x8010_2000;
		const L0_2 = 0x8010_3000;
		const m = boot(`
			lw a0, 0(s0)
			csrw satp, t1
			lw a1, 0(s0)
			csrw satp, t0
			lw a2, 0(s0)`);
		poke32(m, ROOT2 + 4 * 0x200, pte(0x8000_0000, V | R | W | X | A | D));
		poke32(m, ROOT2 + 4 * (VA >>> 22), pte(L0_2, V));
		poke32(m, L0_2, pte(PAGE_B, V | R | W | A | D));
		m.hart.setSatp(satp(1));
		[m.hart.x[5], m.hart.x[6]] = [satp(1), satp(2, ROOT2)];
		m.run(5);
		expect([x(m, a0), x(m, a1), x(m, a2)]).toEqual([0xaaaa, 0xbbbb, 0xaaaa]);
	});

	it('SFENCE.VMA is illegal in U, and in S with TVM = 1; satp too', () => {
		const u = boot('sfence.vma');
		poke32(u, ROOT + 4 * 0x200, pte(0x8000_0000, V | R | W | X | U | A | D)); // U code
		u.hart.mode = Mode.User;
		u.run(1);
		expect([u.hart.mcause, u.hart.mtval >>> 0]).toEqual([2, 0x12000073]);
		const s = boot('csrr a0, satp');
		s.hart.mstatus |= 1 << 20;
		s.run(1);
		expect(s.hart.mcause).toBe(2);
	});
});

describe('A/D bits (§4.3.1)', () => {
	it("'hardware' sets A on a load and D on a store, in the PTE in RAM", () => {
		const m = boot('lw a0, 0(s0)\nsw a0, 4(s0)');
		poke32(m, L0, pte(PAGE_A, V | R | W));
		m.run(1);
		expect(peek32(m, L0) & 0xff).toBe(V | R | W | A);
		m.run(1);
		expect(peek32(m, L0) & 0xff).toBe(V | R | W | A | D);
	});

	it("'fault' raises a page fault instead and leaves the PTE alone", () => {
		const m = boot('lw a0, 0(s0)', { adMode: 'fault' });
		poke32(m, L0, pte(PAGE_A, V | R | W));
		m.run(1);
		expect([m.hart.mcause, m.hart.mtval >>> 0]).toEqual([13, VA]);
		expect(peek32(m, L0) & 0xff).toBe(V | R | W);
	});
});

describe("the loop's one-page load and store windows", () => {
	it('a load opens no way to store: a store to a read-only page still faults after loads from it', () => {
		const m = boot('lw a0, 0(s0)\nlw a1, 4(s0)\nsw a0, 8(s0)');
		poke32(m, L0, pte(PAGE_A, V | R | A));
		m.run(3);
		expect([x(m, a0), m.hart.mcause, m.hart.mtval >>> 0]).toEqual([0xaaaa, 15, VA + 8]);
	});

	it('stores through the window reach RAM and drop decoded instructions there', () => {
		const CODE = 0x8030_0000;
		const m = boot(`
			li a0, 0
			li t0, 0x40001000
			jalr t0
			li t1, 0x00350513
			sw t1, 0(t2)
			li t1, 0x00450513
			sw t1, 4(t2)
			li t0, 0x40001000
			jalr t0
			ebreak`);
		poke32(m, L0 + 4, pte(CODE, V | R | X | A));
		poke32(m, L0 + 12, pte(CODE, V | R | W | A | D));
		poke32(m, CODE, 0x00150513); // addi a0,a0,1
		poke32(m, CODE + 4, 0x00150513); // addi a0,a0,1
		poke32(m, CODE + 8, 0x00008067); // ret
		m.hart.x[7] = 0x4000_3000; // t2
		m.run(18); // up to and including the ebreak
		expect([x(m, a0), m.hart.mcause]).toEqual([2 + 3 + 4, 3]);
		expect(peek32(m, CODE + 4)).toBe(0x00450513);
	});
});

describe('state set from outside', () => {
	it('a mode written directly between runs (debugger, firmware) decides translation at the next slice', () => {
		const m = boot('li a0, 1');
		// VA 0x80000000 now maps the megapage at PA 0x80400000, which holds li a0, 7.
		poke32(m, ROOT + 4 * 0x200, pte(0x8040_0000, V | R | W | X | A | D));
		poke32(m, 0x8040_0000, 0x00700513); // li a0, 7
		m.hart.mode = Mode.Machine;
		m.hart.setSatp(m.hart.satp); // windows for M: no translation
		m.hart.mode = Mode.Supervisor; // …then S behind the hart's back
		m.run(1);
		expect(x(m, a0)).toBe(7);
	});
});

describe('walk records', () => {
	it('machine.onWalk sees every walk with the PTEs it read', () => {
		const m = boot('lw a0, 0(s0)\nlw a1, 4(s0)');
		const walks: ReturnType<WalkRecord['toJSON']>[] = [];
		m.onWalk = (hart, r) => {
			expect(hart).toBe(0);
			walks.push(r.toJSON());
		};
		m.run(2);
		const data = walks.filter((w) => w.va === VA);
		expect(data).toHaveLength(1); // the second load hits the TLB
		expect(data[0].steps.map((s) => s.pteAddr)).toEqual([ROOT + 4 * 0x100, L0]);
		expect(data[0].ok).toBe(true);
		expect(walks.some((w) => w.access === 0 && w.va === 0x8000_0000)).toBe(true); // the fetch
		m.onWalk = undefined;
		expect(m.hart.mmu.record).toBeNull();
	});
});

describe('the decode cache under paging', () => {
	const CODE = 0x8030_0000;
	it('code runs through an alias, across a page boundary into a non-contiguous page', () => {
		// 0x40001ffc: addi a0,a0,1 (last word of one page); 0x40002000: addi a0,a0,2 (another frame)
		const m = boot('li a0, 0\nli t0, 0x40001ffc\njr t0');
		poke32(m, L0 + 4, pte(CODE, V | R | X | A));
		poke32(m, L0 + 8, pte(CODE + 0x3000, V | R | X | A));
		poke32(m, CODE + 0xffc, 0x00150513); // addi a0,a0,1
		poke32(m, CODE + 0x3000, 0x00250513); // addi a0,a0,2
		m.run(6);
		expect(x(m, a0)).toBe(3);
		expect(m.hart.traps).toBe(0);
	});

	it('a fetch from an unmapped page raises instruction page fault with tval = mepc = the pc', () => {
		const m = boot('li t0, 0x40005000\njr t0');
		m.run(3);
		expect([m.hart.mcause, m.hart.mtval >>> 0, m.hart.mepc >>> 0]).toEqual([
			12,
			VA + 0x5000,
			VA + 0x5000
		]);
	});

	it('one frame mapped at two addresses runs from both; a store through a writable alias is seen', () => {
		const m = boot(`
			li a0, 0
			li t0, 0x40001000
			jalr t0
			li t0, 0x40002000
			jalr t0
			li t1, 0x00550513
			sw t1, 0(t2)
			li t0, 0x40001000
			jalr t0
			ebreak`);
		poke32(m, L0 + 4, pte(CODE, V | R | X | A));
		poke32(m, L0 + 8, pte(CODE, V | R | X | A));
		poke32(m, L0 + 12, pte(CODE, V | R | W | A | D)); // 0x40003000: a data alias
		poke32(m, CODE, 0x00150513); // addi a0,a0,1
		poke32(m, CODE + 4, 0x00008067); // ret
		m.hart.x[7] = 0x4000_3000; // t2
		m.run(17); // up to and including the ebreak
		expect(x(m, a0)).toBe(1 + 1 + 5);
		expect(m.hart.mcause).toBe(3);
	});
});

describe('MPRV (§3.1.6.3)', () => {
	it('M-mode loads translate as MPP when MPRV = 1; fetches do not', () => {
		const m = boot('lw a0, 0(s0)');
		const h = m.hart;
		h.mode = Mode.Machine;
		h.mstatus = (h.mstatus & ~(3 << 11)) | (1 << 11) | (1 << 17); // MPP = S, MPRV
		h.setSatp(h.satp);
		m.run(1);
		expect(x(m, a0)).toBe(0xaaaa);
		const u = boot('lw a0, 0(s0)');
		u.hart.mode = Mode.Machine;
		u.hart.mstatus = (u.hart.mstatus & ~(3 << 11)) | (1 << 17); // MPP = U: the page is not U
		u.hart.setSatp(u.hart.satp);
		u.run(1);
		expect([u.hart.mcause, u.hart.mtval >>> 0]).toEqual([13, VA]);
	});
});

describe('snapshots', () => {
	it('restore brings back satp, the S CSRs and the TLB (a stale entry stays stale)', () => {
		const m = boot('lw a0, 0(s0)\nlw a1, 0(s0)');
		m.run(1);
		const snap = m.snapshot();
		poke32(m, L0, pte(PAGE_B, V | R | W | A | D));
		m.hart.mmu.sfenceVma(undefined, undefined);
		m.restore(snap);
		poke32(m, L0, pte(PAGE_B, V | R | W | A | D));
		m.run(1);
		expect(x(m, a1)).toBe(0xaaaa);
		expect(m.hart.satp >>> 0).toBe(satp(0));
		expect(m.hart.mode).toBe(Mode.Supervisor);
	});
});

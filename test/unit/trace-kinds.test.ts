/**
 * The trace kinds of issue #5 beyond the first set: the memory an `insn` touched (bare and Sv32),
 * per-mode statistics that are exact with no subscriber (the return hook), TLB lookups and the
 * walker's memory references, `interrupt-pending` with its exact cycle, and the firmware's timer
 * hand-off. Expected figures are worked out by hand in the comments beside them.
 */
import { describe, expect, it } from 'vitest';
import { Mode } from '../../src/lib/sim/hart/causes';
import { execute } from '../../src/lib/sim/hart/execute';
import { assemble } from '../../src/lib/sim/isa/asm/index';
import { Machine } from '../../src/lib/sim/machine/machine';
import { eventKinds, parseKinds, type EventOf, type TraceEvent } from '../../src/lib/sim/trace/events';
import { ChromeTraceBuilder, toJsonLines } from '../../src/lib/sim/trace/export';
import { TraceHub } from '../../src/lib/sim/trace/hub';
import { SOURCE_OF } from '../../src/lib/sim/trace/adapters';
import { Statistics } from '../../src/lib/sim/trace/stats';
import { poke32 } from './hart-harness';
import { assembleOrThrow } from './trace-programs';

const RAM = 0x8000_0000;
const ROOT = 0x8010_0000;
const L0 = 0x8010_1000;
const PAGE_A = 0x8020_0000;
const PAGE_B = 0x8020_1000;
const PAGE_C = 0x8020_2000;
const VA = 0x4000_0000;
const [V, R, W, X, A, D] = [1, 2, 4, 8, 64, 128];
const pte = (pa: number, flags: number) => ((pa >>> 12) << 10) | flags;
const SATP = (0x8000_0000 | (ROOT >>> 12)) >>> 0; // Sv32, ASID 0

/**
 * `source` at RAM base in S-mode under Sv32: code identity-mapped by one megapage (root entry 0x200),
 * VA → PAGE_A, VA + 4 KiB → PAGE_B, VA + 8 KiB → PAGE_C, whose PTE has A but not D. s0 = VA.
 */
function paged(source: string): Machine {
	const { program, errors } = assemble(source);
	expect(errors).toEqual([]);
	const m = new Machine({ ramMiB: 8, consoleOut: () => {} });
	m.load(program);
	const h = m.hart;
	h.reset(program.entry, Mode.Supervisor);
	poke32(m, ROOT + 4 * 0x200, pte(RAM, V | R | W | X | A | D));
	poke32(m, ROOT + 4 * (VA >>> 22), pte(L0, V));
	poke32(m, L0, pte(PAGE_A, V | R | W | A | D));
	poke32(m, L0 + 4, pte(PAGE_B, V | R | W | A | D));
	poke32(m, L0 + 8, pte(PAGE_C, V | R | W | A));
	h.setSatp(SATP);
	h.x[8] = VA; // s0
	h.x[9] = VA + 0x1000; // s1
	h.x[18] = VA + 0x2000; // s2
	return m;
}

const memOf = (events: TraceEvent[]) => events.flatMap((e) => (e.kind === 'insn' && e.mem ? [e.mem] : []));

describe('insn events carry the memory they touched', () => {
	it('bare M-mode: va = pa for inline and out-of-line loads, stores, AMOs, LR/SC and MMIO', () => {
		const m = new Machine({ ramMiB: 1, consoleOut: () => {} });
		m.load(
			assembleOrThrow(`
	.globl _start
_start:
	la s0, data          # not memory
	li t1, 5
	sw t1, 0(s0)         # inline store
	lw a0, 0(s0)         # inline load
	amoadd.w a1, t1, (s0)
	sb t1, 5(s0)         # inline byte store
	lhu a2, 6(s0)
	lr.w a3, (s0)
	sc.w a4, t1, (s0)    # succeeds: writes
	sc.w a5, t1, (s0)    # no reservation left: fails, no write
	lb zero, 3(s0)       # rd = x0: out of line, still an access
	li t2, 0x0200bff8    # CLINT mtime (MMIO, out of line)
	lw t3, 0(t2)
	lw s0, 8(s0)         # rd = rs1: the address is the one before the write
	.data
	.balign 16
data: .word 0, 0, 0
`)
		);
		const hub = new TraceHub(m);
		const events: TraceEvent[] = [];
		hub.subscribe(['insn'], (e) => events.push(e));
		expect(m.run(16).kind).toBe('budget'); // la and li 0x0200bff8 are two each, the rest one
		expect(m.hart.x[8]).toBe(0); // s0 = the word at data + 8
		const base = events.find((e) => e.kind === 'insn' && e.mem)!;
		if (base.kind !== 'insn' || !base.mem) throw new Error('no memory event');
		const d = base.mem.va;
		expect(d & 15).toBe(0);
		expect(d).toBeGreaterThanOrEqual(RAM);
		const at = (off: number, size: number, write: boolean) => ({ va: d + off, pa: d + off, size, write });
		expect(memOf(events)).toEqual([
			at(0, 4, true),
			at(0, 4, false),
			at(0, 4, true), // amoadd: read-modify-write
			at(5, 1, true),
			at(6, 2, false),
			at(0, 4, false), // lr.w
			at(0, 4, true), // sc.w that succeeded
			at(0, 4, false), // sc.w that failed
			at(3, 1, false), // lb zero
			{ va: 0x0200bff8, pa: 0x0200bff8, size: 4, write: false },
			at(8, 4, false)
		]);
		// Non-memory instructions carry no mem field at all.
		const plain = events.filter((e) => e.kind === 'insn' && !e.mem);
		expect(plain).toHaveLength(16 - 11);
		for (const e of plain) expect(Object.hasOwn(e, 'mem')).toBe(false);
	});

	it('Sv32: the virtual address and the physical one, through windows and the slow path', () => {
		const m = paged(`
			lw a0, 0(s0)          # slow path (window empty), opens the load window on PAGE_A
			lw a1, 4(s0)          # inline through the window
			sw a0, 8(s0)          # slow path, opens the store window
			sb a1, 13(s0)         # inline
			amoadd.w a2, a0, (s0)
			lr.w a3, (s1)
			sc.w a4, a0, (s1)
			lh a5, 2(s2)          # PAGE_C: the load window moves there
			sw a5, 20(s0)         # inline through the store window, still on PAGE_A
			lw s0, 16(s0)         # rd = rs1`);
		poke32(m, PAGE_A + 16, 0x1234);
		const hub = new TraceHub(m);
		const events: TraceEvent[] = [];
		hub.subscribe(['insn'], (e) => events.push(e));
		m.run(10);
		expect(m.hart.x[8]).toBe(0x1234);
		const vp = (va: number, pa: number, size: number, write: boolean) => ({ va, pa, size, write });
		expect(memOf(events)).toEqual([
			vp(VA, PAGE_A, 4, false),
			vp(VA + 4, PAGE_A + 4, 4, false),
			vp(VA + 8, PAGE_A + 8, 4, true),
			vp(VA + 13, PAGE_A + 13, 1, true),
			vp(VA, PAGE_A, 4, true),
			vp(VA + 0x1000, PAGE_B, 4, false),
			vp(VA + 0x1000, PAGE_B, 4, true),
			vp(VA + 0x2002, PAGE_C + 2, 2, false),
			vp(VA + 20, PAGE_A + 20, 4, true),
			vp(VA + 16, PAGE_A + 16, 4, false)
		]);
	});
});

/**
 * M → S (mret) → U (sret) → ecall to S (delegated) → ecall to M → mret to U → ebreak to M → exit.
 * Instructions retired per mode, counted by hand: an instruction that traps does not retire.
 */
const ROUND_TRIP = `
	.globl _start
_start:                    # M: 4+2+1+2+1+1+1+2+1+2+1+1 = 19
	addi t0, zero, -1      # PMP entry 0: NAPOT over everything, RWX, so S and U may fetch (§3.7.1)
	csrw pmpaddr0, t0
	addi t0, zero, 0x1f
	csrw pmpcfg0, t0
	la t0, mtrap
	csrw mtvec, t0
	la t0, strap
	csrw stvec, t0
	addi t0, zero, 0x100   # medeleg bit 8: ECALL from U goes to S
	csrw medeleg, t0
	la t0, smode
	csrw mepc, t0
	lui t0, 1
	addi t0, t0, -2048     # mstatus = MPP S (0x800)
	csrw mstatus, t0
	mret
smode:                     # S: 2+1+1 = 4
	la t0, umode
	csrw sepc, t0
	sret
umode:                     # U: 1, then the ECALL traps to S
	addi a0, a0, 1
	ecall
strap:                     # S: 1, then the ECALL traps to M
	addi a1, a1, 1
	ecall
mtrap:                     # M, first visit (from S): 3+2+1+2+1+1 = 10
	csrr t3, mcause
	addi t4, zero, 3
	beq t3, t4, finish
	lui t2, 2
	addi t2, t2, -2048     # MPP mask 0x1800: clear it, MPP = U
	csrc mstatus, t2
	la t0, ufinal
	csrw mepc, t0
	mret
finish:                    # M, second visit (from U's ebreak): 3 + 4 = 7
	lui t0, 0x100
	lui t1, 5
	addi t1, t1, 0x555
	sw t1, 0(t0)           # test finisher: exit 0
ufinal:                    # U: 1, then EBREAK traps to M
	addi a2, a2, 1
	ebreak
`;

describe('statistics without the retire hook', () => {
	it('split U/S/M exactly across MRET and SRET with no subscriber at all', () => {
		const m = new Machine({ ramMiB: 1, consoleOut: () => {} });
		m.load(assembleOrThrow(ROUND_TRIP));
		const hub = new TraceHub(m);
		const stats = new Statistics(hub);
		expect(hub.activeKinds()).toEqual([]);
		expect(m.run(1000).kind).toBe('exited');
		expect(m.hart.onRetire).toBeUndefined();
		const [h] = stats.view();
		expect(h.perModeExact).toBe(true);
		expect(h.instructions).toBe(43);
		expect(h.perMode.M.instructions).toBe(19 + 10 + 7);
		expect(h.perMode.S.instructions).toBe(4 + 1);
		expect(h.perMode.U.instructions).toBe(1 + 1);
		expect(h.trapsByCause).toEqual({ '3': 1, '8': 1, '9': 1 });
		expect(h.perMode.M.cycles + h.perMode.S.cycles + h.perMode.U.cycles).toBe(m.cycles);
	});

	it('agree with the split a subscriber to insn, trap and trap-return computes itself', () => {
		const m = new Machine({ ramMiB: 1, consoleOut: () => {} });
		m.load(assembleOrThrow(ROUND_TRIP));
		const hub = new TraceHub(m);
		const stats = new Statistics(hub);
		const count: Record<number, number> = { 0: 0, 1: 0, 3: 0 };
		let mode = 3;
		let returnFrom = 3;
		hub.subscribe(['insn', 'trap', 'trap-return'], (e) => {
			if (e.kind === 'trap') mode = e.to;
			else if (e.kind === 'trap-return') [returnFrom, mode] = [e.from, e.to];
			// The xRET's own event follows its trap-return: it retired in the mode it left.
			else if (e.kind === 'insn')
				count[e.bits === 0x30200073 || e.bits === 0x10200073 ? returnFrom : mode]++;
		});
		m.run(1000);
		const [h] = stats.view();
		expect([h.perMode.U.instructions, h.perMode.S.instructions, h.perMode.M.instructions]).toEqual([
			count[0],
			count[1],
			count[3]
		]);
	});

	it('reports trap-return from the return hook, which the statistics keep installed', () => {
		const m = new Machine({ ramMiB: 1, consoleOut: () => {} });
		m.load(assembleOrThrow(ROUND_TRIP));
		const hub = new TraceHub(m);
		new Statistics(hub);
		expect(m.hart.onReturn).toBeTypeOf('function');
		const got: EventOf<'trap-return'>[] = [];
		const off = hub.subscribe(['trap-return'], (e) => e.kind === 'trap-return' && got.push(e));
		m.run(1000);
		off();
		expect(m.hart.onReturn).toBeTypeOf('function'); // still the statistics'
		expect(got.map((e) => `${e.from}>${e.to}`)).toEqual(['3>1', '1>0', '3>0']);
		expect(m.hart.onRetire).toBeUndefined();
	});
});

describe('TLB lookups and the walker memory references', () => {
	// Each step, worked out by hand (the code page is a megapage: its walk reads one PTE):
	//   fetch of the first instruction  miss  walk 1 read                    (the fetch window opens)
	//   lw a0, 0(s0)    PAGE_A          miss  walk 2 reads                   (load window on A)
	//   lw a1, 4(s0)                    window, no lookup
	//   sw a0, 8(s0)                    hit   (TLB entry has D)              (store window on A)
	//   sw a1, 12(s0)                   window
	//   lw a2, 0(s1)    PAGE_B          miss  walk 2 reads                   (load window on B)
	//   lw a3, 0(s0)    PAGE_A again    hit   (load window refill from the TLB)
	//   lw a4, 0(s2)    PAGE_C          miss  walk 2 reads (A already set)
	//   sw a4, 4(s2)    PAGE_C          hit, but D = 0: walk 2 reads + the D write
	//   sw a4, 8(s2)                    window
	// hits 3, misses 4, walks 5, PTE reads 9, A/D writes 1.
	const source = `
		lw a0, 0(s0)
		lw a1, 4(s0)
		sw a0, 8(s0)
		sw a1, 12(s0)
		lw a2, 0(s1)
		lw a3, 0(s0)
		lw a4, 0(s2)
		sw a4, 4(s2)
		sw a4, 8(s2)`;

	it('statistics count hits, misses, walks and the walker memory references exactly', () => {
		const m = paged(source);
		const stats = new Statistics(new TraceHub(m));
		expect(execute(m.hart, 9)).toBe(9);
		const [h] = stats.view();
		expect(h.tlb).toEqual({ hits: 3, misses: 4 });
		expect(h.walks).toBe(5);
		expect(h.walkMemoryRefs).toBe(10);
		expect([m.hart.mmu.pteReads, m.hart.mmu.pteWrites]).toEqual([9, 1]);
		expect(m.hart.mmu.onLookup).toBeNull(); // nobody asked for tlb-lookup
	});

	it('tlb-lookup events, only while subscribed, agree with the counters', () => {
		const m = paged(source);
		const hub = new TraceHub(m);
		const got: EventOf<'tlb-lookup'>[] = [];
		const off = hub.subscribe(['tlb-lookup'], (e) => e.kind === 'tlb-lookup' && got.push(e));
		execute(m.hart, 9);
		off();
		expect(m.hart.mmu.onLookup).toBeNull();
		expect(got.map(({ va, hit, asid }) => ({ va, hit, asid }))).toEqual([
			{ va: RAM, hit: false, asid: 0 },
			{ va: VA, hit: false, asid: 0 },
			{ va: VA + 8, hit: true, asid: 0 },
			{ va: VA + 0x1000, hit: false, asid: 0 },
			{ va: VA, hit: true, asid: 0 },
			{ va: VA + 0x2000, hit: false, asid: 0 },
			{ va: VA + 0x2004, hit: true, asid: 0 }
		]);
		const tlb = m.hart.mmu.tlb!;
		expect([tlb.hits, tlb.misses]).toEqual([3, 4]);
	});

	it('count the same however the run is sliced (a slice boundary keeps the windows open)', () => {
		const m = paged(source);
		for (let i = 0; i < 9; i++) expect(execute(m.hart, 1)).toBe(1);
		const tlb = m.hart.mmu.tlb!;
		expect([tlb.hits, tlb.misses, m.hart.mmu.walks]).toEqual([3, 4, 5]);
		// A mode change from outside between slices is noticed: the next fetch translates again.
		const n = paged(source);
		execute(n.hart, 1);
		n.hart.mode = Mode.User; // code page has U = 0: the fetch faults
		execute(n.hart, 1);
		expect(n.hart.mcause).toBe(12); // instruction page fault, taken to M (nothing delegated)
	});

	it('the walker counts survive a machine snapshot round trip', () => {
		const m = paged(source);
		execute(m.hart, 9);
		const snap = structuredClone(m.snapshot());
		const n = paged(source);
		n.restore(snap);
		expect([n.hart.mmu.pteReads, n.hart.mmu.pteWrites, n.hart.mmu.walks]).toEqual([9, 1, 5]);
	});
});

describe('interrupt-pending', () => {
	// mtimecmp = 100 ticks; 10 cycles a tick (100 MHz / 10 MHz) puts the timer at cycle 1000.
	// The setup takes well under 1000 cycles and NOPs cost one each, so the hart reaches 1000 exactly.
	const TIMER = `
	.globl _start
_start:
	la t0, handler
	csrw mtvec, t0
	lui a5, 0x2004          # CLINT mtimecmp, hart 0
	sw zero, 4(a5)
	addi t0, zero, 100
	sw t0, 0(a5)
	addi t0, zero, 0x80
	csrs mie, t0            # MTIE
	csrsi mstatus, 8        # MIE
	csrsi mip, 2            # SSIP, by a CSR write
	csrci mip, 2
	.rept 1200
	nop
	.endr
	.balign 4
handler:
	addi t0, zero, -1
	sw t0, 4(a5)            # mtimecmp high = all ones: MTIP clears
	lui t0, 0x100
	lui t1, 5
	addi t1, t1, 0x555
	sw t1, 0(t0)
`;

	it('precedes the timer interrupt, at the exact cycle the timer fired, and clears on mtimecmp', () => {
		const m = new Machine({ ramMiB: 1, consoleOut: () => {} });
		m.load(assembleOrThrow(TIMER));
		const hub = new TraceHub(m);
		const events: TraceEvent[] = [];
		hub.subscribe(['interrupt-pending', 'trap', 'interrupt'], (e) => events.push(e));
		expect(m.run(10_000).kind).toBe('exited');
		const trapCost = 10;
		const pendings = events.filter((e) => e.kind === 'interrupt-pending');
		// Cycles: la 1+1, csrw 2, lui 1, sw 1, addi 1, sw 1, addi 1, csrs 2, csrsi 2 = 13, then
		// csrsi mip (2) → 15, csrci mip (2) → 17.
		expect(pendings.map(({ cycle, code, pending }) => ({ cycle, code, pending }))).toEqual([
			{ cycle: 15, code: 1, pending: true },
			{ cycle: 17, code: 1, pending: false },
			{ cycle: 1000, code: 7, pending: true },
			// trap at 1000 + trapCost, then addi (1) and the store (1) that clears MTIP
			{ cycle: 1000 + trapCost + 2, code: 7, pending: false }
		]);
		const kinds = events.map((e) => e.kind);
		const iPending = events.findIndex((e) => e.kind === 'interrupt-pending' && e.code === 7);
		expect(kinds.indexOf('trap')).toBe(iPending + 1);
		expect(kinds.indexOf('interrupt')).toBe(iPending + 2);
		const trap = events[iPending + 1];
		expect(trap.kind === 'trap' && trap.cause >>> 0).toBe(0x8000_0007);
		expect(trap.cycle).toBe(1000 + trapCost);
	});

	it('reports the software interrupt a store to the CLINT msip raises and clears', () => {
		const m = new Machine({ ramMiB: 1, consoleOut: () => {} });
		m.load(
			assembleOrThrow(`
	.globl _start
_start:
	lui a5, 0x2000          # CLINT msip, hart 0
	addi t0, zero, 1
	sw t0, 0(a5)            # cycle 1 + 1 + 1 = 3: MSIP rises
	sw zero, 0(a5)          # cycle 4: and falls
	lui t0, 0x100
	lui t1, 5
	addi t1, t1, 0x555
	sw t1, 0(t0)
`)
		);
		const hub = new TraceHub(m);
		const got: EventOf<'interrupt-pending'>[] = [];
		hub.subscribe(['interrupt-pending'], (e) => e.kind === 'interrupt-pending' && got.push(e));
		expect(m.run(100).kind).toBe('exited');
		expect(got.map(({ cycle, code, pending }) => ({ cycle, code, pending }))).toEqual([
			{ cycle: 3, code: 3, pending: true },
			{ cycle: 4, code: 3, pending: false }
		]);
	});

	it('reports MEIP and SEIP from the PLIC; a software SEIP write under a high line changes nothing', () => {
		const m = new Machine({ ramMiB: 1, consoleOut: () => {} });
		m.load(
			assembleOrThrow(`
	.globl _start
_start:
	addi t0, zero, 0x200    # SEIP
	csrs mip, t0            # the line is high already: mip does not change (privileged §3.1.9: an OR)
	csrc mip, t0            # nor here
1:	j 1b
`)
		);
		const PLIC = 0x0c00_0000;
		const UART_IRQ = 10;
		const hub = new TraceHub(m);
		const got: EventOf<'interrupt-pending'>[] = [];
		hub.subscribe(['interrupt-pending'], (e) => e.kind === 'interrupt-pending' && got.push(e));
		m.bus.write(PLIC + 4 * UART_IRQ, 4, 1); // priority 1
		m.bus.write(PLIC + 0x2000, 4, 1 << UART_IRQ); // context 0 (hart 0 M) enables it
		m.bus.write(PLIC + 0x2080, 4, 1 << UART_IRQ); // context 1 (hart 0 S) too
		m.plic.setSource(UART_IRQ, true);
		const seen = () => got.splice(0).map(({ code, pending }) => `${code}:${pending}`);
		expect(seen().sort()).toEqual(['11:true', '9:true']);
		m.run(3);
		expect(seen()).toEqual([]);
		expect(m.bus.read(PLIC + 0x20_0004, 4)).toBe(UART_IRQ); // claim from context 0
		expect(seen().sort()).toEqual(['11:false', '9:false']);
	});

	it('installs the pending hook only while subscribed', () => {
		const m = new Machine({ ramMiB: 1, consoleOut: () => {} });
		m.load(assembleOrThrow(TIMER));
		const hub = new TraceHub(m);
		new Statistics(hub);
		expect(m.hart.onPending).toBeUndefined();
		const off = hub.subscribe(['interrupt-pending'], () => {});
		expect(m.hart.onPending).toBeTypeOf('function');
		off();
		expect(m.hart.onPending).toBeUndefined();
	});
});

describe('firmware timer hand-off', () => {
	// S-mode kernel under the TypeScript SBI: set_timer(60) arms the M timer (cycle 600), the kernel
	// waits with STIE and SIE set; the firmware takes MTIP and hands it on as STIP.
	const KERNEL = `
	.globl _start
_start:
	la t0, strap
	csrw stvec, t0
	addi t0, zero, 0x20
	csrs sie, t0             # STIE
	csrsi sstatus, 2         # SIE
	addi a0, zero, 60
	addi a1, zero, 0
	li a7, 0x54494D45        # TIME
	addi a6, zero, 0
	ecall                    # set_timer(60)
	.rept 1000
	nop
	.endr
	.balign 4
strap:
	csrr s1, scause
	addi a0, zero, 0
	addi a1, zero, 0
	li a7, 0x53525354        # SRST: shutdown
	addi a6, zero, 0
	ecall
`;

	it('emits timer-armed, then timer-handoff with the STIP that follows, before the S interrupt', () => {
		const { program, errors } = assemble(KERNEL, { base: 0x8020_0000 });
		expect(errors).toEqual([]);
		const m = new Machine({ ramMiB: 8, consoleOut: () => {} });
		m.load(program);
		expect(m.firmware).toBe('sbi');
		const hub = new TraceHub(m);
		const events: TraceEvent[] = [];
		hub.subscribe(['firmware-event', 'interrupt-pending', 'trap'], (e) => events.push(e));
		expect(m.run(10_000).kind).toBe('exited');
		expect(m.hart.x[9] >>> 0).toBe(0x8000_0005); // scause: supervisor timer interrupt
		const seq = events.map((e) =>
			e.kind === 'firmware-event'
				? `fw ${e.what} ${e.value} @${e.cycle}`
				: e.kind === 'interrupt-pending'
					? `mip ${e.code} ${e.pending} @${e.cycle}`
					: e.kind === 'trap'
						? `trap ${(e.cause >>> 0).toString(16)} ${e.from}>${e.to} @${e.cycle}`
						: e.kind
		);
		const trapCost = 10;
		// The ECALL is reached at: la 2, csrw 2, addi 1, csrs 2, csrsi 2, addi 1, addi 1, li 2, addi 1,
		// ecall 2 = 16 cycles; it traps into M (trapCost), where the firmware arms the timer. At the
		// deadline MTIP traps into M too, the firmware hands it on as STIP, and S takes its own trap.
		expect(seq.slice(0, 7)).toEqual([
			`trap 9 1>3 @${16 + trapCost}`,
			`fw timer-armed 60 @${16 + trapCost}`,
			'mip 7 true @600',
			`trap 80000007 1>3 @${600 + trapCost}`,
			`fw timer-handoff 60 @${600 + trapCost}`,
			`mip 5 true @${600 + trapCost}`,
			`trap 80000005 1>1 @${600 + 2 * trapCost}`
		]);
	});

	it('is a kind of the firmware layer, carried by both exporters and the CLI kind list', () => {
		expect(SOURCE_OF['firmware-event']).toBe('firmware');
		for (const k of ['firmware-event', 'tlb-lookup', 'interrupt-pending'])
			expect(eventKinds()).toContain(k);
		expect(parseKinds('firmware-event,tlb-lookup,interrupt-pending')).toEqual([
			'firmware-event',
			'tlb-lookup',
			'interrupt-pending'
		]);
		const e: TraceEvent = {
			kind: 'firmware-event',
			cycle: 600,
			hart: 0,
			what: 'timer-handoff',
			value: 60
		};
		expect(JSON.parse(toJsonLines([e]).trim())).toEqual(e);
		const chrome = new ChromeTraceBuilder({ harts: 1 });
		chrome.add(e);
		chrome.add({ kind: 'tlb-lookup', cycle: 601, hart: 0, va: VA, hit: false, asid: 0 });
		chrome.add({ kind: 'interrupt-pending', cycle: 602, hart: 0, code: 5, pending: true });
		const out = chrome.finish([700]);
		const names = out.traceEvents.map((t) => t.name);
		expect(names).toEqual(
			expect.arrayContaining(['firmware timer-handoff', 'tlb miss 0x40000000', 'irq 5 pending'])
		);
		const processes = out.traceEvents.filter((t) => t.name === 'process_name').map((t) => t.args?.name);
		expect(processes).toEqual(expect.arrayContaining(['cpu', 'mmu', 'firmware']));
	});
});

describe('an SBI call in the trace', () => {
	it('is what it is: a trap into M (cause 9), the firmware call, and a return to S after the ECALL', () => {
		const { program, errors } = assemble(
			`_start:	li a7, 0x10        # BASE
	li a6, 0                  # get_spec_version
	ecall
	li a7, 0x53525354         # SRST: shutdown
	li a6, 0
	li a0, 0
	li a1, 0
	ecall
`,
			{ base: 0x8020_0000 }
		);
		expect(errors).toEqual([]);
		const m = new Machine({ ramMiB: 8 });
		m.load(program);
		const hub = new TraceHub(m);
		const seen: string[] = [];
		hub.subscribe(['trap', 'trap-return', 'firmware-call', 'insn'], (e) => {
			if (e.kind === 'trap')
				seen.push(`trap ${e.cause} ${e.from}>${e.to} epc ${(e.epc - 0x8020_0000) >>> 0}`);
			else if (e.kind === 'trap-return')
				seen.push(`return ${e.from}>${e.to} to ${(e.target - 0x8020_0000) >>> 0}`);
			else if (e.kind === 'firmware-call') seen.push(`sbi ${e.eid.toString(16)}/${e.fid}`);
			else if (e.kind === 'insn' && e.bits === 0x73) seen.push('ecall retired');
		});
		expect(m.run(100)).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
		// li a7, 0x10 and li a6, 0 are one instruction each: the ECALL is at +8.
		expect(seen.slice(0, 3)).toEqual(['trap 9 1>3 epc 8', 'sbi 10/0', 'return 3>1 to 12']);
		expect(seen).not.toContain('ecall retired');
	});
});

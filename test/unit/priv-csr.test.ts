/**
 * Supervisor CSRs and the trap router, exactly (where QEMU's WARL choices differ, the programs in
 * test/programs/priv mask them; here vmscope's values are pinned): views of mstatus/mie/mip, the
 * writable bits of medeleg/mideleg, SEIP as software bit OR line, interrupt priority and enables
 * across modes, delegation never from M, and the firmware hook only for undelegated S ECALLs.
 */
import { describe, expect, it } from 'vitest';
import { Mode } from '../../src/lib/sim/hart/causes';
import { a0, a1, RAM, run } from './hart-harness';

const csrw = (csr: number) => ((csr << 20) | (11 << 15) | (1 << 12) | 0x73) >>> 0; // csrw csr, a1
const csrr = (csr: number) => ((csr << 20) | (2 << 12) | (10 << 7) | 0x73) >>> 0; // csrr a0, csr
const csrs = (csr: number) => ((csr << 20) | (11 << 15) | (2 << 12) | 0x73) >>> 0; // csrs csr, a1
const csrc = (csr: number) => ((csr << 20) | (11 << 15) | (3 << 12) | 0x73) >>> 0; // csrc csr, a1
const [SSTATUS, SIE, SIP, SATP, MSTATUS, MEDELEG, MIDELEG, MIP] = [
	0x100, 0x104, 0x144, 0x180, 0x300, 0x302, 0x303, 0x344
];
const NOP = 0x00000013;
const ECALL = 0x00000073;

/** Write a1 to one CSR and read another back into a0, in `mode`. */
function writeRead(
	w: number,
	r: number,
	value: number,
	mode = Mode.Machine,
	setup?: Parameters<typeof run>[4]
) {
	return run([csrw(w), csrr(r)], { [a1]: value }, 2, {}, (m) => {
		m.hart.mode = mode;
		setup?.(m);
	});
}

describe('supervisor views (§4.1.1, §4.1.3)', () => {
	it('sstatus shows and writes only SIE, SPIE, SPP, SUM, MXR of mstatus', () => {
		const r = writeRead(SSTATUS, MSTATUS, -1, Mode.Supervisor);
		expect(r.u(a0)).toBe(0); // S cannot read mstatus: illegal, a0 untouched
		expect(r.m.hart.mstatus & 0xffff_f000 & ~(3 << 11)).toBe((1 << 18) | (1 << 19));
		expect(r.m.hart.mstatus & 0x1ff).toBe((1 << 1) | (1 << 5) | (1 << 8));
		expect(writeRead(MSTATUS, SSTATUS, -1).u(a0)).toBe(0x000c_0122);
	});

	it('mstatus.MPP ignores the reserved value 2', () => {
		expect((writeRead(MSTATUS, MSTATUS, 2 << 11).u(a0) >>> 11) & 3).toBe(3);
		expect((writeRead(MSTATUS, MSTATUS, 1 << 11).u(a0) >>> 11) & 3).toBe(1);
	});

	it('medeleg keeps bits 0-9, 12, 13, 15 (ECALL from M is read-only 0); mideleg only SSI, STI, SEI', () => {
		expect(writeRead(MEDELEG, MEDELEG, -1).u(a0)).toBe(0xb3ff);
		expect(writeRead(MIDELEG, MIDELEG, -1).u(a0)).toBe(0x222);
	});

	it('sie and sip show only delegated interrupts; from S only SSIP is writable in sip', () => {
		const setup = (m: import('../../src/lib/sim/machine/machine').Machine) => {
			m.hart.mideleg = 0x22; // SSI, STI
			m.hart.mip = 0x0a0; // MTIP, STIP
		};
		expect(writeRead(SIE, SIE, -1, Mode.Supervisor, setup).u(a0)).toBe(0x22);
		const sip = writeRead(SIP, SIP, -1, Mode.Supervisor, setup);
		expect(sip.u(a0)).toBe(0x22); // SSIP set, STIP as it was
		expect(sip.m.hart.mip).toBe(0x0a2);
		const clear = writeRead(SIP, SIP, 0, Mode.Supervisor, setup);
		expect(clear.u(a0)).toBe(0x20); // STIP is read-only from S
	});

	it('mip.SEIP reads as the software bit OR the PLIC line; CSRRS/CSRRC modify the software bit only', () => {
		const r = run([csrs(MIP), csrr(MIP)], { [a1]: 0 }, 2, {}, (m) =>
			m.hart.setInterruptLine(1 << 9, true)
		);
		expect(r.u(a0)).toBe(1 << 9);
		r.m.hart.setInterruptLine(1 << 9, false);
		expect(r.m.hart.mip).toBe(0); // the csrs wrote the software bit back as it was (0)
		const s = run([csrs(MIP), csrc(MIP)], { [a1]: 1 << 9 }, 1);
		s.m.hart.setInterruptLine(1 << 9, true);
		s.m.hart.setInterruptLine(1 << 9, false);
		expect(s.m.hart.mip).toBe(1 << 9); // software bit still set
	});

	it('menvcfg and senvcfg keep FIOM only; scounteren and mcounteren keep all 32 bits', () => {
		expect(writeRead(0x30a, 0x30a, -1).u(a0)).toBe(1);
		expect(writeRead(0x10a, 0x10a, -1, Mode.Supervisor).u(a0)).toBe(1);
		expect(writeRead(0x106, 0x106, -1, Mode.Supervisor).u(a0)).toBe(0xffff_ffff);
		expect(writeRead(0x306, 0x306, -1).u(a0)).toBe(0xffff_ffff);
	});

	it('time is gated like cycle: mcounteren.TM for S, and scounteren.TM too for U', () => {
		const read = (mode: Mode, mc: number, sc: number) =>
			run([csrr(0xc01)], {}, 1, {}, (m) => {
				[m.hart.mode, m.hart.mcounteren, m.hart.scounteren] = [mode, mc, sc];
			}).m.hart.mcause;
		expect(read(Mode.Supervisor, 0, 0)).toBe(2);
		expect(read(Mode.Supervisor, 2, 0)).toBe(0);
		expect(read(Mode.User, 2, 0)).toBe(2);
		expect(read(Mode.User, 2, 2)).toBe(0);
		expect(read(Mode.User, 0, 2)).toBe(2);
	});

	it('satp keeps all 32 bits (Sv32, 9 ASID bits); TVM makes it illegal in S, not in M', () => {
		expect(writeRead(SATP, SATP, -1).u(a0)).toBe(0xffff_ffff);
		const s = run([csrw(SATP)], { [a1]: 5 }, 1, {}, (m) => {
			m.hart.mode = Mode.Supervisor;
			m.hart.mstatus |= 1 << 20;
		});
		expect([s.m.hart.mcause, s.m.hart.mtval >>> 0]).toEqual([2, csrw(SATP)]);
	});
});

describe('interrupts across modes (§3.1.9)', () => {
	// Handlers in a field of NOPs: the one step run executes the handler's first instruction.
	const NOPS: number[] = Array(128).fill(NOP);
	const MTVEC = RAM + 0x100;
	const STVEC = RAM + 0x180;
	const take = (mode: Mode, mip: number, mie: number, mideleg: number, mstatus = 0) =>
		run(NOPS, {}, 1, {}, (m) => {
			const h = m.hart;
			[h.mtvec, h.stvec] = [MTVEC, STVEC];
			[h.mode, h.mip, h.mie, h.mideleg, h.mstatus] = [mode, mip, mie, mideleg, mstatus];
		}).m.hart;

	it('M interrupts come before S ones, and MEI > MSI > MTI > SEI > SSI > STI', () => {
		expect(take(Mode.User, 0xaaa, 0xaaa, 0x222).mcause >>> 0).toBe(0x8000_000b);
		expect(take(Mode.User, 0x2a8, 0xaaa, 0x222).mcause >>> 0).toBe(0x8000_0003);
		expect(take(Mode.User, 0x2a2, 0xaaa, 0x222).mcause >>> 0).toBe(0x8000_0007);
		const s = take(Mode.User, 0x222, 0xaaa, 0x222);
		expect([s.scause >>> 0, s.mode, s.pc]).toEqual([0x8000_0009, Mode.Supervisor, STVEC + 4]);
		expect(take(Mode.User, 0x022, 0xaaa, 0x222).scause >>> 0).toBe(0x8000_0001);
	});

	it('an S interrupt is taken in U always, in S only with SIE, in M never', () => {
		expect(take(Mode.User, 0x20, 0x20, 0x20).scause >>> 0).toBe(0x8000_0005);
		expect(take(Mode.Supervisor, 0x20, 0x20, 0x20).traps).toBe(0);
		expect(take(Mode.Supervisor, 0x20, 0x20, 0x20, 1 << 1).scause >>> 0).toBe(0x8000_0005);
		expect(take(Mode.Machine, 0x20, 0x20, 0x20, (1 << 1) | (1 << 3)).traps).toBe(0);
	});

	it('an M interrupt is taken below M whatever MIE says; an undelegated S interrupt goes to M', () => {
		const h = take(Mode.Supervisor, 0x80, 0x80, 0);
		expect([h.mcause >>> 0, h.mode, (h.mstatus >>> 11) & 3]).toEqual([0x8000_0007, Mode.Machine, 1]);
		expect(take(Mode.Supervisor, 0x20, 0x20, 0, 0).mcause >>> 0).toBe(0x8000_0005);
	});

	it('vectored stvec sends interrupts to BASE + 4 × cause, exceptions to BASE', () => {
		const h = run(NOPS, {}, 1, {}, (m) => {
			const t = m.hart;
			t.stvec = STVEC | 1;
			[t.mode, t.mip, t.mie, t.mideleg] = [Mode.User, 0x2, 0x2, 0x2];
		}).m.hart;
		expect([h.scause >>> 0, h.pc]).toEqual([0x8000_0001, STVEC + 4 + 4]); // ran the NOP at BASE + 4
		const e = run([ECALL], {}, 1, {}, (m) => {
			m.hart.stvec = STVEC | 1;
			m.hart.medeleg = 1 << 8;
			m.hart.mode = Mode.User;
		}).m.hart;
		expect([e.pc, e.scause, e.sepc >>> 0]).toEqual([STVEC, 8, RAM]);
	});
});

describe('delegation (§3.1.8)', () => {
	it('exceptions in M are never delegated', () => {
		const h = run([0xffffffff], {}, 1, {}, (m) => (m.hart.medeleg = 0xffff)).m.hart;
		expect([h.mcause, h.mode, h.scause]).toEqual([2, Mode.Machine, 0]);
	});

	it('M-mode software does not see an S ECALL delegated to S', () => {
		let calls = 0;
		const h = run([ECALL], {}, 1, {}, (m) => {
			m.hart.mode = Mode.Supervisor;
			m.hart.medeleg = 1 << 9;
			m.hart.machineSoftware = { trap: () => (calls++, undefined) };
		}).m.hart;
		expect([calls, h.scause, h.mode]).toEqual([0, 9, Mode.Supervisor]);
	});

	it('SRET restores SIE from SPIE and the mode from SPP, then SPP = U and MPRV = 0', () => {
		const h = run([0x10200073], {}, 1, {}, (m) => {
			const t = m.hart;
			t.mode = Mode.Supervisor;
			t.sepc = RAM + 0x40;
			t.mstatus = (1 << 5) | (1 << 8) | (1 << 17);
		}).m.hart;
		expect([h.pc, h.mode, h.mstatus & ((1 << 1) | (1 << 5) | (1 << 8) | (1 << 17))]).toEqual([
			RAM + 0x40,
			Mode.Supervisor,
			(1 << 1) | (1 << 5)
		]);
	});

	it('MRET to U sets MPP = U and clears MPRV', () => {
		const h = run([0x30200073], {}, 1, {}, (m) => {
			m.hart.mepc = RAM + 0x40;
			m.hart.mstatus = (0 << 11) | (1 << 17) | (1 << 7);
		}).m.hart;
		expect([h.mode, (h.mstatus >>> 11) & 3, h.mstatus & (1 << 17), h.mstatus & (1 << 3)]).toEqual([
			Mode.User,
			0,
			0,
			1 << 3
		]);
	});
});

describe('trigger CSRs with no triggers (debug spec 1.0 §5.7)', () => {
	const [TSELECT, TDATA1, TDATA2, TINFO] = [0x7a0, 0x7a1, 0x7a2, 0x7a4];
	it('tselect keeps 0, tdata1 says "no trigger" (type 0), tinfo reads 1; none of them traps in M', () => {
		for (const [w, r, want] of [
			[TSELECT, TSELECT, 0],
			[TDATA1, TDATA1, 0],
			[TDATA2, TDATA2, 0],
			[TSELECT, TINFO, 1]
		]) {
			const res = writeRead(w, r, 0x5a5a_5a5a);
			expect(res.m.hart.pc).toBe(RAM + 8); // both instructions ran: no illegal-instruction trap
			expect(res.u(a0)).toBe(want);
		}
	});

	it('are M-mode CSRs: S-mode access is illegal', () => {
		const res = writeRead(TSELECT, TDATA1, 0, Mode.Supervisor);
		expect(res.m.hart.pc).not.toBe(RAM + 8);
	});
});

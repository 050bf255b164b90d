/** Zicsr (unprivileged chapter 9) access rules and the M-mode trap machinery (privileged chapter 3). */
import { describe, expect, it } from 'vitest';
import { MISA } from '../../src/lib/sim/hart/csr-file';
import { a0, a1, HANDLER, RAM, run, trapOf } from './hart-harness';

describe('CSR instructions (§9.1)', () => {
	it('csrrw swaps; csrrs sets; csrrc clears; immediate forms use the 5-bit zimm', () => {
		const setScratch = (v: number) => (m: import('../../src/lib/sim/machine/machine').Machine) =>
			(m.hart.mscratch = v);
		let r = run([0x34059573 /* csrrw a0,mscratch,a1 */], { [a1]: 0x1234 }, 1, {}, setScratch(7));
		expect([r.x(a0), r.m.hart.mscratch]).toEqual([7, 0x1234]);
		r = run([0x3405a573 /* csrrs a0,mscratch,a1 */], { [a1]: 0xf0 }, 1, {}, setScratch(0x0f));
		expect([r.x(a0), r.m.hart.mscratch]).toEqual([0x0f, 0xff]);
		r = run([0x3405b573 /* csrrc a0,mscratch,a1 */], { [a1]: 0x0f }, 1, {}, setScratch(0xff));
		expect([r.x(a0), r.m.hart.mscratch]).toEqual([0xff, 0xf0]);
		r = run([0x3402d573 /* csrrwi a0,mscratch,5 */], {}, 1, {}, setScratch(1));
		expect([r.x(a0), r.m.hart.mscratch]).toEqual([1, 5]);
		r = run([0x3401e573 /* csrrsi a0,mscratch,3 */], {}, 1, {}, setScratch(4));
		expect(r.m.hart.mscratch).toBe(7);
		r = run([0x3400f573 /* csrrci a0,mscratch,1 */], {}, 1, {}, setScratch(3));
		expect(r.m.hart.mscratch).toBe(2);
	});

	it('writing a read-only CSR (bits 11:10 = 3) is illegal, with the bits in mtval', () => {
		const r = run([0xf1159573 /* csrrw a0,mvendorid,a1 */], { [a0]: 9 });
		expect(trapOf(r.m)).toEqual({ cause: 2, tval: 0xf1159573, epc: RAM });
		expect(r.x(a0)).toBe(9);
		expect(trapOf(run([0xf115a573 /* csrrs a0,mvendorid,a1 */], { [a1]: 1 }).m).cause).toBe(2);
		expect(trapOf(run([0xc0059573 /* csrrw a0,cycle,a1 */]).m).cause).toBe(2);
	});

	it('csrrs with rs1 = x0 only reads, so it is legal on a read-only CSR', () => {
		const r = run([0xf1402573 /* csrrs a0,mhartid,zero */], { [a0]: 9 });
		expect(r.x(a0)).toBe(0);
		expect(r.m.hart.traps).toBe(0);
		expect(run([0xf1102573 /* csrrs a0,mvendorid,zero */]).m.hart.traps).toBe(0);
	});

	it('an unimplemented CSR is illegal', () => {
		expect(trapOf(run([0x7c002573 /* csrrs a0,0x7c0,zero */]).m)).toEqual({
			cause: 2,
			tval: 0x7c002573,
			epc: RAM
		});
	});

	it('misa reports RV32 with A, I, M, S, U and ignores writes', () => {
		expect(run([0x30102573 /* csrrs a0,misa,zero */]).u(a0)).toBe(MISA >>> 0);
		expect(MISA >>> 0).toBe(0x40141101);
	});

	it('mtvec ignores a reserved MODE; mepc drops its low two bits', () => {
		const r = run([0x30559073 /* csrw mtvec,a1 */], { [a1]: 0x80000102 });
		expect(r.m.hart.mtvec).toBe(HANDLER);
		const v = run([0x30559073 /* csrw mtvec,a1 */], { [a1]: 0x80000101 });
		expect(v.m.hart.mtvec >>> 0).toBe(0x80000101);
		expect(run([0x34159073 /* csrw mepc,a1 */], { [a1]: 0x80000007 }).m.hart.mepc >>> 0).toBe(0x80000004);
	});

	it('mstatus: SIE, MIE, SPIE, MPIE, SPP, MPP, MPRV, SUM, MXR, TVM, TW, TSR are writable; FS/XS/UBE/SD are 0', () => {
		const r = run([0x30059073 /* csrw mstatus,a1 */, 0x30002573 /* csrr a0,mstatus */], { [a1]: -1 }, 2);
		expect(r.u(a0)).toBe(0x7e19aa);
	});

	it('mie keeps the M and S interrupt enables', () => {
		const r = run([0x30459073 /* csrw mie,a1 */, 0x30402573 /* csrr a0,mie */], { [a1]: -1 }, 2);
		expect(r.u(a0)).toBe(0xaaa);
	});

	it('cycle, instret and time count; minstret writes win over the writing instruction', () => {
		const nops = Array(10).fill(0x00000013);
		const r = run([...nops, 0xc0202573 /* csrr a0,instret */], {}, 11);
		expect(r.x(a0)).toBe(10);
		const c = run([...nops, 0xc0002573 /* csrr a0,cycle */], {}, 11);
		expect(c.x(a0)).toBeGreaterThanOrEqual(10);
		const w = run(
			[0xb0259073 /* csrw minstret,a1 */, 0xb0202573 /* csrr a0,minstret */],
			{ [a1]: 1000 },
			2
		);
		expect(w.x(a0)).toBe(1000);
		const t = run([...nops, 0xc0102573 /* csrr a0,time */], {}, 11, { cpuHz: 1000, timebaseHz: 1000 });
		expect(t.x(a0)).toBe(c.x(a0));
	});
});

describe('traps and MRET (privileged §3.1.6.1, §3.3)', () => {
	it('ecall from M: cause 11, tval 0, mepc = the ecall, MIE stacked into MPIE', () => {
		const r = run([0x00000073 /* ecall */], {}, 1, {}, (m) => (m.hart.mstatus |= 1 << 3));
		expect(trapOf(r.m)).toEqual({ cause: 11, tval: 0, epc: RAM });
		expect(r.m.hart.pc).toBe(HANDLER);
		expect(r.m.hart.mstatus & ((1 << 3) | (1 << 7))).toBe(1 << 7);
	});

	it('ebreak: cause 3, tval = its address', () => {
		expect(trapOf(run([0x00000013, 0x00100073 /* ebreak */], {}, 2).m)).toEqual({
			cause: 3,
			tval: RAM + 4,
			epc: RAM + 4
		});
	});

	it('mret returns to mepc and restores MIE from MPIE, setting MPIE', () => {
		const r = run([0x30200073 /* mret */], {}, 1, {}, (m) => {
			m.hart.mepc = RAM + 0x40;
			m.hart.mstatus = (1 << 7) | (3 << 11);
		});
		expect(r.m.hart.pc).toBe(RAM + 0x40);
		expect(r.m.hart.mstatus & 0x88).toBe(0x88);
	});

	it('vectored mtvec sends exceptions to BASE', () => {
		const r = run([0x00000073 /* ecall */], {}, 1, {}, (m) => (m.hart.mtvec = HANDLER | 1));
		expect(r.m.hart.pc).toBe(HANDLER);
	});

	it('in M, sret and sfence.vma execute and wfi with nothing to wait for is a no-op', () => {
		expect(trapOf(run([0x12000073 /* sfence.vma */]).m).cause).toBe(0);
		expect(run([0x12000073 /* sfence.vma */]).m.hart.pc).toBe(RAM + 4);
		expect(run([0x10500073 /* wfi */]).m.hart.pc).toBe(RAM + 4);
		const r = run([0x10200073 /* sret */], {}, 1, {}, (m) => (m.hart.sepc = RAM + 0x40));
		expect(trapOf(r.m).cause).toBe(0);
		expect(r.m.hart.pc).toBe(RAM + 0x40);
	});

	it('a trap whose handler cannot be fetched stops the run instead of looping', () => {
		const r = run([0x00000073 /* ecall */], {}, 100, {}, (m) => (m.hart.mtvec = 0x1000));
		expect(r.m.run(100)).toEqual({ kind: 'trap-loop', pc: 0x1000, cause: 1 });
	});

	it('a pending, enabled interrupt is taken before the next instruction, vectored to BASE + 4 × cause', () => {
		const nop = 0x00000013;
		const r = run(Array(16).fill(nop), {}, 1, {}, (m) => {
			m.hart.mtvec = RAM | 1; // vectored, BASE = RAM: cause 7 lands on word 7, a nop
			m.hart.mie = 1 << 7; // MTIE
			m.hart.mip = 1 << 7; // MTIP, as the CLINT will set it
			m.hart.mstatus |= 1 << 3; // MIE
		});
		expect(trapOf(r.m)).toEqual({ cause: 0x8000_0007, tval: 0, epc: RAM });
		expect(r.m.hart.mcause >>> 0).toBe(0x8000_0007);
		expect(r.m.hart.pc).toBe(RAM + 4 * 7 + 4); // the handler's first instruction ran
		expect(r.m.hart.mstatus & (1 << 3)).toBe(0);
	});

	it('with mstatus.MIE clear in M-mode, a pending interrupt waits', () => {
		const r = run([0x00000013], {}, 1, {}, (m) => {
			m.hart.mie = 1 << 7;
			m.hart.mip = 1 << 7;
		});
		expect(r.m.hart.pc).toBe(RAM + 4);
		expect(r.m.hart.traps).toBe(0);
	});
});

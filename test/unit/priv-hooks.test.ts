/** The hooks other layers build on: TypeScript firmware for S-mode ECALLs, reset into S, interrupt lines. */
import { describe, expect, it } from 'vitest';
import { Mode } from '../../src/lib/sim/hart/causes';
import { a0, HANDLER, RAM, run } from './hart-harness';

const ECALL = 0x00000073;
const ADDI_A0_1 = 0x00150513; // addi a0,a0,1

describe('firmware ECALL hook', () => {
	it('an S-mode ECALL the hook handles retires without a trap and costs trapCost cycles', () => {
		let calls = 0;
		const r = run([ECALL, ADDI_A0_1], {}, 2, { costs: { trap: 50 } }, (m) => {
			m.hart.reset(RAM, Mode.Supervisor);
			m.hart.mtvec = HANDLER;
			m.hart.ecallHook = (h) => {
				calls++;
				h.x[a0] = 41;
				return true;
			};
		});
		expect(calls).toBe(1);
		expect(r.x(a0)).toBe(42);
		expect(r.m.hart.traps).toBe(0);
		expect(r.m.hart.mode).toBe(Mode.Supervisor);
		expect(r.m.hart.instret).toBe(2);
		expect(r.m.hart.cycles).toBeGreaterThanOrEqual(50);
	});
	it('a hook returning false lets the ECALL trap to M with cause 9', () => {
		const r = run([ECALL], {}, 1, {}, (m) => {
			m.hart.reset(RAM, Mode.Supervisor);
			m.hart.mtvec = HANDLER;
			m.hart.ecallHook = () => false;
		});
		expect(r.m.hart.mcause).toBe(9);
		expect(r.m.hart.mode).toBe(Mode.Machine);
		expect(r.m.hart.pc).toBe(HANDLER);
	});
	it('M-mode ECALLs never reach the hook', () => {
		let calls = 0;
		const r = run([ECALL], {}, 1, {}, (m) => {
			m.hart.ecallHook = () => (calls++, true);
		});
		expect(calls).toBe(0);
		expect(r.m.hart.mcause).toBe(11);
	});
});

describe('interrupt lines', () => {
	it('setInterruptLine sets and clears a mip bit', () => {
		const r = run([ADDI_A0_1], {}, 0);
		r.m.hart.setInterruptLine(1 << 11, true);
		expect(r.m.hart.mip).toBe(1 << 11);
		r.m.hart.setInterruptLine(1 << 11, false);
		expect(r.m.hart.mip).toBe(0);
	});
});

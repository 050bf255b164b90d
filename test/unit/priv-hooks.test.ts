/** The hooks other layers build on: M-mode software in TypeScript, observer lists, interrupt lines. */
import { describe, expect, it } from 'vitest';
import { Mode } from '../../src/lib/sim/hart/causes';
import { a0, HANDLER, RAM, run } from './hart-harness';

const ECALL = 0x00000073;
const ADDI_A0_1 = 0x00150513; // addi a0,a0,1

describe('M-mode software in the trap router', () => {
	it('an S-mode ECALL reaches it as a trap into M: counted, observed, then resumed as by MRET', () => {
		const seen: string[] = [];
		const r = run([ECALL, ADDI_A0_1], {}, 2, { costs: { trap: 50 } }, (m) => {
			m.hart.reset(RAM, Mode.Supervisor);
			m.hart.mtvec = HANDLER;
			m.hart.mstatus |= 1 << 3; // MIE: the trap saves it in MPIE, the resume puts it back
			m.hart.hooks.trap.add((cause, _tval, epc) => seen.push(`trap ${cause} at ${epc - RAM}`));
			m.hart.hooks.return.add((pc, from, to, target) =>
				seen.push(`return ${from}->${to} at ${pc - RAM} to ${target - RAM}`)
			);
			m.hart.machineSoftware = {
				trap(h, t) {
					seen.push(
						`software cause ${t.cause} from ${t.from} bits ${t.bits.toString(16)} mode ${h.mode}`
					);
					h.x[a0] = 41;
					return { pc: t.epc + 4, mode: t.from };
				}
			};
		});
		expect(seen).toEqual([
			'trap 9 at 0',
			'software cause 9 from 1 bits 73 mode 3',
			'return 3->1 at 0 to 4'
		]);
		expect(r.x(a0)).toBe(42);
		expect(r.m.hart.traps).toBe(1);
		expect(r.m.hart.mcause).toBe(9);
		expect(r.m.hart.mepc >>> 0).toBe(RAM);
		expect(r.m.hart.mode).toBe(Mode.Supervisor);
		// §3.3.1: an ECALL that traps does not retire; the ADDI does.
		expect(r.m.hart.instret).toBe(1);
		expect(r.m.hart.cycles).toBeGreaterThanOrEqual(50);
		// MRET semantics: MIE back from MPIE, MPIE set, MPP = U.
		expect([
			(r.m.hart.mstatus >>> 3) & 1,
			(r.m.hart.mstatus >>> 7) & 1,
			(r.m.hart.mstatus >>> 11) & 3
		]).toEqual([1, 1, 0]);
	});
	it('software that declines lets the trap vector through mtvec with cause 9', () => {
		let calls = 0;
		const r = run([ECALL], {}, 1, {}, (m) => {
			m.hart.reset(RAM, Mode.Supervisor);
			m.hart.mtvec = HANDLER;
			m.hart.machineSoftware = { trap: () => (calls++, undefined) };
		});
		expect(calls).toBe(1);
		expect(r.m.hart.mcause).toBe(9);
		expect(r.m.hart.mode).toBe(Mode.Machine);
		expect(r.m.hart.pc).toBe(HANDLER);
	});
	it('a pending interrupt the software leaves is taken at once after it resumes', () => {
		const r = run([ECALL, ADDI_A0_1], {}, 1, {}, (m) => {
			m.hart.reset(RAM, Mode.Supervisor);
			m.hart.stvec = HANDLER;
			m.hart.mideleg = 1 << 5;
			m.hart.mie = 1 << 5;
			m.hart.mstatus |= 1 << 1; // SIE
			m.hart.machineSoftware = {
				trap(h, t) {
					h.setInterruptLine(1 << 5, true); // STIP, as the firmware passes a timer on
					return { pc: t.epc + 4, mode: t.from };
				}
			};
		});
		// One step: the ECALL trapped to M, was resumed, and the S timer interrupt followed at pc + 4.
		expect(r.m.hart.scause >>> 0).toBe(0x8000_0005);
		expect(r.m.hart.sepc >>> 0).toBe(RAM + 4);
		expect(r.m.hart.pc).toBe(HANDLER);
		expect(r.m.hart.traps).toBe(2);
	});
	it('traps delegated to S never reach the M-mode software', () => {
		let calls = 0;
		const h = run([ECALL], {}, 1, {}, (m) => {
			m.hart.mode = Mode.Supervisor;
			m.hart.medeleg = 1 << 9;
			m.hart.machineSoftware = { trap: () => (calls++, undefined) };
		}).m.hart;
		expect([calls, h.scause, h.mode]).toEqual([0, 9, Mode.Supervisor]);
	});
});

describe('observer lists', () => {
	it('two observers of the same hook both see every event, and removing one keeps the other', () => {
		const a: number[] = [];
		const b: number[] = [];
		const r = run([ADDI_A0_1, ADDI_A0_1, ADDI_A0_1], {}, 0);
		const offA = r.m.hart.hooks.retire.add((pc) => a.push(pc));
		r.m.hart.hooks.retire.add((pc) => b.push(pc));
		r.m.run(2);
		offA();
		offA(); // twice is harmless
		r.m.run(1);
		expect(a).toEqual([RAM, RAM + 4]);
		expect(b).toEqual([RAM, RAM + 4, RAM + 8]);
	});
	it('with no observer the hot-path field is undefined again; with one it is that function', () => {
		const r = run([ADDI_A0_1], {}, 0);
		const f = () => {};
		const off = r.m.hart.hooks.retire.add(f);
		expect(r.m.hart.onRetire).toBe(f);
		off();
		expect(r.m.hart.onRetire).toBeUndefined();
	});
	it("the machine's one-subscriber setters keep their own place beside the lists", () => {
		const list: number[] = [];
		const slot: number[] = [];
		const r = run([ADDI_A0_1, ADDI_A0_1], {}, 0);
		r.m.hart.hooks.retire.add((pc) => list.push(pc));
		r.m.onRetire = (pc) => slot.push(pc);
		r.m.run(1);
		r.m.onRetire = undefined;
		r.m.run(1);
		expect(slot).toEqual([RAM]);
		expect(list).toEqual([RAM, RAM + 4]);
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

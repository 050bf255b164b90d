/** RV32I (unprivileged chapter 2), one hand-encoded instruction at a time. */
import { describe, expect, it } from 'vitest';
import { a0, a1, a2, DATA, HANDLER, poke32, peek32, ra, RAM, run, trapOf } from './hart-harness';

describe('integer computational instructions (§2.4)', () => {
	it('lui and auipc', () => {
		expect(run([0x12345537 /* lui a0,0x12345 */]).u(a0)).toBe(0x12345000);
		// auipc a0,0xfffff at 0x80000004: pc + (-4096)
		expect(run([0x00000013, 0xfffff517 /* auipc a0,0xfffff */]).u(a0)).toBe(0x80000004 - 0x1000);
	});

	it('addi wraps and sign-extends the immediate', () => {
		expect(run([0xfff58513 /* addi a0,a1,-1 */], { [a1]: 0 }).x(a0)).toBe(-1);
		expect(run([0xfff58513], { [a1]: -2147483648 }).x(a0)).toBe(2147483647);
	});

	it('slti/sltiu compare signed/unsigned against the sign-extended immediate', () => {
		expect(run([0xfff5a513 /* slti a0,a1,-1 */], { [a1]: -2 }).x(a0)).toBe(1);
		expect(run([0xfff5a513], { [a1]: 0 }).x(a0)).toBe(0);
		// §2.4.1: sltiu rd, rs1, -1 compares with 0xffffffff: true for everything but -1 itself
		expect(run([0xfff5b513 /* sltiu a0,a1,-1 */], { [a1]: 0x7fffffff }).x(a0)).toBe(1);
		expect(run([0xfff5b513], { [a1]: -1 }).x(a0)).toBe(0);
	});

	it('xori -1 is not; ori; andi', () => {
		expect(run([0xfff5c513 /* xori a0,a1,-1 */], { [a1]: 0x0f0f0f0f }).u(a0)).toBe(0xf0f0f0f0);
		expect(run([0x7ff5e513 /* ori a0,a1,2047 */], { [a1]: 0x1000 }).u(a0)).toBe(0x17ff);
		expect(run([0xff05f513 /* andi a0,a1,-16 */], { [a1]: 0x12345678 }).u(a0)).toBe(0x12345670);
	});

	it('shifts by immediate', () => {
		expect(run([0x01f59513 /* slli a0,a1,31 */], { [a1]: 3 }).u(a0)).toBe(0x80000000);
		expect(run([0x01f5d513 /* srli a0,a1,31 */], { [a1]: -1 }).x(a0)).toBe(1);
		expect(run([0x41f5d513 /* srai a0,a1,31 */], { [a1]: -2147483648 }).x(a0)).toBe(-1);
	});

	it('register shifts use only the low 5 bits of rs2 (§2.4.2)', () => {
		expect(run([0x00c59533 /* sll a0,a1,a2 */], { [a1]: 1, [a2]: 33 }).x(a0)).toBe(2);
		expect(run([0x00c5d533 /* srl a0,a1,a2 */], { [a1]: -1, [a2]: 0xffffffe0 }).x(a0)).toBe(-1);
		expect(run([0x40c5d533 /* sra a0,a1,a2 */], { [a1]: -256, [a2]: 36 }).x(a0)).toBe(-16);
		expect(run([0x00c5d533 /* srl a0,a1,a2 */], { [a1]: -256, [a2]: 36 }).u(a0)).toBe(0x0ffffff0);
	});

	it('add/sub wrap around; slt/sltu; logic', () => {
		const r = { [a1]: 0x7fffffff, [a2]: 1 };
		expect(run([0x00c58533 /* add a0,a1,a2 */], r).x(a0)).toBe(-2147483648);
		expect(run([0x40c58533 /* sub a0,a1,a2 */], { [a1]: -2147483648, [a2]: 1 }).x(a0)).toBe(2147483647);
		expect(run([0x00c5a533 /* slt a0,a1,a2 */], { [a1]: -1, [a2]: 1 }).x(a0)).toBe(1);
		expect(run([0x00c5b533 /* sltu a0,a1,a2 */], { [a1]: -1, [a2]: 1 }).x(a0)).toBe(0);
		expect(run([0x00c5c533 /* xor a0,a1,a2 */], { [a1]: 0xff00, [a2]: 0x0ff0 }).x(a0)).toBe(0xf0f0);
		expect(run([0x00c5e533 /* or a0,a1,a2 */], { [a1]: 0xff00, [a2]: 0x0ff0 }).x(a0)).toBe(0xfff0);
		expect(run([0x00c5f533 /* and a0,a1,a2 */], { [a1]: 0xff00, [a2]: 0x0ff0 }).x(a0)).toBe(0x0f00);
	});

	it('writes to x0 are discarded (§2.1)', () => {
		expect(run([0x00558013 /* addi zero,a1,5 */], { [a1]: 7 }).x(0)).toBe(0);
		expect(run([0x00005037 /* lui zero,5 */]).x(0)).toBe(0);
		expect(run([0x02c58033 /* mul zero,a1,a2 */], { [a1]: 3, [a2]: 5 }).x(0)).toBe(0);
	});

	it('a load into x0 still performs the access: faults and device side effects happen', () => {
		const fault = run([0x0005a003 /* lw zero,0(a1) */], { [a1]: 0x40 });
		expect(trapOf(fault.m)).toEqual({ cause: 5, tval: 0x40, epc: RAM });
		// lbu zero,0(a1) on the UART's RBR consumes a byte of input
		const uart = run([0x0005c003 /* lbu zero,0(a1) */], { [a1]: 0x1000_0000 }, 1, {}, (m) =>
			m.uart.feed([1, 2])
		);
		expect(uart.x(0)).toBe(0);
		expect(uart.m.uart.read(0)).toBe(2);
		const ram = run([0x0005c003], { [a1]: RAM }, 1);
		expect([ram.x(0), ram.m.hart.pc]).toEqual([0, RAM + 4]);
	});
});

describe('control transfer (§2.5)', () => {
	it('jal links pc+4 and jumps', () => {
		const r = run([0x008000ef /* jal ra,.+8 */]);
		expect(r.u(ra)).toBe(RAM + 4);
		expect(r.m.hart.pc).toBe(RAM + 8);
	});

	it('jal zero and jalr zero jump without linking', () => {
		const j = run([0x0080006f /* jal zero,.+8 */]);
		expect([j.m.hart.pc, j.x(0)]).toEqual([RAM + 8, 0]);
		const jr = run([0x00058067 /* jalr zero,0(a1) */], { [a1]: RAM + 0x41 });
		expect([jr.m.hart.pc, jr.x(0)]).toEqual([RAM + 0x40, 0]);
		const bad = run([0x00058067], { [a1]: RAM + 0x42 });
		expect(trapOf(bad.m)).toEqual({ cause: 0, tval: RAM + 0x42, epc: RAM });
	});

	it('jalr clears bit 0 of the target and reads rs1 before writing rd', () => {
		const r = run([0x00558567 /* jalr a0,5(a1) */], { [a1]: RAM + 0x100 });
		expect(r.m.hart.pc).toBe(RAM + 0x104);
		expect(r.u(a0)).toBe(RAM + 4);
		const same = run([0x000585e7 /* jalr a1,0(a1) */], { [a1]: RAM + 0x40 });
		expect(same.m.hart.pc).toBe(RAM + 0x40);
		expect(same.u(a1)).toBe(RAM + 4);
	});

	it('jalr to a target with bit 1 set raises instruction-address-misaligned; rd is not written', () => {
		const r = run([0x00558567 /* jalr a0,5(a1) */], { [a1]: RAM + 0x101, [a0]: 77 });
		expect(trapOf(r.m)).toEqual({ cause: 0, tval: RAM + 0x106, epc: RAM });
		expect(r.m.hart.pc).toBe(HANDLER);
		expect(r.x(a0)).toBe(77);
	});

	const branches: [string, number, number, number, boolean][] = [
		['beq', 0x00b50663, 5, 5, true],
		['beq', 0x00b50663, 5, 6, false],
		['bne', 0x00b51663, 5, 6, true],
		['blt', 0x00b54663, -1, 1, true],
		['blt', 0x00b54663, 1, -1, false],
		['bge', 0x00b55663, 1, 1, true],
		['bge', 0x00b55663, -1, 1, false],
		['bltu', 0x00b56663, 1, -1, true],
		['bltu', 0x00b56663, -1, 1, false],
		['bgeu', 0x00b57663, -1, 1, true],
		['bgeu', 0x00b57663, 1, 2, false]
	];
	for (const [name, word, x, y, taken] of branches) {
		it(`${name} a0=${x} a1=${y} (…,.+12) is ${taken ? '' : 'not '}taken`, () => {
			expect(run([word], { [a0]: x, [a1]: y }).m.hart.pc).toBe(RAM + (taken ? 12 : 4));
		});
	}

	it('a taken branch to a 2-mod-4 target traps on the branch; not taken it does not', () => {
		const taken = run([0x00b50363 /* beq a0,a1,.+6 */], { [a0]: 1, [a1]: 1 });
		expect(trapOf(taken.m)).toEqual({ cause: 0, tval: RAM + 6, epc: RAM });
		const not = run([0x00b50363], { [a0]: 1, [a1]: 2 });
		expect(not.m.hart.pc).toBe(RAM + 4);
		expect(not.m.hart.mcause).toBe(0);
		expect(not.m.hart.traps).toBe(0);
	});

	it('jal to a misaligned target traps without linking', () => {
		const r = run([0x006000ef /* jal ra,.+6 */], { [ra]: 9 });
		expect(trapOf(r.m)).toEqual({ cause: 0, tval: RAM + 6, epc: RAM });
		expect(r.x(ra)).toBe(9);
	});
});

describe('loads and stores (§2.6)', () => {
	const setup = (m: import('../../src/lib/sim/machine/machine').Machine) => poke32(m, DATA, 0x8081f2f3);
	it('sign- and zero-extend', () => {
		expect(run([0x00058503 /* lb a0,0(a1) */], { [a1]: DATA }, 1, {}, setup).u(a0)).toBe(0xfffffff3);
		expect(run([0x0005c503 /* lbu a0,0(a1) */], { [a1]: DATA }, 1, {}, setup).u(a0)).toBe(0xf3);
		expect(run([0x00059503 /* lh a0,0(a1) */], { [a1]: DATA }, 1, {}, setup).u(a0)).toBe(0xfffff2f3);
		expect(run([0x0005d503 /* lhu a0,0(a1) */], { [a1]: DATA }, 1, {}, setup).u(a0)).toBe(0xf2f3);
		expect(run([0x0005a503 /* lw a0,0(a1) */], { [a1]: DATA }, 1, {}, setup).u(a0)).toBe(0x8081f2f3);
		expect(run([0xffc5a503 /* lw a0,-4(a1) */], { [a1]: DATA + 4 }, 1, {}, setup).u(a0)).toBe(0x8081f2f3);
	});

	it('stores write 1, 2, 4 bytes', () => {
		const v = { [a1]: DATA, [a2]: 0x11223344 };
		expect(peek32(run([0x00c58023 /* sb a2,0(a1) */], v, 1, {}, setup).m, DATA)).toBe(0x8081f244);
		expect(peek32(run([0x00c59023 /* sh a2,0(a1) */], v, 1, {}, setup).m, DATA)).toBe(0x80813344);
		expect(peek32(run([0x00c5a023 /* sw a2,0(a1) */], v, 1, {}, setup).m, DATA)).toBe(0x11223344);
		expect(peek32(run([0x00c5a223 /* sw a2,4(a1) */], v, 1, {}, setup).m, DATA + 4)).toBe(0x11223344);
	});

	it('misaligned loads and stores are performed by default, as on QEMU virt', () => {
		const r = run([0x0005a503 /* lw a0,0(a1) */], { [a1]: DATA + 1 }, 1, {}, (m) => {
			poke32(m, DATA, 0x44332211);
			poke32(m, DATA + 4, 0x88776655);
		});
		expect(r.u(a0)).toBe(0x55443322);
		const s = run([0x00c59023 /* sh a2,0(a1) */], { [a1]: DATA + 3, [a2]: 0xbeef }, 1);
		expect(peek32(s.m, DATA)).toBe(0xef000000);
		expect(peek32(s.m, DATA + 4)).toBe(0x000000be);
	});

	it("with misaligned: 'trap', they raise address-misaligned with tval = the address", () => {
		const opts = { misaligned: 'trap' as const };
		const l = run([0x00059503 /* lh a0,0(a1) */], { [a1]: DATA + 1, [a0]: 5 }, 1, opts);
		expect(trapOf(l.m)).toEqual({ cause: 4, tval: DATA + 1, epc: RAM });
		expect(l.x(a0)).toBe(5);
		const s = run([0x00c5a023 /* sw a2,0(a1) */], { [a1]: DATA + 2 }, 1, opts);
		expect(trapOf(s.m)).toEqual({ cause: 6, tval: DATA + 2, epc: RAM });
	});

	it('accesses to unmapped addresses raise access faults with tval = the address', () => {
		const l = run([0x0005a503 /* lw a0,0(a1) */], { [a1]: 0x4000_0000 });
		expect(trapOf(l.m)).toEqual({ cause: 5, tval: 0x4000_0000, epc: RAM });
		const s = run([0x00c5a023 /* sw a2,0(a1) */], { [a1]: 0x20 });
		expect(trapOf(s.m)).toEqual({ cause: 7, tval: 0x20, epc: RAM });
		// the last word of RAM is fine, one byte beyond is not
		const end = RAM + 1024 * 1024;
		expect(trapOf(run([0xffc5a503 /* lw a0,-4(a1) */], { [a1]: end }).m).cause).toBe(0);
		expect(trapOf(run([0x0005a503], { [a1]: end - 2 }).m)).toEqual({ cause: 5, tval: end - 2, epc: RAM });
	});

	it('a store over an already-executed instruction changes what runs next time', () => {
		// loop: addi a0,a0,1 ; sw a2,0(a1) ; jal zero,loop — the store replaces the addi with addi a0,a0,16
		const r = run(
			[0x00150513 /* addi a0,a0,1 */, 0x00c5a023 /* sw a2,0(a1) */, 0xff9ff06f /* j .-8 */],
			{
				[a1]: RAM,
				[a2]: 0x01050513 /* addi a0,a0,16 */
			},
			4
		);
		expect(r.x(a0)).toBe(17);
	});
});

describe('fetch and decode', () => {
	it('fetching outside RAM raises instruction access fault with tval = pc', () => {
		const r = run([0x000580e7 /* jalr ra,0(a1) */], { [a1]: 0x1000 }, 2);
		expect(trapOf(r.m)).toEqual({ cause: 1, tval: 0x1000, epc: 0x1000 });
	});

	it('illegal encodings raise illegal instruction with tval = the bits', () => {
		// zero word, all ones, opcode 0x7f (≥ 64-bit encodings), bad funct7 on an R-type, slli with
		// shamt[5] = 1 (reserved on RV32, §2.4.1), SYSTEM funct3 = 4, ecall with rd ≠ 0
		for (const w of [
			0x00000000,
			0xffffffff,
			0x0000707f,
			0x02c5f5b3 | (1 << 31),
			0x02059513,
			0x00004073,
			0x000000f3
		]) {
			const r = run([w]);
			expect(trapOf(r.m)).toEqual({ cause: 2, tval: w >>> 0, epc: RAM });
		}
	});

	it('fences do nothing visible; fence.i keeps running', () => {
		const r = run([0x0ff0000f /* fence */, 0x8330000f /* fence.tso */, 0x0000100f /* fence.i */], {}, 3);
		expect(r.m.hart.pc).toBe(RAM + 12);
		expect(r.m.hart.traps).toBe(0);
	});
});

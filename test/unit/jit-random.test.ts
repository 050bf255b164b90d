/**
 * The translator against the interpreter on seeded random programs (fast-check): ALU and M ops,
 * loads and stores (aligned, misaligned, outside RAM), branches and jumps forward and back, jumps into
 * the middle of blocks (JALR into the code), self-modifying stores into the code and FENCE.I, counter
 * reads (mcycle, minstret: exact cycles mid-run), ECALL, and a periodic machine timer interrupt whose
 * period is random, so interrupts land on many instruction boundaries. Each program runs under both
 * engines through a random list of budgets, the whole machine state compared at every stop.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble, formatError } from '../../src/lib/sim/isa/asm';
import type { Program } from '../../src/lib/sim/isa/program';
import { Machine, type Engine } from '../../src/lib/sim/machine/machine';
import './fast-check-seed';
import { lockstep } from './jit-harness';

// Registers: x1–x8 are the program's; x9 points at data, x10 at the code, x11/x12 hold instruction
// words for self-modifying stores, x13 the timer period, x14 mtimecmp; x15/x16 the trap handler's.
const DATA = 0x8000_8000;
const BODY = 40; // the body's instructions are labelled L0… so branches can target any of them

const rd = fc.integer({ min: 0, max: 8 });
const rs = fc.integer({ min: 0, max: 13 });
const imm12 = fc.integer({ min: -2048, max: 2047 });
const label = fc.integer({ min: 0, max: BODY - 1 }).map((k) => `L${k}`);

const R_OPS = ['add', 'sub', 'sll', 'slt', 'sltu', 'xor', 'srl', 'sra', 'or', 'and'];
const M_OPS = ['mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'];
const I_OPS = ['addi', 'slti', 'sltiu', 'xori', 'ori', 'andi'];
const LOADS = ['lw', 'lh', 'lhu', 'lb', 'lbu'];
const STORES = ['sw', 'sh', 'sb'];
const BRANCHES = ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'];

/** One instruction of the body, as assembly. */
const insn: fc.Arbitrary<string> = fc.oneof(
	{
		weight: 8,
		arbitrary: fc
			.tuple(fc.constantFrom(...R_OPS, ...M_OPS), rd, rs, rs)
			.map(([o, d, a, b]) => `${o} x${d}, x${a}, x${b}`)
	},
	{
		weight: 8,
		arbitrary: fc
			.tuple(fc.constantFrom(...I_OPS), rd, rs, imm12)
			.map(([o, d, a, i]) => `${o} x${d}, x${a}, ${i}`)
	},
	{
		weight: 2,
		arbitrary: fc
			.tuple(fc.constantFrom('slli', 'srli', 'srai'), rd, rs, fc.integer({ min: 0, max: 31 }))
			.map(([o, d, a, i]) => `${o} x${d}, x${a}, ${i}`)
	},
	{
		weight: 1,
		arbitrary: fc
			.tuple(fc.constantFrom('lui', 'auipc'), rd, fc.integer({ min: 0, max: 0xfffff }))
			.map(([o, d, i]) => `${o} x${d}, ${i}`)
	},
	// Data accesses near x9: mostly aligned, some not (the slow path emulates them), some far.
	{
		weight: 6,
		arbitrary: fc
			.tuple(fc.constantFrom(...LOADS), rd, fc.integer({ min: 0, max: 255 }))
			.map(([o, d, i]) => `${o} x${d}, ${i * 4}(x9)`)
	},
	{
		weight: 6,
		arbitrary: fc
			.tuple(fc.constantFrom(...STORES), rs, fc.integer({ min: 0, max: 255 }))
			.map(([o, s, i]) => `${o} x${s}, ${i * 4}(x9)`)
	},
	{
		weight: 1,
		arbitrary: fc
			.tuple(fc.constantFrom(...LOADS, ...STORES), rs, rs, imm12)
			.map(([o, a, b, i]) => `${o} x${o.startsWith('s') ? a : Math.min(a, 8)}, ${i}(x${b})`)
	},
	{
		weight: 6,
		arbitrary: fc
			.tuple(fc.constantFrom(...BRANCHES), rs, rs, label)
			.map(([o, a, b, l]) => `${o} x${a}, x${b}, ${l}`)
	},
	{ weight: 1, arbitrary: fc.tuple(fc.constantFrom(0, 1), label).map(([d, l]) => `jal x${d}, ${l}`) },
	// Into the code at any word (the middle of a translated block), or misaligned (a trap).
	{
		weight: 1,
		arbitrary: fc
			.tuple(fc.constantFrom(0, 1), fc.integer({ min: 0, max: 4 * BODY + 40 }))
			.map(([d, o]) => `jalr x${d}, ${o & ~1}(x10)`)
	},
	// Self-modifying code: one of two harmless instructions over a body word, maybe then FENCE.I.
	{
		weight: 2,
		arbitrary: fc
			.tuple(fc.constantFrom(11, 12), fc.integer({ min: 0, max: BODY - 1 }))
			.map(([r, k]) => `sw x${r}, ${(k + 8) * 4}(x10)`)
	},
	{ weight: 1, arbitrary: fc.constant('fence.i') },
	{
		weight: 1,
		arbitrary: fc
			.tuple(rd, fc.constantFrom('mcycle', 'minstret', 'mcycleh'))
			.map(([d, c]) => `csrr x${d}, ${c}`)
	},
	{ weight: 1, arbitrary: fc.constant('ecall') },
	{ weight: 1, arbitrary: fc.constant('fence') }
);

function program(body: readonly string[], period: number, inits: readonly number[]): Program {
	const lines = [
		'.globl _start',
		'_start:',
		'  la x10, _start',
		'  la x15, handler',
		'  csrw mtvec, x15',
		'  li x9, ' + DATA,
		'  li x11, 0x00108093', // addi x1, x1, 1
		'  li x12, 0x0031c133', // xor x2, x3, x3
		'  j setup',
		...body.map((s, k) => `L${k}: ${s}`),
		`  j L0`,
		'setup:',
		...inits.map((v, k) => `  li x${k + 1}, ${v | 0}`),
		`  li x13, ${period}`,
		'  li x14, 0x02004000',
		'  sw x13, 0(x14)',
		'  sw x0, 4(x14)',
		'  li x15, 0x80',
		'  csrw mie, x15',
		'  csrsi mstatus, 8',
		'  j L0',
		// Exceptions resume after the instruction; the timer re-arms itself period ticks on.
		'handler:',
		'  csrr x15, mcause',
		'  bltz x15, timer',
		'  csrr x15, mepc',
		'  addi x15, x15, 4',
		'  csrw mepc, x15',
		'  mret',
		'timer:',
		'  li x16, 0x0200bff8',
		'  lw x15, 0(x16)',
		'  add x15, x15, x13',
		'  sw x15, 0(x14)',
		'  mret'
	];
	const { program, errors } = assemble(lines.join('\n'));
	expect(errors.map(formatError)).toEqual([]);
	return program;
}

describe('translator = interpreter on random programs', () => {
	it('every stop of every budget list', () => {
		fc.assert(
			fc.property(
				fc.array(insn, { minLength: BODY, maxLength: BODY }),
				fc.integer({ min: 3, max: 400 }),
				fc.array(fc.integer(), { minLength: 8, maxLength: 8 }),
				fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }),
				(body, period, inits, budgets) => {
					const p = program(body, period, inits);
					const make = (engine: Engine) => {
						const m = new Machine({ ramMiB: 1 / 16, engine });
						m.load(p);
						return m;
					};
					lockstep(make, budgets, 6000);
				}
			),
			{ numRuns: 300 }
		);
	});

	it('budgets of every size from 1 to 200 on one looping program', () => {
		const body = Array.from({ length: BODY }, (_, k) =>
			k % 7 === 6 ? `bne x1, x0, L${k - 5}` : k % 5 === 0 ? `lw x2, ${k * 4}(x9)` : `addi x1, x1, -1`
		);
		const p = program(body, 97, [1000, 2, 3, 4, 5, 6, 7, 8]);
		for (let n = 1; n <= 200; n++) {
			const make = (engine: Engine) => {
				const m = new Machine({ ramMiB: 1 / 16, engine });
				m.load(p);
				return m;
			};
			const r = lockstep(make, [n], 3000);
			expect(r.jit.hart.jit?.compiled ?? 0, `budget ${n}`).toBeGreaterThan(0);
		}
	});

	it('a looping block that rewrites its own next instruction, and its own previous one', () => {
		for (const [at, before] of [
			['target', false],
			['loop', true]
		] as const) {
			const source = [
				'_start:',
				`  la x10, ${at}`,
				'  li x11, 0x00108093', // addi x1, x1, 1
				'  li x12, 0x00200000', // toggles it with addi x1, x1, 3
				'  li x5, 500',
				...(before ? ['  j loop', 'spare: addi x1, x1, 1'] : []),
				'loop:',
				...(before ? ['  addi x1, x1, 1'] : []),
				'  xor x11, x11, x12',
				'  sw x11, 0(x10)',
				'target: addi x1, x1, 1',
				'  addi x5, x5, -1',
				'  bnez x5, loop',
				'end: j end'
			].join('\n');
			const { program, errors } = assemble(source);
			expect(errors.map(formatError)).toEqual([]);
			for (const n of [1, 5, 64, 1000, 100_000]) {
				const make = (engine: Engine) => {
					const m = new Machine({ ramMiB: 1 / 16, engine });
					m.load(program);
					return m;
				};
				const r = lockstep(make, [n], 4000);
				expect(r.jit.hart.x[1]).toBe(r.interp.hart.x[1]);
			}
		}
	});
});

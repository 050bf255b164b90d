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
import { BODY, DATA, insn } from './jit-programs';

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
				// How soon blocks are translated: at the first fetch (every word starts one), or when hot.
				fc.constantFrom(1, 2, 24),
				(body, period, inits, budgets, hot) => {
					const p = program(body, period, inits);
					const make = (engine: Engine) => {
						const m = new Machine({ ramMiB: 1 / 16, engine });
						m.load(p);
						if (m.hart.jit) m.hart.jit.hot = hot;
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

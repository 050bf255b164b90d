/**
 * The translator against the interpreter with Sv32 on: random programs in S-mode over 4 KiB pages
 * (the random mix of jit-programs.ts) that also remap pages under themselves — a data page flipped
 * between two frames, the page holding a called function flipped between two frames with different
 * code — with and without SFENCE.VMA, page faults (an unmapped page) and the timer interrupt, under
 * random budgets, the whole state compared at every stop.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble, formatError } from '../../src/lib/sim/isa/asm';
import type { Program } from '../../src/lib/sim/isa/program';
import { Machine, type Engine } from '../../src/lib/sim/machine/machine';
import './fast-check-seed';
import { lockstep } from './jit-harness';
import { BODY, DATA, insn } from './jit-programs';

const RAM = 0x8000_0000;
const ROOT = 0x8000_c000;
const LEAF = 0x8000_d000;
/** V R W X A D: a page S-mode may read, write and execute. */
const RWX = 0xcf;
const pte = (page: number) => (((RAM >>> 12) + page) << 10) | RWX;

// Besides jit-programs' registers: x17/x19 a data PTE and its toggle, x18 its address; x20/x22 the
// function page's PTE and toggle, x21 its address; x23 the function's virtual address.
const remap: fc.Arbitrary<string> = fc.oneof(
	fc.constant('xor x17, x17, x19'),
	fc.constant('sw x17, 0(x18)'),
	fc.constant('xor x20, x20, x22'),
	fc.constant('sw x20, 0(x21)'),
	fc.constant('sfence.vma'),
	fc.constant('jalr x1, 0(x23)'),
	// Page 15 is not mapped: a load page fault the handler steps over.
	fc.constant('lw x3, 0(x24)')
);

function program(body: readonly string[], period: number): Program {
	const lines = [
		'_start:',
		'  la x10, _start',
		'  la x15, handler',
		'  csrw mtvec, x15',
		`  li x9, ${DATA}`,
		'  li x11, 0x00108093',
		'  li x12, 0x0031c133',
		`  li x17, ${pte(8)}`,
		`  li x19, ${pte(8) ^ pte(9)}`,
		`  li x18, ${LEAF + 8 * 4}`,
		`  li x20, ${pte(1)}`,
		`  li x22, ${pte(1) ^ pte(2)}`,
		`  li x21, ${LEAF + 1 * 4}`,
		`  li x23, ${RAM + 0x1000}`,
		`  li x24, ${RAM + 0xf000}`,
		`  li x13, ${period}`,
		'  li x14, 0x02004000',
		'  sw x13, 0(x14)',
		'  sw x0, 4(x14)',
		'  li x15, 0x80',
		'  csrw mie, x15',
		// Into S-mode at L0 with Sv32 on.
		`  li x15, ${0x8000_0000 | (ROOT >>> 12) | 0}`,
		'  csrw satp, x15',
		'  li x15, 0x800',
		'  csrs mstatus, x15',
		'  la x15, L0',
		'  csrw mepc, x15',
		'  mret',
		...body.map((s, k) => `L${k}: ${s}`),
		'  j L0',
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

/** The page tables and the two versions of the function, written after loading. */
function setUp(m: Machine): void {
	m.bus.write(ROOT + (RAM >>> 22) * 4, 4, ((LEAF >>> 12) << 10) | 1);
	for (let page = 0; page < 15; page++) m.bus.write(LEAF + page * 4, 4, pte(page));
	const fn = (at: number, words: number[]) => words.forEach((w, k) => m.bus.write(at + 4 * k, 4, w));
	fn(RAM + 0x1000, [0x00110113, 0x00008067]); // addi x2, x2, 1; ret
	fn(RAM + 0x2000, [0x00710113, 0x00208093, 0x00008067]); // addi x2, x2, 7; addi x1, x1, 2; ret
	m.hart.openPmp();
}

describe('translator = interpreter with Sv32 paging and remapping', () => {
	it('random S-mode programs that remap their own pages', () => {
		let translatedInS = 0;
		fc.assert(
			fc.property(
				fc.array(fc.oneof({ weight: 4, arbitrary: insn }, { weight: 1, arbitrary: remap }), {
					minLength: BODY,
					maxLength: BODY
				}),
				fc.integer({ min: 3, max: 400 }),
				fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }),
				// How soon blocks are translated: at the first fetch (every word starts one), or when hot.
				fc.constantFrom(1, 2, 24),
				(body, period, budgets, hot) => {
					const p = program(body, period);
					const make = (engine: Engine) => {
						const m = new Machine({ ramMiB: 1 / 16, engine });
						m.load(p);
						if (m.hart.jit) m.hart.jit.hot = hot;
						setUp(m);
						return m;
					};
					const r = lockstep(make, budgets, 6000);
					expect(r.jit.hart.satp).toBe(r.interp.hart.satp);
					if (r.jit.hart.satp < 0 && (r.jit.hart.jit?.compiled ?? 0) > 3) translatedInS++;
				}
			),
			{ numRuns: 200 }
		);
		// The property is about translated S-mode code: most runs must have some.
		expect(translatedInS).toBeGreaterThan(100);
	});
});

/**
 * The random instruction mix of the translator's differential tests (jit-random, jit-paging), as
 * assembly lines for the body of a program whose instructions are labelled L0…L{BODY-1}.
 */
import fc from 'fast-check';

// Registers: x1–x8 are the program's; x9 points at data, x10 at the code, x11/x12 hold instruction
// words for self-modifying stores, x13 the timer period, x14 mtimecmp; x15/x16 the trap handler's.
export const DATA = 0x8000_8000;
export const BODY = 40; // the body's instructions are labelled L0… so branches can target any of them

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
export const insn: fc.Arbitrary<string> = fc.oneof(
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

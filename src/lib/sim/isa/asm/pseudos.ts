/**
 * Pseudo-instructions, as a table of expansions. Sources: the RISC-V unprivileged spec, chapter 25
 * "RISC-V Assembly Programmer's Handbook" (Tables 25.2 and 25.3), and the RISC-V Assembly
 * Programmer's Manual; where those leave a choice open (which temporary `call rd, sym` and `tail`
 * use, how `li` splits a constant) the expansion is GNU as 2.40's, which the oracle corpus checks.
 */
import { insn } from '../instructions';
import { base, csr, imm, reg, type Emit, type Form } from './emit';
import { StatementError, type Pos } from './errors';
import { hi20, lo12 } from './encoder';
import { constImm, type Imm, type OperandKind } from './operands';

const R: OperandKind = 'reg';
const I: OperandKind = 'imm';
const M: OperandKind = 'mem';
const T: OperandKind = 'target';
const C: OperandKind = 'csr';
const ZERO = 0;
const RA = 1;
const T1 = 6;

type Fields = Omit<Emit, 'insn'>;
const e = (name: string, fields: Fields = {}): Emit => ({ insn: insn(name), ...fields });
const form = (kinds: OperandKind[], build: Form['build']): Form => ({ kinds, build });

/** `op rd, rs` → `name rd, rs, imm` */
const withImm = (name: string, v: number): Form[] => [
	form([R, R], (o, _, at) => [e(name, { rd: reg(o[0]), rs1: reg(o[1]), imm: constImm(v, at) })])
];
/** `op rd, rs` → `name rd, rs1, rs2` where the operand rs goes to `slot` and the other is x0. */
const withZero = (name: string, slot: 'rs1' | 'rs2'): Form[] => [
	form([R, R], (o) => [e(name, { rd: reg(o[0]), rs1: ZERO, rs2: ZERO, [slot]: reg(o[1]) })])
];
/** `bxxz rs, target` → `name` with rs in `slot` and x0 in the other. */
const branchZero = (name: string, slot: 'rs1' | 'rs2'): Form[] => [
	form([R, T], (o) => [e(name, { rs1: ZERO, rs2: ZERO, [slot]: reg(o[0]), imm: imm(o[1]) })])
];
/** `bgt rs, rt, target` → `blt rt, rs, target`: the operands swapped. */
const branchSwap = (name: string): Form[] => [
	form([R, R, T], (o) => [e(name, { rs1: reg(o[1]), rs2: reg(o[0]), imm: imm(o[2]) })])
];
/** `auipc tmp, %pcrel_hi(sym)` then `second` using the low part. */
const pcrel = (tmp: number, target: Imm, second: (lo: Imm) => Emit): Emit[] => [
	e('auipc', { rd: tmp, imm: { ...target, mod: 'pcrel_hi' } }),
	second({ ...target, mod: 'pcrel_lo_prev' })
];
/** `csrX csr, rs` → `csrrX x0, csr, rs`, or the immediate form for `csrX csr, imm` (as GNU as). */
const csrWrite = (reg_: string, imm_: string): Form[] => [
	form([C, R], (o) => [e(reg_, { rd: ZERO, csr: csr(o[0]), rs1: reg(o[1]) })]),
	form([C, I], (o) => [e(imm_, { rd: ZERO, csr: csr(o[0]), imm: imm(o[1]) })])
];
const csrRead = (name: string): Form[] => [
	form([R], (o) => [e('csrrs', { rd: reg(o[0]), csr: csrNumber(name), rs1: ZERO })])
];
const csrNumber = (name: string): number =>
	({ cycle: 0xc00, time: 0xc01, instret: 0xc02, cycleh: 0xc80, timeh: 0xc81, instreth: 0xc82 })[name]!;
/** `lw rd, sym` → `auipc rd, %pcrel_hi(sym); lw rd, %pcrel_lo(.)(rd)` */
const loadSym = (name: string): Form[] => [
	form([R, T], (o) =>
		pcrel(reg(o[0]), imm(o[1]), (lo) => e(name, { rd: reg(o[0]), rs1: reg(o[0]), imm: lo }))
	)
];
/** `sw rs, sym, rt` → `auipc rt, %pcrel_hi(sym); sw rs, %pcrel_lo(.)(rt)` */
const storeSym = (name: string): Form[] => [
	form([R, T, R], (o) =>
		pcrel(reg(o[2]), imm(o[1]), (lo) => e(name, { rs2: reg(o[0]), rs1: reg(o[2]), imm: lo }))
	)
];
/** GNU as accepts `add rd, rs, imm` for `addi` (and likewise for the other register-immediate ops). */
const immAlias = (name: string): Form[] => [
	form([R, R, I], (o) => [e(name, { rd: reg(o[0]), rs1: reg(o[1]), imm: imm(o[2]) })])
];
/** `la`/`lla`: pc-relative, unless the operand is already a known constant, which GNU as loads with `li`. */
const la: Form[] = [
	form([R, T], (o, ctx, at) => {
		const known = ctx.known(imm(o[1]));
		if (known !== undefined) return li(reg(o[0]), known, at);
		return pcrel(reg(o[0]), imm(o[1]), (lo) => e('addi', { rd: reg(o[0]), rs1: reg(o[0]), imm: lo }));
	})
];

/**
 * `li`: GNU as's load_const for RV32 — a 12-bit value is one addi; otherwise lui with the rounded
 * upper part, then addi with the low part unless that is zero (tc-riscv.c load_const).
 */
function li(rd: number, value: number, at: Pos): Emit[] {
	if (value < -0x80000000 || value > 0xffffffff) {
		throw new StatementError(at, `expected a 32-bit value for li, found ${value}`);
	}
	const v = value | 0;
	if (v >= -2048 && v <= 2047) return [e('addi', { rd, rs1: ZERO, imm: constImm(v, at) })];
	const lo = lo12(v);
	const out = [e('lui', { rd, imm: constImm(hi20(v), at) })];
	// GNU as tests the lui's register, not the value: for x0 it is "no upper part", so addi follows.
	if (lo !== 0 || rd === ZERO) out.push(e('addi', { rd, rs1: rd, imm: constImm(lo, at) }));
	return out;
}

export const PSEUDOS: Record<string, Form[]> = {
	nop: [form([], (_, __, at) => [e('addi', { rd: ZERO, rs1: ZERO, imm: constImm(0, at) })])],
	li: [form([R, I], (o, ctx) => li(reg(o[0]), ctx.constant(imm(o[1])), imm(o[1]).at))],
	// Non-PIC code (riscv64-unknown-elf's default): `la` is `lla`.
	la,
	lla: la,
	mv: withImm('addi', 0),
	not: withImm('xori', -1),
	neg: withZero('sub', 'rs2'),
	seqz: withImm('sltiu', 1),
	snez: withZero('sltu', 'rs2'),
	sltz: [form([R, R], (o) => [e('slt', { rd: reg(o[0]), rs1: reg(o[1]), rs2: ZERO })])],
	sgtz: withZero('slt', 'rs2'),
	'zext.b': withImm('andi', 255),
	beqz: branchZero('beq', 'rs1'),
	bnez: branchZero('bne', 'rs1'),
	blez: branchZero('bge', 'rs2'),
	bgez: branchZero('bge', 'rs1'),
	bltz: branchZero('blt', 'rs1'),
	bgtz: branchZero('blt', 'rs2'),
	bgt: branchSwap('blt'),
	ble: branchSwap('bge'),
	bgtu: branchSwap('bltu'),
	bleu: branchSwap('bgeu'),
	j: [form([T], (o) => [e('jal', { rd: ZERO, imm: imm(o[0]) })])],
	jal: [form([T], (o) => [e('jal', { rd: RA, imm: imm(o[0]) })])],
	jr: [
		form([R], (o, _, at) => [e('jalr', { rd: ZERO, rs1: reg(o[0]), imm: constImm(0, at) })]),
		form([R, I], (o) => [e('jalr', { rd: ZERO, rs1: reg(o[0]), imm: imm(o[1]) })]),
		form([M], (o) => [e('jalr', { rd: ZERO, rs1: base(o[0]), imm: imm(o[0]) })])
	],
	jalr: [
		form([R], (o, _, at) => [e('jalr', { rd: RA, rs1: reg(o[0]), imm: constImm(0, at) })]),
		form([R, R], (o, _, at) => [e('jalr', { rd: reg(o[0]), rs1: reg(o[1]), imm: constImm(0, at) })]),
		form([R, R, I], (o) => [e('jalr', { rd: reg(o[0]), rs1: reg(o[1]), imm: imm(o[2]) })]),
		form([M], (o) => [e('jalr', { rd: RA, rs1: base(o[0]), imm: imm(o[0]) })])
	],
	ret: [form([], (_, __, at) => [e('jalr', { rd: ZERO, rs1: RA, imm: constImm(0, at) })])],
	call: [
		form([T], (o) => pcrel(RA, imm(o[0]), (lo) => e('jalr', { rd: RA, rs1: RA, imm: lo }))),
		// GNU as 2.40 keeps the link register and jumps through t1, as `tail` does.
		form([R, T], (o) => pcrel(T1, imm(o[1]), (lo) => e('jalr', { rd: reg(o[0]), rs1: T1, imm: lo })))
	],
	tail: [form([T], (o) => pcrel(T1, imm(o[0]), (lo) => e('jalr', { rd: ZERO, rs1: T1, imm: lo })))],
	jump: [
		form([T, R], (o) =>
			pcrel(reg(o[1]), imm(o[0]), (lo) => e('jalr', { rd: ZERO, rs1: reg(o[1]), imm: lo }))
		)
	],
	fence: [form([], () => [e('fence', { pred: 15, succ: 15 })])],
	'sfence.vma': [
		form([], () => [e('sfence.vma', { rs1: ZERO, rs2: ZERO })]),
		form([R], (o) => [e('sfence.vma', { rs1: reg(o[0]), rs2: ZERO })])
	],
	csrr: [form([R, C], (o) => [e('csrrs', { rd: reg(o[0]), csr: csr(o[1]), rs1: ZERO })])],
	csrw: csrWrite('csrrw', 'csrrwi'),
	csrs: csrWrite('csrrs', 'csrrsi'),
	csrc: csrWrite('csrrc', 'csrrci'),
	csrwi: [csrWrite('csrrw', 'csrrwi')[1]],
	csrsi: [csrWrite('csrrs', 'csrrsi')[1]],
	csrci: [csrWrite('csrrc', 'csrrci')[1]],
	// GNU as also takes an immediate in the register forms: `csrrw a0, mstatus, 5` is csrrwi.
	csrrw: [form([R, C, I], (o) => [e('csrrwi', { rd: reg(o[0]), csr: csr(o[1]), imm: imm(o[2]) })])],
	csrrs: [form([R, C, I], (o) => [e('csrrsi', { rd: reg(o[0]), csr: csr(o[1]), imm: imm(o[2]) })])],
	csrrc: [form([R, C, I], (o) => [e('csrrci', { rd: reg(o[0]), csr: csr(o[1]), imm: imm(o[2]) })])],
	rdcycle: csrRead('cycle'),
	rdtime: csrRead('time'),
	rdinstret: csrRead('instret'),
	rdcycleh: csrRead('cycleh'),
	rdtimeh: csrRead('timeh'),
	rdinstreth: csrRead('instreth'),
	// `unimp` is GNU as's canonical illegal instruction: csrrw x0, cycle, x0 (cycle is read-only).
	unimp: [form([], () => [e('csrrw', { rd: ZERO, csr: 0xc00, rs1: ZERO })])],
	lb: loadSym('lb'),
	lh: loadSym('lh'),
	lw: loadSym('lw'),
	lbu: loadSym('lbu'),
	lhu: loadSym('lhu'),
	sb: storeSym('sb'),
	sh: storeSym('sh'),
	sw: storeSym('sw'),
	add: immAlias('addi'),
	and: immAlias('andi'),
	or: immAlias('ori'),
	xor: immAlias('xori'),
	slt: immAlias('slti'),
	sltu: immAlias('sltiu'),
	sll: immAlias('slli'),
	srl: immAlias('srli'),
	sra: immAlias('srai')
};

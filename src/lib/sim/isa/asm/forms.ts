/**
 * What a mnemonic's operands may look like, and the machine instructions each form stands for.
 * Real instructions get one form each, derived from the table's `syntax`; pseudo-instructions
 * (pseudos.ts) add more forms under the same or new names. The parser picks the first form whose
 * operand count and shapes fit.
 */
import { INSN_BY_NAME, INSNS, type Insn, type Syntax } from '../instructions';
import { base, csr, fence, imm, reg, type Emit, type Form } from './emit';
import type { Operand, OperandKind } from './operands';
import { PSEUDOS } from './pseudos';

export type { Emit, Form } from './emit';

const KINDS: Record<Syntax, OperandKind[]> = {
	none: [],
	'rd,rs1,rs2': ['reg', 'reg', 'reg'],
	'rd,rs1,imm': ['reg', 'reg', 'imm'],
	'rd,rs1,shamt': ['reg', 'reg', 'imm'],
	'rd,imm(rs1)': ['reg', 'mem'],
	'rs2,imm(rs1)': ['reg', 'mem'],
	'rs1,rs2,target': ['reg', 'reg', 'target'],
	'rd,imm20': ['reg', 'imm'],
	'rd,target': ['reg', 'target'],
	'rd,csr,rs1': ['reg', 'csr', 'reg'],
	'rd,csr,zimm': ['reg', 'csr', 'imm'],
	'pred,succ': ['fence', 'fence'],
	'rd,(rs1)': ['reg', 'amem'],
	'rd,rs2,(rs1)': ['reg', 'reg', 'amem'],
	'rs1,rs2': ['reg', 'reg']
};

/** Fields of a real instruction from operands in its table syntax order. */
function realBuild(insn: Insn, o: readonly Operand[], aqrl: number): Emit {
	switch (insn.syntax) {
		case 'none':
			return { insn };
		case 'rd,rs1,rs2':
			return { insn, rd: reg(o[0]), rs1: reg(o[1]), rs2: reg(o[2]) };
		case 'rd,rs1,imm':
		case 'rd,rs1,shamt':
			return { insn, rd: reg(o[0]), rs1: reg(o[1]), imm: imm(o[2]) };
		case 'rd,imm(rs1)':
			return { insn, rd: reg(o[0]), rs1: base(o[1]), imm: imm(o[1]) };
		case 'rs2,imm(rs1)':
			return { insn, rs2: reg(o[0]), rs1: base(o[1]), imm: imm(o[1]) };
		case 'rs1,rs2,target':
			return { insn, rs1: reg(o[0]), rs2: reg(o[1]), imm: imm(o[2]) };
		case 'rd,imm20':
		case 'rd,target':
			return { insn, rd: reg(o[0]), imm: imm(o[1]) };
		case 'rd,csr,rs1':
			return { insn, rd: reg(o[0]), csr: csr(o[1]), rs1: reg(o[2]) };
		case 'rd,csr,zimm':
			return { insn, rd: reg(o[0]), csr: csr(o[1]), imm: imm(o[2]) };
		case 'pred,succ':
			return { insn, pred: fence(o[0]), succ: fence(o[1]) };
		case 'rd,(rs1)':
			return { insn, rd: reg(o[0]), rs1: base(o[1]), imm: imm(o[1]), aqrl };
		case 'rd,rs2,(rs1)':
			return { insn, rd: reg(o[0]), rs2: reg(o[1]), rs1: base(o[2]), imm: imm(o[2]), aqrl };
		case 'rs1,rs2':
			return { insn, rs1: reg(o[0]), rs2: reg(o[1]) };
	}
}

const FORMS = new Map<string, Form[]>();
for (const insn of INSNS) {
	FORMS.set(insn.name, [{ kinds: KINDS[insn.syntax], build: (o) => [realBuild(insn, o, 0)] }]);
}
for (const [name, forms] of Object.entries(PSEUDOS)) FORMS.set(name, [...(FORMS.get(name) ?? []), ...forms]);

/** A-extension suffixes: `.aq` sets bit 26, `.rl` bit 25, `.aqrl` both (unprivileged spec §8.1). */
const AQRL: Record<string, number> = { aq: 2, rl: 1, aqrl: 3 };

/** The forms a mnemonic may take, or undefined for an unknown mnemonic. */
export function formsFor(mnemonic: string): readonly Form[] | undefined {
	const name = mnemonic.toLowerCase();
	const direct = FORMS.get(name);
	if (direct) return direct;
	const m = /^(.*)\.(aq|rl|aqrl)$/.exec(name);
	const insn = m ? INSN_BY_NAME.get(m[1]) : undefined;
	if (!m || !insn?.aqrl) return undefined;
	return [{ kinds: KINDS[insn.syntax], build: (o) => [realBuild(insn, o, AQRL[m[2]])] }];
}

/** Every mnemonic, for tests that check the corpus covers them. */
export function allMnemonics(): string[] {
	return [...FORMS.keys()];
}

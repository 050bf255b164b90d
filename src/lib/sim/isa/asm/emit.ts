/**
 * The parser's output for one instruction, before addresses are known, and the shape of an entry in
 * the form tables (forms.ts for real instructions, pseudos.ts for pseudo-instructions).
 */
import type { Insn } from '../instructions';
import { StatementError, type Pos } from './errors';
import type { Imm, Operand, OperandKind } from './operands';

/** One machine instruction to emit; immediates stay expressions until addresses are known. */
export interface Emit {
	readonly insn: Insn;
	readonly rd?: number;
	readonly rs1?: number;
	readonly rs2?: number;
	/** The immediate, shift amount, branch/jump target, upper immediate or CSR zimm. */
	readonly imm?: Imm;
	readonly csr?: number | Imm;
	readonly aqrl?: number;
	readonly pred?: number;
	readonly succ?: number;
}

/** What a pseudo-instruction's expansion may ask of the assembler while it is being parsed. */
export interface ExpandContext {
	/** The value of an immediate that must be a constant now (`li`), or a StatementError. */
	constant(imm: Imm): number;
	/** The value of an immediate if it is already a known constant (no relocation function), else undefined. */
	known(imm: Imm): number | undefined;
}

export interface Form {
	readonly kinds: readonly OperandKind[];
	build(ops: readonly Operand[], ctx: ExpandContext, at: Pos): Emit[];
}

/** Operand accessors for builders: a form's kinds guarantee the operand's kind. */
export const reg = (o: Operand): number => (o.kind === 'reg' ? o.reg : 0);
export const imm = (o: Operand): Imm => {
	if (o.kind === 'imm' || o.kind === 'mem') return o.imm;
	throw new StatementError(o.at, 'expected an immediate');
};
export const base = (o: Operand): number => (o.kind === 'mem' ? o.base : 0);
export const csr = (o: Operand): number | Imm => (o.kind === 'csr' ? o.csr : imm(o));
export const fence = (o: Operand): number => (o.kind === 'fence' ? o.bits : 0);

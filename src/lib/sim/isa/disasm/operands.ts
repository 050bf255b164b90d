/**
 * Printing operands in objdump's notation, and objdump's address comments (`# 80001000 <buf>`).
 *
 * Operand templates use the instruction table's notation (`rd,imm(rs1)`, `rs1,rs2,target`…):
 * identifiers are fields, everything else is copied. How each field prints follows binutils 2.40
 * `print_insn_args` (opcodes/riscv-dis.c): registers by ABI name, I/S immediates in decimal,
 * shift amounts and upper immediates in hex, CSRs by name, branch/jump targets as absolute
 * addresses with a symbol.
 */
import { immB, immI, immJ, immS, immU, rd, rs1, rs2 } from '../decode';
import type { Format } from '../instructions';
import { ABI_NAMES } from '../registers';
import { csrNameIn, type PrivSpec } from './privspec';

export type Symbolize = (addr: number) => string | undefined;

/** How addresses and CSRs are named while printing. */
export interface NameContext {
	readonly symbolize?: Symbolize;
	/** Privileged spec version CSR names follow (objdump takes it from the ELF); default 1.12. */
	readonly privSpec?: PrivSpec;
}

/** `80000010 <loop>` (objdump prints addresses in hex without leading zeros or 0x). */
export function formatAddress(addr: number, symbolize?: Symbolize): string {
	const a = addr >>> 0;
	const sym = symbolize?.(a);
	return sym === undefined ? a.toString(16) : `${a.toString(16)} <${sym}>`;
}

/**
 * What objdump remembers between instructions to annotate address arithmetic: the value each
 * register got from the last LUI/AUIPC (riscv-dis.c `hi_addr`), and the global pointer.
 */
export class AddressState {
	readonly hi: (number | undefined)[] = new Array<number | undefined>(32).fill(undefined);
	/** Value of `__global_pointer$`, when the program has one (gp-relative accesses). */
	gp: number | undefined;
	/** The address to print as a comment after the current instruction. */
	pending: number | undefined;

	constructor(gp?: number) {
		this.gp = gp;
	}

	reset(): void {
		this.hi.fill(undefined);
		this.pending = undefined;
	}

	/** riscv-dis.c `maybe_print_address`: base register plus offset, when the base is known. */
	note(base: number, offset: number): void {
		const hi = this.hi[base];
		if (hi !== undefined) {
			this.pending = (base !== 0 ? hi : 0) + offset;
			this.hi[base] = undefined;
		} else if (base === 3 && this.gp !== undefined) this.pending = this.gp + offset;
		else if (base === 4 || base === 0)
			this.pending = offset; // tp- and x0-relative
		else return;
		this.pending = this.pending >>> 0; // RV32: addresses wrap at 32 bits
	}
}

const isJalr = (w: number) => (w & 0x707f) === 0x67;
const isAddi = (w: number) => (w & 0x707f) === 0x13;
const isLui = (w: number) => (w & 0x7f) === 0x37;
const isAuipc = (w: number) => (w & 0x7f) === 0x17;

const FENCE_BITS = ['i', 'o', 'r', 'w'];
/** FENCE predecessor/successor sets: `iorw` order, `unknown` for the empty set (as objdump). */
function fenceSet(bits: number): string {
	const s = FENCE_BITS.filter((_, i) => bits & (8 >> i)).join('');
	return s === '' ? 'unknown' : s;
}

const TOKEN = /[a-z0-9]+|[^a-z0-9]/g;
/** Templates split into fields and punctuation once (there are a few dozen distinct ones). */
const TOKENS = new Map<string, readonly string[]>();
function tokens(template: string): readonly string[] {
	let t = TOKENS.get(template);
	if (!t) TOKENS.set(template, (t = template.match(TOKEN) ?? []));
	return t;
}

/**
 * Print a template for one word. `format` says where its immediate lives; `state` is updated
 * (LUI/AUIPC results recorded, an address comment queued) exactly where objdump would.
 */
export function printOperands(
	template: string,
	word: number,
	format: Format,
	pc: number,
	state: AddressState,
	names: NameContext
): string {
	let out = '';
	const toks = tokens(template);
	for (let i = 0; i < toks.length; i++) {
		const t = toks[i];
		switch (t) {
			case 'rd':
				// objdump's 'd': remember what LUI/AUIPC put in rd for a later addi/load/jalr.
				if (isAuipc(word)) state.hi[rd(word)] = (pc + immU(word)) >>> 0;
				else if (isLui(word)) state.hi[rd(word)] = immU(word) >>> 0;
				out += ABI_NAMES[rd(word)];
				break;
			case 'rs1':
				if (isJalr(word)) state.note(rs1(word), immI(word));
				out += ABI_NAMES[rs1(word)];
				break;
			case 'rs2':
				out += ABI_NAMES[rs2(word)];
				break;
			case 'imm':
				out += printImmediate(word, format, toks[i + 1] === '(', state);
				break;
			case 'shamt':
				out += `0x${rs2(word).toString(16)}`;
				break;
			case 'imm20':
				out += `0x${(word >>> 12).toString(16)}`;
				break;
			case 'target':
				out += formatAddress(pc + (format === 'J' ? immJ(word) : immB(word)), names.symbolize);
				break;
			case 'csr':
				out += csrNameIn(word >>> 20, names.privSpec);
				break;
			case 'zimm':
				out += String(rs1(word));
				break;
			case 'pred':
				out += fenceSet((word >>> 24) & 15);
				break;
			case 'succ':
				out += fenceSet((word >>> 20) & 15);
				break;
			default:
				if (/^[a-z0-9]/.test(t)) throw new Error(`unknown operand ${t} in "${template}"`);
				out += t;
		}
	}
	return out;
}

/** I- and S-immediates in decimal, noting addresses as objdump's 'o', 'j' and 'q' operands do. */
function printImmediate(word: number, format: Format, isOffset: boolean, state: AddressState) {
	if (format === 'S') {
		state.note(rs1(word), immS(word)); // store offset ('q')
		return String(immS(word));
	}
	const imm = immI(word);
	if (isOffset) state.note(rs1(word), imm); // load/jalr offset ('o'), then as 'j' below
	if ((isAddi(word) && rs1(word) !== 0) || isJalr(word)) state.note(rs1(word), imm);
	return String(imm);
}

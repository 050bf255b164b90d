/**
 * The disassembler: one 32-bit word to the text GNU objdump 2.40 prints for it (`-d`, or
 * `-d -M no-aliases` with `aliases: false`). Reads the one instruction table through the decoder;
 * pseudo-instruction forms come from the alias table in ./disasm/aliases.
 *
 * Two entry points: `disassemble(word, pc)` for one word on its own (traces, the debugger view),
 * and `Disassembler`, which carries objdump's memory between consecutive instructions so that
 * `auipc a0,0x2` / `addi a0,a0,16` gets the comment `# 80002010 <buf>` as in `objdump -d`.
 * Whole programs in objdump's layout: ./disasm/listing.
 */
import { csrNumber, decode, immediate, rd, rs1, rs2 } from './decode';
import { SPECIAL_WORDS, STRICT_MASKS, findAlias, type Fields } from './disasm/aliases';
import { AddressState, formatAddress, printOperands, type NameContext } from './disasm/operands';
import type { PrivSpec } from './disasm/privspec';
import type { Insn } from './instructions';

export type { Symbolize } from './disasm/operands';
export type { PrivSpec } from './disasm/privspec';

export interface DisasmOptions {
	/** Print pseudo-instructions where objdump does (default true); false = `-M no-aliases`. */
	readonly aliases?: boolean;
	/** Name for an address, e.g. `loop` or `main+0x8`; printed as `80000010 <loop>`. */
	readonly symbolize?: (addr: number) => string | undefined;
	/** Privileged spec whose CSR names to print (objdump follows the ELF's attribute); default 1.12. */
	readonly privSpec?: PrivSpec;
	/** The program's global pointer (`__global_pointer$`), for gp-relative address comments. */
	readonly gp?: number;
}

/** One disassembled instruction, split as objdump lays it out. */
export interface DisasmParts {
	/** Mnemonic, with `.aq`/`.rl`/`.aqrl` for AMOs; `.4byte` for a word nothing decodes. */
	readonly mnemonic: string;
	readonly operands: string;
	/** objdump's computed-address comment without the `# `, e.g. `80002010 <buf>`, or ''. */
	readonly comment: string;
}

/** `mnemonic operands # comment`, with single spaces (objdump uses tabs between the first two). */
export function joinParts(p: DisasmParts, separator = ' '): string {
	let s = p.operands === '' ? p.mnemonic : `${p.mnemonic}${separator}${p.operands}`;
	if (p.comment !== '') s += ` # ${p.comment}`;
	return s;
}

/** A disassembler that remembers LUI/AUIPC results across calls, as objdump -d does. */
export class Disassembler {
	private readonly aliases: boolean;
	private readonly names: NameContext;
	private readonly state: AddressState;

	constructor(options: DisasmOptions = {}) {
		this.aliases = options.aliases ?? true;
		this.names = { symbolize: options.symbolize, privSpec: options.privSpec };
		this.state = new AddressState(options.gp);
	}

	/** Forget remembered register values (objdump starts afresh per section). */
	reset(): void {
		this.state.reset();
	}

	disassemble(word: number, pc: number): string {
		return joinParts(this.parts(word, pc));
	}

	parts(word: number, pc: number): DisasmParts {
		const w = word | 0;
		const insn = recognise(w);
		if (!insn) return { mnemonic: '.4byte', operands: `0x${(w >>> 0).toString(16)}`, comment: '' };
		const special = SPECIAL_WORDS.get(w);
		if (special) return { mnemonic: special, operands: '', comment: '' };

		let name = insn.name;
		let template: string = insn.syntax === 'none' ? '' : insn.syntax;
		if (this.aliases) {
			const alias = findAlias(insn.name, fields(w, insn));
			if (alias) [name, template] = [alias.name, alias.operands];
		}
		if (insn.aqrl) name += orderingSuffix(w);

		this.state.pending = undefined;
		const operands = printOperands(template, w, insn.format, pc, this.state, this.names);
		const pending = this.state.pending;
		this.state.pending = undefined;
		const comment = pending === undefined ? '' : formatAddress(pending, this.names.symbolize);
		return { mnemonic: name, operands, comment };
	}
}

/**
 * One word on its own: `disassemble(0x00b50063, 0x80000010, { symbolize })` →
 * `beq a0,a1,80000010 <loop>`. Never throws; an unknown word prints as `.4byte 0x…`.
 */
export function disassemble(word: number, pc: number, options: DisasmOptions = NO_OPTIONS): string {
	// One reusable Disassembler per options object, reset so no state carries between calls.
	let d = ONE_SHOT.get(options);
	if (!d) ONE_SHOT.set(options, (d = new Disassembler(options)));
	d.reset();
	return d.disassemble(word, pc >>> 0);
}
const NO_OPTIONS: DisasmOptions = {};
const ONE_SHOT = new WeakMap<DisasmOptions, Disassembler>();

/** The table entry objdump would name for this word, or undefined (then it prints `.4byte`). */
function recognise(w: number): Insn | undefined {
	const insn = decode(w);
	if (!insn) return undefined;
	const strict = STRICT_MASKS.get(insn.name);
	if (strict !== undefined && (w & strict) !== insn.match) return undefined;
	return insn;
}

/** The operand fields alias conditions test. */
export function fields(w: number, insn: Insn): Fields {
	return {
		word: w,
		rd: rd(w),
		rs1: rs1(w),
		rs2: rs2(w),
		imm: immediate(insn.format, w),
		csr: csrNumber(w)
	};
}

/** A-extension ordering bits (unprivileged §8.2): aq = bit 26, rl = bit 25. */
function orderingSuffix(w: number): string {
	const aq = (w >>> 26) & 1;
	const rl = (w >>> 25) & 1;
	return aq && rl ? '.aqrl' : aq ? '.aq' : rl ? '.rl' : '';
}

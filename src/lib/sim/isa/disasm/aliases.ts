/**
 * Pseudo-instruction forms the disassembler prints, as GNU objdump 2.40 (Debian 12) prints them.
 *
 * objdump walks one opcode table (binutils `opcodes/riscv-opc.c`) and prints the first entry that
 * matches; aliases (INSN_ALIAS) sit before the real instruction, so e.g. `addi a0,zero,5` comes out
 * as `li a0,5`. This table is that ordering for the instructions vmscope has: for each base
 * instruction, the rows are tried top to bottom and the first whose condition holds wins. A word
 * that no row matches prints as the base instruction with its table syntax.
 *
 * Some rows look surprising but are what binutils 2.40 does, checked by the oracle test
 * (test/unit/disasm-oracle.test.ts): `addi a0,a0,1` prints as `add a0,a0,1`, `slli` as `sll`,
 * and `csrrwi a0,mstatus,1` as `csrrw a0,mstatus,1`, because riscv-opc.c lists those immediate
 * forms of `add`/`sll`/`csrrw` as aliases ahead of the real instructions.
 */

/** The operand fields of one word, decoded once, for the alias conditions. */
export interface Fields {
	readonly word: number;
	readonly rd: number;
	readonly rs1: number;
	readonly rs2: number;
	/** The instruction's immediate (sign-extended, per its format); 0 for R-type. */
	readonly imm: number;
	/** The CSR number (inst[31:20]) for Zicsr instructions. */
	readonly csr: number;
}

export interface Alias {
	/** The table instruction this is a form of. */
	readonly insn: string;
	/** The mnemonic printed. */
	readonly name: string;
	readonly when: (f: Fields) => boolean;
	/** Operands in the same notation as the instruction table's `syntax` ('' for none). */
	readonly operands: string;
}

const always = () => true;
const CYCLE = 0xc00;

type Row = [insn: string, name: string, when: (f: Fields) => boolean, operands: string];

// prettier-ignore
const ROWS: Row[] = [
	// Integer register-immediate (unprivileged §2.4.1; pseudo-instructions in Chapter 25, Table 25.2)
	['addi', 'nop', (f) => f.rd === 0 && f.rs1 === 0 && f.imm === 0, ''],
	['addi', 'li', (f) => f.rs1 === 0, 'rd,imm'],
	['addi', 'mv', (f) => f.imm === 0, 'rd,rs1'],
	['addi', 'add', always, 'rd,rs1,imm'],
	['andi', 'zext.b', (f) => f.imm === 255, 'rd,rs1'],
	['andi', 'and', always, 'rd,rs1,imm'],
	['ori', 'or', always, 'rd,rs1,imm'],
	['xori', 'not', (f) => f.imm === -1, 'rd,rs1'],
	['xori', 'xor', always, 'rd,rs1,imm'],
	['sltiu', 'seqz', (f) => f.imm === 1, 'rd,rs1'],
	['slli', 'sll', always, 'rd,rs1,shamt'],
	['srli', 'srl', always, 'rd,rs1,shamt'],
	['srai', 'sra', always, 'rd,rs1,shamt'],
	// Integer register-register
	['sub', 'neg', (f) => f.rs1 === 0, 'rd,rs2'],
	['slt', 'sltz', (f) => f.rs2 === 0, 'rd,rs1'],
	['slt', 'sgtz', (f) => f.rs1 === 0, 'rd,rs2'],
	['sltu', 'snez', (f) => f.rs1 === 0, 'rd,rs2'],
	// Jumps: x0 and ra as link register get short forms (§2.5.1 "plain unconditional jump", calls)
	['jal', 'j', (f) => f.rd === 0, 'target'],
	['jal', 'jal', (f) => f.rd === 1, 'target'],
	['jalr', 'ret', (f) => f.rd === 0 && f.rs1 === 1 && f.imm === 0, ''],
	['jalr', 'jr', (f) => f.rd === 0 && f.imm === 0, 'rs1'],
	['jalr', 'jr', (f) => f.rd === 0, 'imm(rs1)'],
	['jalr', 'jalr', (f) => f.rd === 1 && f.imm === 0, 'rs1'],
	['jalr', 'jalr', (f) => f.rd === 1, 'imm(rs1)'],
	['jalr', 'jalr', (f) => f.imm === 0, 'rd,rs1'],
	// Branches against zero (blez is tried before bgez, bltz before bgtz, as in riscv-opc.c)
	['beq', 'beqz', (f) => f.rs2 === 0, 'rs1,target'],
	['bne', 'bnez', (f) => f.rs2 === 0, 'rs1,target'],
	['bge', 'blez', (f) => f.rs1 === 0, 'rs2,target'],
	['bge', 'bgez', (f) => f.rs2 === 0, 'rs1,target'],
	['blt', 'bltz', (f) => f.rs2 === 0, 'rs1,target'],
	['blt', 'bgtz', (f) => f.rs1 === 0, 'rs2,target'],
	// Memory ordering: a full fence has no operands
	['fence', 'fence', (f) => ((f.word >>> 20) & 0xff) === 0xff, ''],
	// Counters (Zicntr): rdcycle etc. read a counter CSR with csrrs rd,csr,x0
	['csrrs', 'rdcycle', (f) => f.rs1 === 0 && f.csr === CYCLE, 'rd'],
	['csrrs', 'rdtime', (f) => f.rs1 === 0 && f.csr === CYCLE + 1, 'rd'],
	['csrrs', 'rdinstret', (f) => f.rs1 === 0 && f.csr === CYCLE + 2, 'rd'],
	['csrrs', 'rdcycleh', (f) => f.rs1 === 0 && f.csr === CYCLE + 0x80, 'rd'],
	['csrrs', 'rdtimeh', (f) => f.rs1 === 0 && f.csr === CYCLE + 0x81, 'rd'],
	['csrrs', 'rdinstreth', (f) => f.rs1 === 0 && f.csr === CYCLE + 0x82, 'rd'],
	// CSR accesses (Zicsr §9.1, Table 25.3): drop x0 destinations and sources
	['csrrs', 'csrr', (f) => f.rs1 === 0, 'rd,csr'],
	['csrrs', 'csrs', (f) => f.rd === 0, 'csr,rs1'],
	['csrrw', 'csrw', (f) => f.rd === 0, 'csr,rs1'],
	['csrrc', 'csrc', (f) => f.rd === 0, 'csr,rs1'],
	['csrrwi', 'csrw', (f) => f.rd === 0, 'csr,zimm'],
	['csrrwi', 'csrrw', always, 'rd,csr,zimm'],
	['csrrsi', 'csrs', (f) => f.rd === 0, 'csr,zimm'],
	['csrrsi', 'csrrs', always, 'rd,csr,zimm'],
	['csrrci', 'csrc', (f) => f.rd === 0, 'csr,zimm'],
	['csrrci', 'csrrc', always, 'rd,csr,zimm'],
	// Supervisor fence: omit x0 operands from the right
	['sfence.vma', 'sfence.vma', (f) => f.rs1 === 0 && f.rs2 === 0, ''],
	['sfence.vma', 'sfence.vma', (f) => f.rs2 === 0, 'rs1']
];

/** Alias rows per base instruction name, in priority order. */
export const ALIASES: ReadonlyMap<string, readonly Alias[]> = (() => {
	const map = new Map<string, Alias[]>();
	for (const [insn, name, when, operands] of ROWS) {
		const list = map.get(insn) ?? [];
		list.push({ insn, name, when, operands });
		map.set(insn, list);
	}
	return map;
})();

/** The first alias row for this word of `insn` (already decoded into `f`), if any applies. */
export function findAlias(insn: string, f: Fields): Alias | undefined {
	return ALIASES.get(insn)?.find((a) => a.when(f));
}

/**
 * Words objdump prints the same with and without `-M no-aliases`: they are real entries in its
 * table, not aliases. `unimp` is `csrrw x0,cycle,x0`, a write to a read-only CSR that always traps.
 */
export const SPECIAL_WORDS: ReadonlyMap<number, string> = new Map([[0xc0001073 | 0, 'unimp']]);

/**
 * Extra fixed bits objdump requires before it names an instruction. The spec tells hardware to
 * ignore FENCE's fm/rs1/rd and FENCE.I's imm/rs1/rd (§2.7, Zifencei §3.1) so the decoder accepts
 * them, but binutils treats non-zero values as reserved encodings and prints the raw word.
 */
export const STRICT_MASKS: ReadonlyMap<string, number> = new Map([
	['fence', 0xf00fffff | 0],
	['fence.i', 0xffffffff | 0]
]);

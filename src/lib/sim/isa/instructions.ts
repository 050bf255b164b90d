/**
 * The instruction table: every instruction vmscope knows, declared once (as Spike's encoding.h does).
 * The decoder, the disassembler, the assembler and the hart all read this table; adding an
 * instruction starts here.
 *
 * Encodings are from the RISC-V Unprivileged ISA (20191213), chapter 24 "RV32/64G Instruction Set
 * Listings", and the Privileged ISA 1.12, chapter 9 "RISC-V Privileged Instruction Set Listings".
 */

export type Extension = 'I' | 'M' | 'A' | 'Zicsr' | 'Zifencei' | 'Priv';

/** Where the immediate bits live (unprivileged spec §2.3, Figure 2.4). */
export type Format = 'R' | 'I' | 'S' | 'B' | 'U' | 'J';

/**
 * How operands are written in assembly (GNU as / objdump order). The assembler parses and the
 * disassembler prints by this one value, so the two cannot disagree.
 */
export type Syntax =
	| 'none' // ecall, mret
	| 'rd,rs1,rs2' // R-type ALU
	| 'rd,rs1,imm' // I-type ALU
	| 'rd,rs1,shamt' // shifts by immediate
	| 'rd,imm(rs1)' // loads, jalr
	| 'rs2,imm(rs1)' // stores
	| 'rs1,rs2,target' // branches (pc-relative)
	| 'rd,imm20' // lui, auipc (the upper immediate as written, bits 31:12 >> 12)
	| 'rd,target' // jal (pc-relative)
	| 'rd,csr,rs1'
	| 'rd,csr,zimm'
	| 'pred,succ' // fence
	| 'rd,(rs1)' // lr.w
	| 'rd,rs2,(rs1)' // sc.w, AMOs
	| 'rs1,rs2'; // sfence.vma

export interface Insn {
	/** Dense index into INSNS; the hart's pre-decoded cache stores this. */
	readonly id: number;
	readonly name: string;
	readonly ext: Extension;
	readonly format: Format;
	/** Fixed bits, as a signed 32-bit value so `(word & mask) === match` works on int32 words. */
	readonly match: number;
	readonly mask: number;
	readonly syntax: Syntax;
	/** A-extension ordering bits (aq = bit 26, rl = bit 25) are operands, written as name suffixes. */
	readonly aqrl?: true;
}

const OPC = 0x7f; // opcode
const F3 = 0x707f; // opcode + funct3
const F7 = 0xfe00707f; // opcode + funct3 + funct7
const AMO = 0xf800707f; // opcode + funct3 + funct5 (aq/rl free)
const ALL = 0xffffffff;

type Row = [name: string, ext: Extension, format: Format, match: number, mask: number, syntax: Syntax];

// prettier-ignore
const ROWS: Row[] = [
	// RV32I base (unprivileged §2.4–2.8)
	['lui', 'I', 'U', 0x00000037, OPC, 'rd,imm20'],
	['auipc', 'I', 'U', 0x00000017, OPC, 'rd,imm20'],
	['jal', 'I', 'J', 0x0000006f, OPC, 'rd,target'],
	['jalr', 'I', 'I', 0x00000067, F3, 'rd,imm(rs1)'],
	['beq', 'I', 'B', 0x00000063, F3, 'rs1,rs2,target'],
	['bne', 'I', 'B', 0x00001063, F3, 'rs1,rs2,target'],
	['blt', 'I', 'B', 0x00004063, F3, 'rs1,rs2,target'],
	['bge', 'I', 'B', 0x00005063, F3, 'rs1,rs2,target'],
	['bltu', 'I', 'B', 0x00006063, F3, 'rs1,rs2,target'],
	['bgeu', 'I', 'B', 0x00007063, F3, 'rs1,rs2,target'],
	['lb', 'I', 'I', 0x00000003, F3, 'rd,imm(rs1)'],
	['lh', 'I', 'I', 0x00001003, F3, 'rd,imm(rs1)'],
	['lw', 'I', 'I', 0x00002003, F3, 'rd,imm(rs1)'],
	['lbu', 'I', 'I', 0x00004003, F3, 'rd,imm(rs1)'],
	['lhu', 'I', 'I', 0x00005003, F3, 'rd,imm(rs1)'],
	['sb', 'I', 'S', 0x00000023, F3, 'rs2,imm(rs1)'],
	['sh', 'I', 'S', 0x00001023, F3, 'rs2,imm(rs1)'],
	['sw', 'I', 'S', 0x00002023, F3, 'rs2,imm(rs1)'],
	['addi', 'I', 'I', 0x00000013, F3, 'rd,rs1,imm'],
	['slti', 'I', 'I', 0x00002013, F3, 'rd,rs1,imm'],
	['sltiu', 'I', 'I', 0x00003013, F3, 'rd,rs1,imm'],
	['xori', 'I', 'I', 0x00004013, F3, 'rd,rs1,imm'],
	['ori', 'I', 'I', 0x00006013, F3, 'rd,rs1,imm'],
	['andi', 'I', 'I', 0x00007013, F3, 'rd,rs1,imm'],
	// RV32: shamt[5] must be 0, so funct7 is fully fixed (§2.4.1).
	['slli', 'I', 'I', 0x00001013, F7, 'rd,rs1,shamt'],
	['srli', 'I', 'I', 0x00005013, F7, 'rd,rs1,shamt'],
	['srai', 'I', 'I', 0x40005013, F7, 'rd,rs1,shamt'],
	['add', 'I', 'R', 0x00000033, F7, 'rd,rs1,rs2'],
	['sub', 'I', 'R', 0x40000033, F7, 'rd,rs1,rs2'],
	['sll', 'I', 'R', 0x00001033, F7, 'rd,rs1,rs2'],
	['slt', 'I', 'R', 0x00002033, F7, 'rd,rs1,rs2'],
	['sltu', 'I', 'R', 0x00003033, F7, 'rd,rs1,rs2'],
	['xor', 'I', 'R', 0x00004033, F7, 'rd,rs1,rs2'],
	['srl', 'I', 'R', 0x00005033, F7, 'rd,rs1,rs2'],
	['sra', 'I', 'R', 0x40005033, F7, 'rd,rs1,rs2'],
	['or', 'I', 'R', 0x00006033, F7, 'rd,rs1,rs2'],
	['and', 'I', 'R', 0x00007033, F7, 'rd,rs1,rs2'],
	// FENCE.TSO is a FENCE with fm=1000, pred=succ=RW (§2.7); listed first so it wins when decoding.
	['fence.tso', 'I', 'I', 0x8330000f | 0, ALL, 'none'],
	['fence', 'I', 'I', 0x0000000f, F3, 'pred,succ'],
	['ecall', 'I', 'I', 0x00000073, ALL, 'none'],
	['ebreak', 'I', 'I', 0x00100073, ALL, 'none'],
	// Zifencei (chapter 3)
	['fence.i', 'Zifencei', 'I', 0x0000100f, F3, 'none'],
	// Zicsr (chapter 9)
	['csrrw', 'Zicsr', 'I', 0x00001073, F3, 'rd,csr,rs1'],
	['csrrs', 'Zicsr', 'I', 0x00002073, F3, 'rd,csr,rs1'],
	['csrrc', 'Zicsr', 'I', 0x00003073, F3, 'rd,csr,rs1'],
	['csrrwi', 'Zicsr', 'I', 0x00005073, F3, 'rd,csr,zimm'],
	['csrrsi', 'Zicsr', 'I', 0x00006073, F3, 'rd,csr,zimm'],
	['csrrci', 'Zicsr', 'I', 0x00007073, F3, 'rd,csr,zimm'],
	// M (chapter 7)
	['mul', 'M', 'R', 0x02000033, F7, 'rd,rs1,rs2'],
	['mulh', 'M', 'R', 0x02001033, F7, 'rd,rs1,rs2'],
	['mulhsu', 'M', 'R', 0x02002033, F7, 'rd,rs1,rs2'],
	['mulhu', 'M', 'R', 0x02003033, F7, 'rd,rs1,rs2'],
	['div', 'M', 'R', 0x02004033, F7, 'rd,rs1,rs2'],
	['divu', 'M', 'R', 0x02005033, F7, 'rd,rs1,rs2'],
	['rem', 'M', 'R', 0x02006033, F7, 'rd,rs1,rs2'],
	['remu', 'M', 'R', 0x02007033, F7, 'rd,rs1,rs2'],
	// A (chapter 8); LR.W requires rs2 = 0.
	['lr.w', 'A', 'R', 0x1000202f, 0xf9f0707f, 'rd,(rs1)'],
	['sc.w', 'A', 'R', 0x1800202f, AMO, 'rd,rs2,(rs1)'],
	['amoswap.w', 'A', 'R', 0x0800202f, AMO, 'rd,rs2,(rs1)'],
	['amoadd.w', 'A', 'R', 0x0000202f, AMO, 'rd,rs2,(rs1)'],
	['amoxor.w', 'A', 'R', 0x2000202f, AMO, 'rd,rs2,(rs1)'],
	['amoand.w', 'A', 'R', 0x6000202f, AMO, 'rd,rs2,(rs1)'],
	['amoor.w', 'A', 'R', 0x4000202f, AMO, 'rd,rs2,(rs1)'],
	['amomin.w', 'A', 'R', 0x8000202f | 0, AMO, 'rd,rs2,(rs1)'],
	['amomax.w', 'A', 'R', 0xa000202f | 0, AMO, 'rd,rs2,(rs1)'],
	['amominu.w', 'A', 'R', 0xc000202f | 0, AMO, 'rd,rs2,(rs1)'],
	['amomaxu.w', 'A', 'R', 0xe000202f | 0, AMO, 'rd,rs2,(rs1)'],
	// Privileged (privileged spec §3.3, §4.2.1)
	['sret', 'Priv', 'I', 0x10200073, ALL, 'none'],
	['mret', 'Priv', 'I', 0x30200073, ALL, 'none'],
	['wfi', 'Priv', 'I', 0x10500073, ALL, 'none'],
	['sfence.vma', 'Priv', 'R', 0x12000073, 0xfe007fff, 'rs1,rs2']
];

export const INSNS: readonly Insn[] = ROWS.map(([name, ext, format, match, mask, syntax], id) => ({
	id,
	name,
	ext,
	format,
	match: match | 0,
	mask: mask | 0,
	syntax,
	...(ext === 'A' ? { aqrl: true as const } : {})
}));

export const INSN_BY_NAME: ReadonlyMap<string, Insn> = new Map(INSNS.map((i) => [i.name, i]));

/** Look up an instruction by name; throws for a name not in the table (a programming error). */
export function insn(name: string): Insn {
	const found = INSN_BY_NAME.get(name);
	if (!found) throw new Error(`no instruction named ${name}`);
	return found;
}

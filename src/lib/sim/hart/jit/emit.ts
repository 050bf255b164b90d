/**
 * JavaScript source for a block (block.ts), one table row per instruction, each the interpreter's
 * inline case (execute.ts) with the register fields and the immediate made constants and the registers
 * held in locals (`r5` for x5; x0 reads as 0 and is never written: rd = x0 forms are NOP, J, JR).
 *
 * The generated function runs the block, and runs it again while its last instruction jumps back to
 * its first and the budget allows a whole further pass (a loop stays in locals). It returns the next
 * pc and leaves in `out` the steps and cycles it took. A load or store outside its window takes the
 * interpreter's slow path from the block when slow.ts finds that path cannot trap, walk or touch a
 * device. Any other instruction that cannot finish inline (such an access, a JALR to a misaligned
 * target) is a side exit: the function returns with the state after the instruction before it, pc at
 * it, and the interpreter executes it on its slow path, so every trap is taken by the interpreter,
 * exactly. A store into a word
 * holding a decoded instruction exits after it: it may have rewritten this block. Both set `out.exit`,
 * which ends the chain of blocks (cache.ts): the interpreter takes the next instruction.
 */
import { Op } from '../execute';
import type { BlockInsn } from './block';

const rd = (w: number) => (w >>> 7) & 31;
const rs1 = (w: number) => (w >>> 15) & 31;
const rs2 = (w: number) => (w >>> 20) & 31;
const reg = (r: number) => (r === 0 ? '0' : `r${r}`);

/** What a row sees: its instruction, its pc (int32) and how to leave before or after it. */
interface Site {
	insn: BlockInsn;
	pc: number;
	/** Source of a side exit before this instruction (its state untouched). */
	exitBefore: string;
	/** Source of an exit after it (a store that touched code). */
	exitAfter: string;
}

type Row = (s: Site) => string;

const D = (s: Site) => reg(rd(s.insn.bits));
const A = (s: Site) => reg(rs1(s.insn.bits));
const B = (s: Site) => reg(rs2(s.insn.bits));
const I = (s: Site) => String(s.insn.imm | 0);
const next = (s: Site) => String((s.pc + 4) | 0);

const alu =
	(expr: (s: Site) => string): Row =>
	(s) =>
		`${D(s)} = ${expr(s)};`;
const branch =
	(cond: (s: Site) => string): Row =>
	(s) =>
		`pc = ${cond(s)} ? ${(s.pc + s.insn.imm) | 0} : ${next(s)};`;

/**
 * A load: the window check of the interpreter's case; on a miss, the slow path from inside the block
 * when slow.ts says it is only a TLB hit on RAM (then the load window moved: read it again), else a
 * side exit.
 */
const load =
	(align: number, size: number, signed: boolean, read: (p: string) => string): Row =>
	(s) =>
		`{ const a = (${A(s)} + ${I(s)}) | 0; const o = (a - lbase) | 0; ` +
		`if (o >>> 0 < lsize${align ? ` && (o & ${align}) === 0` : ''}) ${D(s)} = ${read('(o + ldelta)')}; ` +
		`else if (slowLoad(h, ${s.pc}, ${rd(s.insn.bits)}, a, ${size}, ${signed})) ` +
		`{ ${D(s)} = x[${rd(s.insn.bits)}]; lbase = h.loadBase; lsize = h.loadSize; ldelta = h.loadDelta; } ` +
		`else ${s.exitBefore} }`;

/**
 * A store: the window check, then the code check that drops a decoded word (and leaves the block); on
 * a miss, the slow path from inside the block as for loads (the store window moved), else a side exit.
 */
const store =
	(align: number, size: number, write: (p: string, v: string) => string): Row =>
	(s) =>
		`{ const a = (${A(s)} + ${I(s)}) | 0; const o = (a - sbase) | 0; ` +
		`if (o >>> 0 < ssize${align ? ` && (o & ${align}) === 0` : ''}) { const p = o + sdelta; ${write('p', B(s))}; ` +
		`if (pages[p >>> 12] !== 0 && code[p >>> 2] !== 0) { ram.touched(p >>> 2); ${s.exitAfter} } } ` +
		`else if (slowStore(h, ${s.pc}, a, ${size}, ${B(s)})) { sbase = h.storeBase; ssize = h.storeSize; sdelta = h.storeDelta; } ` +
		`else ${s.exitBefore} }`;

// prettier-ignore
const ROWS: Partial<Record<number, Row>> = {
	// RV32I (unprivileged chapter 2)
	[Op.LUI]: (s) => `${D(s)} = ${I(s)};`,
	[Op.AUIPC]: (s) => `${D(s)} = ${(s.pc + s.insn.imm) | 0};`,
	[Op.JAL]: (s) => `${D(s)} = ${next(s)}; pc = ${(s.pc + s.insn.imm) | 0};`,
	// §2.5: target = (rs1 + imm) with bit 0 cleared, rs1 read before rd is written.
	[Op.JALR]: (s) => `{ const t = (${A(s)} + ${I(s)}) & ~1; if (t & 2) ${s.exitBefore} ${D(s)} = ${next(s)}; pc = t; }`,
	[Op.J]: (s) => `pc = ${(s.pc + s.insn.imm) | 0};`,
	[Op.JR]: (s) => `{ const t = (${A(s)} + ${I(s)}) & ~1; if (t & 2) ${s.exitBefore} pc = t; }`,
	[Op.NOP]: () => '',
	[Op.BEQ]: branch((s) => `${A(s)} === ${B(s)}`),
	[Op.BNE]: branch((s) => `${A(s)} !== ${B(s)}`),
	[Op.BLT]: branch((s) => `${A(s)} < ${B(s)}`),
	[Op.BGE]: branch((s) => `${A(s)} >= ${B(s)}`),
	[Op.BLTU]: branch((s) => `${A(s)} >>> 0 < ${B(s)} >>> 0`),
	[Op.BGEU]: branch((s) => `${A(s)} >>> 0 >= ${B(s)} >>> 0`),
	[Op.LB]: load(0, 1, true, (p) => `m8[${p}]`),
	[Op.LH]: load(1, 2, true, (p) => `m16[${p} >>> 1]`),
	[Op.LW]: load(3, 4, true, (p) => `m32[${p} >>> 2]`),
	[Op.LBU]: load(0, 1, false, (p) => `u8[${p}]`),
	[Op.LHU]: load(1, 2, false, (p) => `u16[${p} >>> 1]`),
	[Op.SB]: store(0, 1, (p, v) => `u8[${p}] = ${v}`),
	[Op.SH]: store(1, 2, (p, v) => `u16[${p} >>> 1] = ${v}`),
	[Op.SW]: store(3, 4, (p, v) => `m32[${p} >>> 2] = ${v}`),
	[Op.ADDI]: alu((s) => `(${A(s)} + ${I(s)}) | 0`),
	[Op.SLTI]: alu((s) => `${A(s)} < ${I(s)} ? 1 : 0`),
	[Op.SLTIU]: alu((s) => `${A(s)} >>> 0 < ${s.insn.imm >>> 0} ? 1 : 0`),
	[Op.XORI]: alu((s) => `${A(s)} ^ ${I(s)}`),
	[Op.ORI]: alu((s) => `${A(s)} | ${I(s)}`),
	[Op.ANDI]: alu((s) => `${A(s)} & ${I(s)}`),
	[Op.SLLI]: alu((s) => `${A(s)} << ${I(s)}`),
	[Op.SRLI]: alu((s) => `(${A(s)} >>> ${I(s)}) | 0`),
	[Op.SRAI]: alu((s) => `${A(s)} >> ${I(s)}`),
	[Op.ADD]: alu((s) => `(${A(s)} + ${B(s)}) | 0`),
	[Op.SUB]: alu((s) => `(${A(s)} - ${B(s)}) | 0`),
	// §2.4.2: register shifts use the low 5 bits of rs2, as JS shift operators do.
	[Op.SLL]: alu((s) => `${A(s)} << ${B(s)}`),
	[Op.SLT]: alu((s) => `${A(s)} < ${B(s)} ? 1 : 0`),
	[Op.SLTU]: alu((s) => `${A(s)} >>> 0 < ${B(s)} >>> 0 ? 1 : 0`),
	[Op.XOR]: alu((s) => `${A(s)} ^ ${B(s)}`),
	[Op.SRL]: alu((s) => `(${A(s)} >>> ${B(s)}) | 0`),
	[Op.SRA]: alu((s) => `${A(s)} >> ${B(s)}`),
	[Op.OR]: alu((s) => `${A(s)} | ${B(s)}`),
	[Op.AND]: alu((s) => `${A(s)} & ${B(s)}`),
	// §2.7: one hart, in order, no caches to order against: fences have nothing to do.
	[Op.FENCE_TSO]: () => '',
	[Op.FENCE]: () => '',
	// M (chapter 7)
	[Op.MUL]: alu((s) => `Math.imul(${A(s)}, ${B(s)})`),
	[Op.MULH]: alu((s) => `mulh(${A(s)}, ${B(s)})`),
	[Op.MULHSU]: alu((s) => `mulhsu(${A(s)}, ${B(s)})`),
	[Op.MULHU]: alu((s) => `mulhu(${A(s)}, ${B(s)})`),
	[Op.DIV]: alu((s) => `div(${A(s)}, ${B(s)})`),
	[Op.DIVU]: alu((s) => `divu(${A(s)}, ${B(s)})`),
	[Op.REM]: alu((s) => `rem(${A(s)}, ${B(s)})`),
	[Op.REMU]: alu((s) => `remu(${A(s)}, ${B(s)})`)
};

/** The names the generated function closes over (cache.ts passes them in this order). */
export const BLOCK_SCOPE = [
	'x',
	'm32',
	'm16',
	'u16',
	'm8',
	'u8',
	'code',
	'pages',
	'ram',
	'out',
	'h',
	'slowLoad',
	'slowStore',
	'mulh',
	'mulhsu',
	'mulhu',
	'div',
	'divu',
	'rem',
	'remu'
] as const;

/** The generated function's parameters: the steps it may take, then the interpreter's data windows. */
export const BLOCK_PARAMS = ['budget', 'lbase', 'lsize', 'ldelta', 'sbase', 'ssize', 'sdelta'] as const;

/** Registers a row reads or writes (x0 excluded). */
function registersOf(insn: BlockInsn): { reads: number[]; writes: number[] } {
	const w = insn.bits;
	const op = insn.op;
	const writesRd =
		!(op >= Op.BEQ && op <= Op.BGEU) &&
		!(op >= Op.SB && op <= Op.SW) &&
		op !== Op.J &&
		op !== Op.JR &&
		op !== Op.NOP &&
		op !== Op.FENCE &&
		op !== Op.FENCE_TSO;
	const reads = [rs1(w), rs2(w)].filter((r) => r !== 0);
	return { reads, writes: writesRd && rd(w) !== 0 ? [rd(w)] : [] };
}

/**
 * The body of the block's function (parameters BLOCK_PARAMS, scope BLOCK_SCOPE) for instructions
 * `insns` whose first is at virtual pc `pc0` (int32). Constants are folded per pc, so a block is only
 * valid at that pc (cache.ts checks it).
 */
export function emitBlock(insns: readonly BlockInsn[], pc0: number): string {
	const n = insns.length;
	const used = new Set<number>();
	const written = new Set<number>();
	for (const insn of insns) {
		const { reads, writes } = registersOf(insn);
		for (const r of reads) used.add(r);
		for (const r of writes) {
			used.add(r);
			written.add(r);
		}
	}
	// Cycles before each instruction within one pass, and for a whole pass.
	const before: number[] = [0];
	for (const insn of insns) before.push(before[before.length - 1] + insn.cost);
	const pass = before[n];
	// Every exit but the natural end sets out.exit: the interpreter runs the next instruction.
	const exit = (k: number, pc: number) =>
		`{ out.steps = iters * ${n} + ${k}; out.cycles = iters * ${pass} + ${before[k]}; out.exit = 1; pc = ${pc | 0}; break run; }`;
	const lines: string[] = [];
	lines.push(`let pc = ${pc0 | 0}, iters = 0;`);
	for (const r of used) lines.push(`let r${r} = x[${r}];`);
	lines.push('run: for (;;) {');
	let lastIsJump = false;
	insns.forEach((insn, k) => {
		const pc = (pc0 + 4 * k) | 0;
		const row = ROWS[insn.op];
		if (!row) throw new Error(`op ${insn.op} cannot be translated`);
		const site: Site = { insn, pc, exitBefore: exit(k, pc), exitAfter: exit(k + 1, pc + 4) };
		lines.push(`\t${row(site)}`);
		lastIsJump =
			k === n - 1 &&
			((insn.op >= Op.JAL && insn.op <= Op.BGEU) || insn.op === Op.J || insn.op === Op.JR);
	});
	if (!lastIsJump) lines.push(`\tpc = ${(pc0 + 4 * n) | 0};`);
	lines.push('\titers++;');
	// Another whole pass when the block jumps back to itself and the budget has room for all of it.
	if (lastIsJump) lines.push(`\tif (pc === ${pc0 | 0} && (iters + 1) * ${n} <= budget) continue;`);
	lines.push(`\tout.steps = iters * ${n}; out.cycles = iters * ${pass}; break;`);
	lines.push('}');
	for (const r of written) lines.push(`x[${r}] = r${r};`);
	lines.push('return pc;');
	return lines.join('\n');
}

/**
 * The interpreter loop. Instructions are decoded once per RAM word into `ram.code` (op | cycles << 8)
 * and `ram.imm`, then executed by a switch over those dense op numbers.
 *
 * The style guide prefers one small table entry per instruction over a big switch. This one switch
 * is the exception, on purpose: a switch over dense literal case labels becomes a jump table, all
 * operands stay in locals, and nothing is called per instruction (a table of per-instruction
 * functions would cost a megamorphic call each). That is what reaches the 100 MIPS target.
 * Cases are one line per instruction, grouped by extension; anything rare (CSRs, traps, MMIO,
 * atomics) leaves the loop for the small modules beside this one.
 *
 * Op numbers are the instruction table's ids + 1, declared in this file as a const enum so the
 * compiler inlines them as literals; test/unit/hart-ops.test.ts checks them against INSNS.
 *
 * Interrupts are taken at slice entry and after every out-of-line instruction (where mie, mstatus or
 * a device's pending bit can change), and the machine ends slices at device events.
 *
 * Sv32 (paging.ts): fetches go through a window, [fbase, fbase + fsize) of virtual addresses mapped
 * onto RAM words from fword on. With translation off it is all of RAM, so the bare path costs one add;
 * with it on it is the current page, and leaving the page lands on FETCH_FAULT, which translates the
 * new page and retries. The decode cache is per physical word, so it serves several harts, and
 * immediates are pc-relative so one physical page mapped at two virtual addresses decodes once. Loads
 * and stores have windows of their own (lbase/lsize/ldelta, sbase/ssize/sdelta): all of RAM without
 * translation; with it, the page of the last load (store) the slow path translated, like a one-entry
 * micro-TLB for each. Out-of-line instructions that can change translation (traps, xRET, CSR writes,
 * SFENCE.VMA) reset the hart's windows, and the loop reloads them after each.
 */
import { decode, immB, immI, immJ, immS, immU } from '../isa/decode';
import { div, divu, mulh, mulhsu, mulhu, rem, remu } from './arith';
import { Cause } from './causes';
import type { Hart } from './hart';
import { atomic, load, store } from './memory';
import { refreshWindows, translateFetch } from './paging';
import { csrInstruction, fenceI, privileged } from './system';
import { stopIfSpinning } from './spin';
import { takeInterrupts, takeTrap } from './trap';

// prettier-ignore
export const enum Op {
	NONE = 0, LUI, AUIPC, JAL, JALR, BEQ, BNE, BLT, BGE, BLTU, BGEU, LB, LH, LW, LBU, LHU, SB, SH, SW,
	ADDI, SLTI, SLTIU, XORI, ORI, ANDI, SLLI, SRLI, SRAI, ADD, SUB, SLL, SLT, SLTU, XOR, SRL, SRA, OR, AND,
	FENCE_TSO, FENCE, ECALL, EBREAK, FENCE_I, CSRRW, CSRRS, CSRRC, CSRRWI, CSRRSI, CSRRCI,
	MUL, MULH, MULHSU, MULHU, DIV, DIVU, REM, REMU,
	LR_W, SC_W, AMOSWAP_W, AMOADD_W, AMOXOR_W, AMOAND_W, AMOOR_W, AMOMIN_W, AMOMAX_W, AMOMINU_W, AMOMAXU_W,
	SRET, MRET, WFI, SFENCE_VMA,
	/** Synthetic: a branch or JAL whose target is not 4-byte aligned (decided at decode time). */
	BRANCH_MISALIGNED, JAL_MISALIGNED,
	/** Synthetic: no table entry matches (§2.2 illegal instruction). */
	ILLEGAL,
	/** Synthetic, never cached: the pc is outside RAM. */
	FETCH_FAULT,
	/**
	 * Synthetic: instructions whose only effect is writing rd = x0 (§2.1: the write is discarded).
	 * Decoding them apart keeps x0 zero without a store per instruction: an ALU op becomes NOP,
	 * JAL/JALR become J/JR (jump, no link), a load becomes LOAD_X0 (the access still happens).
	 */
	NOP,
	J,
	JR,
	LOAD_X0,
	/** Markers in ram.code (CODE_BREAK, CODE_WATCH in bus/ram.ts). */
	MARK_BREAK = 254,
	MARK_WATCH = 255
}

/** Ops that write rd, for the retire hook (branches, stores, fences and system ops do not). */
export const WRITES_RD: Uint8Array = (() => {
	const t = new Uint8Array(256);
	for (let op = Op.LUI; op <= Op.AMOMAXU_W; op++) t[op] = 1;
	for (const op of [Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU, Op.SB, Op.SH, Op.SW]) t[op] = 0;
	for (const op of [Op.FENCE_TSO, Op.FENCE, Op.ECALL, Op.EBREAK, Op.FENCE_I]) t[op] = 0;
	return t;
})();

/** Ops that touch data memory (loads, stores, LR/SC, AMOs), for the retire hook's memory report. */
const MEMORY_OP: Uint8Array = (() => {
	const t = new Uint8Array(256);
	for (let op = Op.LB; op <= Op.SW; op++) t[op] = 1;
	for (let op = Op.LR_W; op <= Op.AMOMAXU_W; op++) t[op] = 1;
	t[Op.LOAD_X0] = 1;
	return t;
})();

/** The op to use when rd = x0: same op unless writing x0 is its only effect (see Op.NOP). */
const X0_FORM: Uint8Array = (() => {
	const t = new Uint8Array(256).map((_, op) => op);
	for (let op = Op.LUI; op <= Op.AUIPC; op++) t[op] = Op.NOP;
	for (let op = Op.ADDI; op <= Op.AND; op++) t[op] = Op.NOP;
	for (let op = Op.MUL; op <= Op.REMU; op++) t[op] = Op.NOP;
	for (let op = Op.LB; op <= Op.LHU; op++) t[op] = Op.LOAD_X0;
	t[Op.JAL] = Op.J;
	t[Op.JALR] = Op.JR;
	return t;
})();

/** Decode the word at RAM word index i into the cache; returns its op. (The translator decodes ahead.) */
export function decodeInto(h: Hart, i: number, w: number): number {
	const insn = decode(w);
	let op = insn ? insn.id + 1 : Op.ILLEGAL;
	const cost = h.cost[op]; // synthetic forms below cost what the instruction they stand for costs
	let imm = 0;
	switch (insn?.format) {
		case 'I':
			imm = op >= Op.SLLI && op <= Op.SRAI ? (w >>> 20) & 31 : immI(w);
			break;
		case 'S':
			imm = immS(w);
			break;
		case 'B':
			imm = immB(w);
			break;
		case 'U':
			imm = immU(w);
			break;
		case 'J':
			imm = immJ(w);
			break;
	}
	// §2.2/§2.5: without the C extension a taken branch or jump to a target that is not 4-byte aligned
	// raises instruction-address-misaligned on the jump itself. Immediates are pc-relative offsets.
	if (imm & 2 && insn?.format === 'B') op = Op.BRANCH_MISALIGNED;
	else if (imm & 2 && insn?.format === 'J') op = Op.JAL_MISALIGNED;
	else if (((w >>> 7) & 31) === 0) op = X0_FORM[op];
	h.ram.code[i] = op | (cost << 8);
	h.ram.imm[i] = imm;
	h.ram.noteDecoded(i);
	return op;
}

/**
 * Run up to `budget` instructions (or until something stops the hart). Returns the number of steps
 * taken: retired instructions plus instructions that trapped.
 */
export function execute(h: Hart, budget: number): number {
	const x = h.x;
	const ram = h.ram;
	const code = ram.code;
	const pages = ram.codePages;
	const imms = ram.imm;
	const m32 = ram.i32;
	const m16 = ram.i16;
	const u16 = ram.u16;
	const m8 = ram.i8;
	const u8 = ram.u8;
	// RAM offsets in int32 arithmetic: (addr - base) | 0 wraps like the hardware, then one unsigned
	// compare against the size checks both ends.
	const hook = h.onRetire;
	// Every instruction is observed with a retire hook: the translator has none of its own to call.
	let jit = hook === undefined ? h.jit : undefined;
	let jitLeft = 1;
	let pc = h.pc | 0;
	let cyc = 0;
	// Retired = steps − traps; counted at sync points instead of per instruction.
	let syncSteps = 0;
	let syncTraps: number;
	let steps = 0;
	let limit = budget;
	let rewatch = -1;
	let rewatchMark = 0;

	// Mode, satp or mstatus may have been set from outside (a debugger, a test, firmware) since the
	// last slice: derive the windows afresh if so.
	refreshWindows(h);
	pc = takeInterrupts(h, pc);
	// M-mode software that took that interrupt (the hypervisor at a quantum's end) may have set the next
	// device event sooner than this slice was sized for: end the slice now so the machine sizes the
	// next one to it. Otherwise a loop that never leaves the fast path runs the whole budget past it.
	if (h.endSlice) {
		limit = 0;
		h.endSlice = false;
	}
	h.trapped = false;
	syncTraps = h.traps;
	// The fetch and data windows (see the header); reloaded after every out-of-line instruction.
	let fbase = h.fetchBase;
	let fsize = h.fetchSize;
	let fword = h.fetchWord;
	let lbase = h.loadBase;
	let lsize = h.loadSize;
	let ldelta = h.loadDelta;
	let sbase = h.storeBase;
	let ssize = h.storeSize;
	let sdelta = h.storeDelta;

	for (; steps < limit; steps++) {
		const at = pc;
		const off = (pc - fbase) | 0;
		const i = (off >>> 2) + fword;
		let op: number = Op.FETCH_FAULT;
		let w = 0;
		if (off >>> 0 < fsize) {
			// The translator (jit/cache.ts) runs whole blocks from here when it has them; not once a
			// marker is lifted for one step (rewatch clears jit), since the word's entry is not its own.
			// A block that left early left at an instruction for the slow path: run that one here.
			if (jit !== undefined) {
				if (pc === jitLeft) jitLeft = 1;
				else {
					const n = jit.run(pc, i, limit - steps);
					if (n !== 0) {
						steps += n - 1; // the loop's own increment counts the last
						cyc = (cyc + jit.cycles) | 0;
						pc = jit.pc;
						jitLeft = jit.exited ? pc : 1; // 1: no pc (odd)
						// Blocks take some accesses' slow path themselves (jit/slow.ts), moving the windows.
						lbase = h.loadBase;
						lsize = h.loadSize;
						ldelta = h.loadDelta;
						sbase = h.storeBase;
						ssize = h.storeSize;
						sdelta = h.storeDelta;
						if (h.stopReason !== undefined) limit = 0; // a store called a watcher that stopped
						continue;
					}
				}
			}
			const c = code[i];
			op = c & 255;
			cyc = (cyc + (c >>> 8)) | 0;
			w = m32[i];
		}
		let addr = 0;
		fast: {
			// prettier-ignore
			switch (op) {
				case Op.NONE: decodeInto(h, i, w); steps--; continue;
				// RV32I (unprivileged chapter 2)
				case Op.LUI: x[(w >>> 7) & 31] = imms[i]; pc = (pc + 4) | 0; break;
				case Op.AUIPC: x[(w >>> 7) & 31] = (pc + imms[i]) | 0; pc = (pc + 4) | 0; break;
				case Op.JAL: x[(w >>> 7) & 31] = (pc + 4) | 0; pc = (pc + imms[i]) | 0; break;
				case Op.JALR: {
					// §2.5: target = (rs1 + imm) with bit 0 cleared; rs1 is read before rd is written.
					const t = (x[(w >>> 15) & 31] + imms[i]) & ~1;
					if (t & 2) { addr = t; break fast; }
					x[(w >>> 7) & 31] = (pc + 4) | 0; pc = t; break;
				}
				// `j .` is checked for a loop nothing can end only when asked (offset 0 is rare elsewhere).
				case Op.J: if (imms[i] === 0 && h.stopOnSpin && stopIfSpinning(h, pc)) limit = 0; pc = (pc + imms[i]) | 0; break;
				case Op.JR: {
					const t = (x[(w >>> 15) & 31] + imms[i]) & ~1;
					if (t & 2) { addr = t; break fast; }
					pc = t; break;
				}
				case Op.NOP: pc = (pc + 4) | 0; break;
				case Op.BEQ: pc = (pc + (x[(w >>> 15) & 31] === x[(w >>> 20) & 31] ? imms[i] : 4)) | 0; break;
				case Op.BNE: pc = (pc + (x[(w >>> 15) & 31] !== x[(w >>> 20) & 31] ? imms[i] : 4)) | 0; break;
				case Op.BLT: pc = (pc + (x[(w >>> 15) & 31] < x[(w >>> 20) & 31] ? imms[i] : 4)) | 0; break;
				case Op.BGE: pc = (pc + (x[(w >>> 15) & 31] >= x[(w >>> 20) & 31] ? imms[i] : 4)) | 0; break;
				case Op.BLTU: pc = (pc + (x[(w >>> 15) & 31] >>> 0 < x[(w >>> 20) & 31] >>> 0 ? imms[i] : 4)) | 0; break;
				case Op.BGEU: pc = (pc + (x[(w >>> 15) & 31] >>> 0 >= x[(w >>> 20) & 31] >>> 0 ? imms[i] : 4)) | 0; break;
				// Loads and stores: aligned RAM inline (one unsigned compare), everything else out of line.
				case Op.LB: { addr = (x[(w >>> 15) & 31] + imms[i]) | 0; const o = (addr - lbase) | 0;
					if (o >>> 0 < lsize) { x[(w >>> 7) & 31] = m8[o + ldelta]; pc = (pc + 4) | 0; break; } break fast; }
				case Op.LH: { addr = (x[(w >>> 15) & 31] + imms[i]) | 0; const o = (addr - lbase) | 0;
					if (o >>> 0 < lsize && (o & 1) === 0) { x[(w >>> 7) & 31] = m16[(o + ldelta) >>> 1]; pc = (pc + 4) | 0; break; } break fast; }
				case Op.LW: { addr = (x[(w >>> 15) & 31] + imms[i]) | 0; const o = (addr - lbase) | 0;
					if (o >>> 0 < lsize && (o & 3) === 0) { x[(w >>> 7) & 31] = m32[(o + ldelta) >>> 2]; pc = (pc + 4) | 0; break; } break fast; }
				case Op.LBU: { addr = (x[(w >>> 15) & 31] + imms[i]) | 0; const o = (addr - lbase) | 0;
					if (o >>> 0 < lsize) { x[(w >>> 7) & 31] = u8[o + ldelta]; pc = (pc + 4) | 0; break; } break fast; }
				case Op.LHU: { addr = (x[(w >>> 15) & 31] + imms[i]) | 0; const o = (addr - lbase) | 0;
					if (o >>> 0 < lsize && (o & 1) === 0) { x[(w >>> 7) & 31] = u16[(o + ldelta) >>> 1]; pc = (pc + 4) | 0; break; } break fast; }
				// A store into a word with a non-zero code entry drops its decoded instruction or calls its
				// watcher; the page table byte keeps data-only pages off `code` entirely.
				case Op.SB: { addr = (x[(w >>> 15) & 31] + imms[i]) | 0; const o = (addr - sbase) | 0;
					if (o >>> 0 < ssize) { const p = o + sdelta; u8[p] = x[(w >>> 20) & 31]; if (pages[p >>> 12] !== 0 && code[p >>> 2] !== 0) { ram.touched(p >>> 2); if (h.stopReason) limit = 0; } pc = (pc + 4) | 0; break; } break fast; }
				case Op.SH: { addr = (x[(w >>> 15) & 31] + imms[i]) | 0; const o = (addr - sbase) | 0;
					if (o >>> 0 < ssize && (o & 1) === 0) { const p = o + sdelta; u16[p >>> 1] = x[(w >>> 20) & 31]; if (pages[p >>> 12] !== 0 && code[p >>> 2] !== 0) { ram.touched(p >>> 2); if (h.stopReason) limit = 0; } pc = (pc + 4) | 0; break; } break fast; }
				case Op.SW: { addr = (x[(w >>> 15) & 31] + imms[i]) | 0; const o = (addr - sbase) | 0;
					if (o >>> 0 < ssize && (o & 3) === 0) { const p = o + sdelta; m32[p >>> 2] = x[(w >>> 20) & 31]; if (pages[p >>> 12] !== 0 && code[p >>> 2] !== 0) { ram.touched(p >>> 2); if (h.stopReason) limit = 0; } pc = (pc + 4) | 0; break; } break fast; }
				case Op.ADDI: x[(w >>> 7) & 31] = (x[(w >>> 15) & 31] + imms[i]) | 0; pc = (pc + 4) | 0; break;
				case Op.SLTI: x[(w >>> 7) & 31] = x[(w >>> 15) & 31] < imms[i] ? 1 : 0; pc = (pc + 4) | 0; break;
				case Op.SLTIU: x[(w >>> 7) & 31] = x[(w >>> 15) & 31] >>> 0 < imms[i] >>> 0 ? 1 : 0; pc = (pc + 4) | 0; break;
				case Op.XORI: x[(w >>> 7) & 31] = x[(w >>> 15) & 31] ^ imms[i]; pc = (pc + 4) | 0; break;
				case Op.ORI: x[(w >>> 7) & 31] = x[(w >>> 15) & 31] | imms[i]; pc = (pc + 4) | 0; break;
				case Op.ANDI: x[(w >>> 7) & 31] = x[(w >>> 15) & 31] & imms[i]; pc = (pc + 4) | 0; break;
				case Op.SLLI: x[(w >>> 7) & 31] = x[(w >>> 15) & 31] << imms[i]; pc = (pc + 4) | 0; break;
				case Op.SRLI: x[(w >>> 7) & 31] = x[(w >>> 15) & 31] >>> imms[i]; pc = (pc + 4) | 0; break;
				case Op.SRAI: x[(w >>> 7) & 31] = x[(w >>> 15) & 31] >> imms[i]; pc = (pc + 4) | 0; break;
				case Op.ADD: x[(w >>> 7) & 31] = (x[(w >>> 15) & 31] + x[(w >>> 20) & 31]) | 0; pc = (pc + 4) | 0; break;
				case Op.SUB: x[(w >>> 7) & 31] = (x[(w >>> 15) & 31] - x[(w >>> 20) & 31]) | 0; pc = (pc + 4) | 0; break;
				// §2.4.2: register shifts use the low 5 bits of rs2, as JS shift operators do.
				case Op.SLL: x[(w >>> 7) & 31] = x[(w >>> 15) & 31] << x[(w >>> 20) & 31]; pc = (pc + 4) | 0; break;
				case Op.SLT: x[(w >>> 7) & 31] = x[(w >>> 15) & 31] < x[(w >>> 20) & 31] ? 1 : 0; pc = (pc + 4) | 0; break;
				case Op.SLTU: x[(w >>> 7) & 31] = x[(w >>> 15) & 31] >>> 0 < x[(w >>> 20) & 31] >>> 0 ? 1 : 0; pc = (pc + 4) | 0; break;
				case Op.XOR: x[(w >>> 7) & 31] = x[(w >>> 15) & 31] ^ x[(w >>> 20) & 31]; pc = (pc + 4) | 0; break;
				case Op.SRL: x[(w >>> 7) & 31] = x[(w >>> 15) & 31] >>> x[(w >>> 20) & 31]; pc = (pc + 4) | 0; break;
				case Op.SRA: x[(w >>> 7) & 31] = x[(w >>> 15) & 31] >> x[(w >>> 20) & 31]; pc = (pc + 4) | 0; break;
				case Op.OR: x[(w >>> 7) & 31] = x[(w >>> 15) & 31] | x[(w >>> 20) & 31]; pc = (pc + 4) | 0; break;
				case Op.AND: x[(w >>> 7) & 31] = x[(w >>> 15) & 31] & x[(w >>> 20) & 31]; pc = (pc + 4) | 0; break;
				// §2.7: one hart, in order, no caches to order against: fences have nothing to do.
				case Op.FENCE_TSO: case Op.FENCE: pc = (pc + 4) | 0; break;
				// M (chapter 7)
				case Op.MUL: x[(w >>> 7) & 31] = Math.imul(x[(w >>> 15) & 31], x[(w >>> 20) & 31]); pc = (pc + 4) | 0; break;
				case Op.MULH: x[(w >>> 7) & 31] = mulh(x[(w >>> 15) & 31], x[(w >>> 20) & 31]); pc = (pc + 4) | 0; break;
				case Op.MULHSU: x[(w >>> 7) & 31] = mulhsu(x[(w >>> 15) & 31], x[(w >>> 20) & 31]); pc = (pc + 4) | 0; break;
				case Op.MULHU: x[(w >>> 7) & 31] = mulhu(x[(w >>> 15) & 31], x[(w >>> 20) & 31]); pc = (pc + 4) | 0; break;
				case Op.DIV: x[(w >>> 7) & 31] = div(x[(w >>> 15) & 31], x[(w >>> 20) & 31]); pc = (pc + 4) | 0; break;
				case Op.DIVU: x[(w >>> 7) & 31] = divu(x[(w >>> 15) & 31], x[(w >>> 20) & 31]); pc = (pc + 4) | 0; break;
				case Op.REM: x[(w >>> 7) & 31] = rem(x[(w >>> 15) & 31], x[(w >>> 20) & 31]); pc = (pc + 4) | 0; break;
				case Op.REMU: x[(w >>> 7) & 31] = remu(x[(w >>> 15) & 31], x[(w >>> 20) & 31]); pc = (pc + 4) | 0; break;
				// Markers (bus/ram.ts): a breakpoint stops before the instruction; a watched word executes
				// uncached once, then the loop returns so the marker can be put back.
				case Op.MARK_BREAK:
					if (at >>> 0 !== h.breakSkip) { h.stop({ kind: 'breakpoint', pc: at >>> 0, hart: h.hartId }); limit = 0; steps--; continue; }
					h.breakSkip = -1; // resuming from this breakpoint: run the instruction under it once
					rewatch = i; rewatchMark = op; jit = undefined; decodeInto(h, i, w); limit = Math.min(limit, steps + 1); steps--; continue;
				case Op.MARK_WATCH:
					rewatch = i; rewatchMark = op; jit = undefined; decodeInto(h, i, w); limit = Math.min(limit, steps + 1); steps--; continue;
				default:
					break fast; // everything else: out of line below
			}
			if (hook !== undefined) {
				// A subscriber sees the clock as this instruction leaves it (only the hooked path pays),
				// and the addresses an inline load or store touched, through the window that served it.
				h.cycles += cyc;
				cyc = 0;
				if (op >= Op.LB && op <= Op.SW) {
					h.memVa = addr >>> 0;
					h.memPa =
						(op <= Op.LHU ? ((addr - lbase) | 0) + ldelta : ((addr - sbase) | 0) + sdelta) +
						ram.base;
				}
				const rd = WRITES_RD[op] ? (w >>> 7) & 31 : 0;
				hook(at >>> 0, w >>> 0, rd, x[rd]);
			}
			continue;
		}

		// Out of line: bring the counters up to date, since CSRs, devices and traps may read them.
		h.cycles += cyc;
		h.instret += steps - syncSteps - (h.traps - syncTraps);
		cyc = 0;
		syncSteps = steps;
		syncTraps = h.traps;
		h.trapped = false;
		const rd = (w >>> 7) & 31;
		// prettier-ignore
		switch (op) {
			case Op.JALR: case Op.JR: pc = takeTrap(h, Cause.InstructionMisaligned, addr, pc); break;
			case Op.LOAD_X0: { // funct3: bits 1:0 log2(size), bit 2 unsigned (§2.6)
				const f3 = (w >>> 12) & 7;
				const a = (x[(w >>> 15) & 31] + imms[i]) | 0;
				pc = load(h, pc, 0, a, (1 << (f3 & 3)) as 1 | 2 | 4, (f3 & 4) === 0);
				break;
			}
			case Op.LB: pc = load(h, pc, rd, addr, 1, true); break;
			case Op.LH: pc = load(h, pc, rd, addr, 2, true); break;
			case Op.LW: pc = load(h, pc, rd, addr, 4, true); break;
			case Op.LBU: pc = load(h, pc, rd, addr, 1, false); break;
			case Op.LHU: pc = load(h, pc, rd, addr, 2, false); break;
			case Op.SB: pc = store(h, pc, addr, 1, x[(w >>> 20) & 31]); break;
			case Op.SH: pc = store(h, pc, addr, 2, x[(w >>> 20) & 31]); break;
			case Op.SW: pc = store(h, pc, addr, 4, x[(w >>> 20) & 31]); break;
			case Op.ECALL: case Op.EBREAK: case Op.MRET: case Op.SRET: case Op.WFI: case Op.SFENCE_VMA:
				pc = privileged(h, pc, w); break;
			case Op.CSRRW: case Op.CSRRS: case Op.CSRRC: case Op.CSRRWI: case Op.CSRRSI: case Op.CSRRCI:
				pc = csrInstruction(h, pc, w); break;
			case Op.FENCE_I: pc = fenceI(h, pc); break;
			case Op.LR_W: case Op.SC_W: case Op.AMOSWAP_W: case Op.AMOADD_W: case Op.AMOXOR_W: case Op.AMOAND_W:
			case Op.AMOOR_W: case Op.AMOMIN_W: case Op.AMOMAX_W: case Op.AMOMINU_W: case Op.AMOMAXU_W:
				pc = atomic(h, pc, w); break;
			case Op.BRANCH_MISALIGNED: pc = misalignedBranch(h, pc, w); break;
			case Op.JAL_MISALIGNED: pc = takeTrap(h, Cause.InstructionMisaligned, (pc + immJ(w)) | 0, pc); break;
			case Op.FETCH_FAULT: {
				if (!h.fetchPaged) { pc = takeTrap(h, Cause.InstructionAccessFault, pc, pc); break; }
				// Translated fetch left its page: translate the new one and fetch again (not a step).
				const cause = translateFetch(h, pc);
				if (cause !== 0) { pc = takeTrap(h, cause, pc, pc); break; }
				fbase = h.fetchBase; fsize = h.fetchSize; fword = h.fetchWord;
				steps--; continue;
			}
			default: pc = takeTrap(h, Cause.IllegalInstruction, w, pc, false, w); break; // Op.ILLEGAL
		}
		if (h.stopReason !== undefined || h.endSlice) {
			limit = 0;
			h.endSlice = false;
		}
		if (!h.trapped) {
			x[0] = 0;
			if (hook !== undefined) {
				// The slow path translated the access (paging.ts translateData): its va and first byte's pa.
				if (MEMORY_OP[op] !== 0) {
					h.memVa = h.faultAddress;
					h.memPa = h.physLo;
				}
				const r = WRITES_RD[op] ? rd : 0;
				hook(at >>> 0, w >>> 0, r, x[r]);
			}
		}
		// A CSR write, an xRET or M-mode software's return may have enabled a pending interrupt: take it
		// before the next instruction. An interrupt is not a step: keep it out of the retired count.
		if (!h.trapped || h.resumed) {
			const before = h.traps;
			pc = takeInterrupts(h, pc);
			syncTraps += h.traps - before;
		}
		fbase = h.fetchBase;
		fsize = h.fetchSize;
		fword = h.fetchWord;
		lbase = h.loadBase;
		lsize = h.loadSize;
		ldelta = h.loadDelta;
		sbase = h.storeBase;
		ssize = h.storeSize;
		sdelta = h.storeDelta;
	}
	if (rewatch >= 0) code[rewatch] = rewatchMark;
	h.cycles += cyc;
	h.instret += steps - syncSteps - (h.traps - syncTraps);
	h.pc = pc >>> 0;
	return steps;
}

/** A branch whose target is 2 mod 4: it only traps if taken (§2.5). */
function misalignedBranch(h: Hart, pc: number, w: number): number {
	const a = h.x[(w >>> 15) & 31];
	const b = h.x[(w >>> 20) & 31];
	const f3 = (w >>> 12) & 7;
	const taken = [a === b, a !== b, false, false, a < b, a >= b, a >>> 0 < b >>> 0, a >>> 0 >= b >>> 0][f3];
	return taken ? takeTrap(h, Cause.InstructionMisaligned, (pc + immB(w)) | 0, pc) : (pc + 4) | 0;
}

/**
 * The one cost table: how many cycles each class of instruction takes. The machine's clock (mcycle,
 * and mtime derived from it) advances by these, so lessons can reason about time in cycles.
 * The numbers are a simple in-order teaching core, not a model of any real chip.
 */
import { INSNS } from '../isa/instructions';

export type CostClass =
	'alu' | 'mul' | 'div' | 'load' | 'store' | 'branch' | 'jump' | 'csr' | 'atomic' | 'fence' | 'system';

export type CostTable = Readonly<Record<CostClass | 'trap', number>>;

export const DEFAULT_COSTS: CostTable = {
	alu: 1,
	mul: 3,
	div: 20,
	load: 2,
	store: 1,
	branch: 1,
	jump: 2,
	csr: 2,
	atomic: 4,
	fence: 1,
	system: 2,
	trap: 10
};

/** The class of each table instruction, by name. */
export function costClass(name: string): CostClass {
	if (/^(mul)/.test(name)) return 'mul';
	if (/^(div|rem)/.test(name)) return 'div';
	if (/^l[bhw]u?$/.test(name)) return 'load';
	if (/^s[bhw]$/.test(name)) return 'store';
	if (/^b/.test(name)) return 'branch';
	if (/^jalr?$/.test(name)) return 'jump';
	if (/^csr/.test(name)) return 'csr';
	if (/^(lr|sc|amo)/.test(name)) return 'atomic';
	if (/^fence/.test(name)) return 'fence';
	if (/^(ecall|ebreak|[ms]ret|wfi|sfence)/.test(name)) return 'system';
	return 'alu';
}

/** The interpreter counts cycles in int32 over slices of 2^24 instructions, so 127 is the ceiling. */
export const MAX_COST = 127;

/**
 * Cycles per pre-decoded op (op = table id + 1, see hart/execute.ts), for the interpreter to index.
 * Op 0 (not yet decoded) and the markers cost nothing: the loop re-dispatches after decoding them.
 * Synthetic ops (misaligned jumps, illegal) cost like an ALU op; the trap adds `trap`.
 */
export function costsByOp(table: CostTable): Int32Array {
	for (const [k, v] of Object.entries(table))
		if (!Number.isInteger(v) || v < 0 || v > MAX_COST)
			throw new RangeError(
				`cost of ${k} must be a whole number of cycles from 0 to ${MAX_COST}, got ${v}`
			);
	const out = new Int32Array(256);
	for (const insn of INSNS) out[insn.id + 1] = table[costClass(insn.name)];
	for (let op = INSNS.length + 1; op < 254; op++) out[op] = table.alu;
	return out;
}

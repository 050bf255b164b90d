/**
 * Pass 2: with every section placed, evaluate the fixups pass 1 left and encode instructions.
 * Relocation functions are computed as the RISC-V ELF psABI defines their relocations
 * (R_RISCV_HI20, LO12_I/S, PCREL_HI20, PCREL_LO12_I/S, BRANCH, JAL, CALL).
 */
import type { Syntax } from '../instructions';
import type { Emit } from './emit';
import { StatementError, type Diagnostics, type Pos } from './errors';
import { encode, hi20, lo12 } from './encoder';
import { evaluate, firstUnknown, type EvalEnv, type Value } from './expr';
import type { Imm } from './operands';
import { displayName, type Pass1 } from './pass1';

/** Pass 2's view: every symbol is an absolute address or constant. */
export function finalEnv(
	p: Pass1,
	addressOf: ReadonlyMap<string, number>
): {
	env: (dot: Value) => EvalEnv;
	absolute: (v: Value) => bigint;
} {
	const absolute = (v: Value) => (v.sec === null ? v.n : v.n + BigInt(addressOf.get(v.sec) ?? 0));
	let depth = 0;
	const env = (dot: Value): EvalEnv => ({
		symbol: (name) => {
			const s = p.symbols.get(name);
			if (s?.value) return { sec: null, n: absolute(s.value) };
			if (!s?.deferred || depth > 100) return undefined;
			depth++;
			try {
				return evaluate(s.deferred.expr, env(s.deferred.dot));
			} finally {
				depth--;
			}
		},
		dot: () => ({ sec: null, n: absolute(dot) }),
		isDefined: (name) => p.symbols.get(name)?.definedAt !== undefined
	});
	return { env, absolute };
}

/** Evaluate to a number or explain why not. */
function value(imm: Pick<Imm, 'expr' | 'at'>, env: EvalEnv): bigint {
	const v = evaluate(imm.expr, env);
	if (v?.sec === null) return v.n;
	const u = firstUnknown(imm.expr, env);
	if (u && env.isDefined?.(u.name)) {
		throw new StatementError(
			u.at,
			`cannot compute ${displayName(u.name)}: its definition refers to itself`
		);
	}
	if (u) throw new StatementError(u.at, `undefined symbol ${displayName(u.name)}`);
	throw new StatementError(imm.at, 'expected an expression with a value');
}

const u32 = (n: bigint) => Number(BigInt.asUintN(32, n));
const i32 = (n: bigint) => Number(BigInt.asIntN(32, n));

function inRange(n: bigint, lo: number, hi: number, what: string, at: Pos): number {
	if (n < BigInt(lo) || n > BigInt(hi))
		throw new StatementError(at, `${what} ${n} is out of range: expected ${lo}..${hi}`);
	return Number(n);
}

interface Ctx {
	readonly env: EvalEnv;
	readonly pc: number;
	/** `%pcrel_hi` targets by the auipc's address, for `%pcrel_lo(label)`. */
	readonly hiTargets: ReadonlyMap<number, number>;
}

/** A 12-bit signed immediate: a constant, `%lo(sym)`, or `%pcrel_lo(label)`. */
function imm12(imm: Imm, c: Ctx): number {
	switch (imm.mod) {
		case undefined:
			return inRange(value(imm, c.env), -2048, 2047, 'immediate', imm.at);
		case 'lo':
			return lo12(u32(value(imm, c.env)));
		case 'pcrel_lo_prev':
			return lo12(u32(value(imm, c.env)) - (c.pc - 4));
		case 'pcrel_lo': {
			// The operand names the auipc; its %pcrel_hi target decides the low part (psABI PCREL_LO12).
			const at = u32(value(imm, c.env));
			const target = c.hiTargets.get(at);
			if (target === undefined) {
				throw new StatementError(
					imm.at,
					`expected the label of an auipc with %pcrel_hi for %pcrel_lo, found address 0x${at.toString(16)}`
				);
			}
			return lo12(target - at);
		}
		default:
			throw new StatementError(imm.at, `%${imm.mod} is not allowed here: expected %lo or %pcrel_lo`);
	}
}

/** A 20-bit upper immediate: a constant 0..0xfffff, `%hi(sym)` or `%pcrel_hi(sym)`. */
function imm20(imm: Imm, c: Ctx): number {
	if (imm.mod === undefined) return inRange(value(imm, c.env), 0, 0xfffff, 'upper immediate', imm.at);
	if (imm.mod === 'hi') return hi20(u32(value(imm, c.env)));
	if (imm.mod === 'pcrel_hi') return hi20(u32(value(imm, c.env)) - c.pc);
	throw new StatementError(imm.at, `%${imm.mod} is not allowed here: expected %hi or %pcrel_hi`);
}

function plain(imm: Imm, lo: number, hi: number, what: string, c: Ctx): number {
	if (imm.mod) throw new StatementError(imm.at, `%${imm.mod} is not allowed in ${what}`);
	return inRange(value(imm, c.env), lo, hi, what, imm.at);
}

/** A branch or jump target as a pc-relative offset, checked for range and alignment. */
function offset(imm: Imm, bits: number, c: Ctx): number {
	if (imm.mod && imm.mod !== 'pc_offset') {
		throw new StatementError(imm.at, `%${imm.mod} is not allowed in a branch target`);
	}
	const v = value(imm, c.env);
	const delta = i32(imm.mod === 'pc_offset' ? v : v - BigInt(c.pc));
	const limit = 2 ** (bits - 1);
	if (delta < -limit || delta >= limit) {
		throw new StatementError(
			imm.at,
			`branch target is ${delta} bytes away: expected -${limit}..${limit - 2}`
		);
	}
	if (delta & 1) throw new StatementError(imm.at, `branch target is at an odd offset (${delta})`);
	return delta;
}

const SLOT: Partial<Record<Syntax, (e: Emit, c: Ctx) => number>> = {
	'rd,rs1,imm': (e, c) => imm12(e.imm!, c),
	'rd,imm(rs1)': (e, c) => imm12(e.imm!, c),
	'rs2,imm(rs1)': (e, c) => imm12(e.imm!, c),
	'rd,rs1,shamt': (e, c) => plain(e.imm!, 0, 31, 'shift amount', c),
	'rd,imm20': (e, c) => imm20(e.imm!, c),
	'rs1,rs2,target': (e, c) => offset(e.imm!, 13, c),
	'rd,target': (e, c) => offset(e.imm!, 21, c),
	'rd,(rs1)': (e, c) => amoOffset(e.imm!, c),
	'rd,rs2,(rs1)': (e, c) => amoOffset(e.imm!, c)
};

/** LR/SC and AMOs address exactly (rs1) (unprivileged spec chapter 8); GNU as accepts a written offset only if it is 0. */
function amoOffset(imm: Imm, c: Ctx): number {
	const v = imm.mod ? 1n : value(imm, c.env);
	if (v !== 0n)
		throw new StatementError(imm.at, `expected offset 0 (or none) for an atomic memory operation`);
	return 0;
}

/** A CSR given as a number or an expression; a name that is neither a CSR nor a symbol is unknown. */
function csrNumber(imm: Imm, c: Ctx): number {
	if (imm.expr.k === 'sym' && !c.env.symbol(imm.expr.name, imm.at)) {
		throw new StatementError(imm.at, `expected a CSR name or number but found '${imm.expr.name}'`);
	}
	return plain(imm, 0, 4095, 'CSR number', c);
}

export function encodeEmit(e: Emit, c: Ctx): number {
	const imm = e.imm ? SLOT[e.insn.syntax]?.(e, c) : undefined;
	const csr = typeof e.csr === 'object' ? csrNumber(e.csr, c) : e.csr;
	// csrr*i: the 5-bit zimm travels in the rs1 field.
	const rs1 = e.insn.syntax === 'rd,csr,zimm' ? plain(e.imm!, 0, 31, 'CSR immediate', c) : e.rs1;
	const isAmo = e.insn.syntax === 'rd,(rs1)' || e.insn.syntax === 'rd,rs2,(rs1)';
	return encode(e.insn, { ...e, rs1, imm: isAmo ? undefined : imm, csr });
}

/** Apply every fixup of every section, reporting each failure and carrying on. */
export function applyFixups(p: Pass1, addressOf: ReadonlyMap<string, number>, diag: Diagnostics): void {
	const { env } = finalEnv(p, addressOf);
	const hiTargets = new Map<number, number>();
	for (const s of p.sections.values()) {
		for (const f of s.fixups) {
			if (f.kind !== 'insn' || f.emit.imm?.mod !== 'pcrel_hi') continue;
			const pc = (addressOf.get(s.name) ?? 0) + f.off;
			try {
				hiTargets.set(pc, u32(value(f.emit.imm, env({ sec: s.name, n: BigInt(f.off) }))));
			} catch {
				// reported when the auipc itself is encoded
			}
		}
	}
	for (const s of p.sections.values()) {
		const base = addressOf.get(s.name) ?? 0;
		for (const f of s.fixups) {
			const dot: Value = { sec: s.name, n: BigInt(f.off) };
			try {
				if (f.kind === 'insn') {
					s.write(f.off, encodeEmit(f.emit, { env: env(dot), pc: base + f.off, hiTargets }), 4);
				} else {
					writeData(s, f.off, f.size, value({ expr: f.expr, at: f.at }, env(dot)), f.at);
				}
			} catch (e) {
				if (!(e instanceof StatementError)) throw e;
				diag.error(e.at, e.message);
			}
		}
	}
}

function writeData(s: Pass1['cur'], off: number, size: number, v: bigint, at: Pos): void {
	const bits = BigInt(size * 8);
	if (size < 8 && (v < -(1n << (bits - 1n)) || v >= 1n << bits)) {
		throw new StatementError(at, `value ${v} does not fit in ${size} byte${size > 1 ? 's' : ''}`);
	}
	if (s.flags.nobits && v !== 0n) throw new StatementError(at, `only zeros may be stored in '${s.name}'`);
	const u = BigInt.asUintN(64, v);
	s.write(off, Number(u & 0xffffffffn), Math.min(size, 4));
	if (size === 8) s.write(off + 4, Number(u >> 32n), 4);
}

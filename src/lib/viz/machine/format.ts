/**
 * Words for the machine views: numbers in hex and decimal, privilege modes, and traps in plain
 * language. Plain functions, so the views stay thin and these can be unit-tested.
 */
import { causeName } from '$lib/sim/hart/causes';
import { ABI_NAMES } from '$lib/sim/isa/registers';

/** 0x8000_0010 → `0x80000010` (always 8 digits: columns line up). */
export function hex32(n: number): string {
	return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}

export type NumberBase = 'hex' | 'signed' | 'unsigned';

export function formatWord(n: number, base: NumberBase): string {
	if (base === 'hex') return hex32(n);
	if (base === 'signed') return String(n | 0);
	return String(n >>> 0);
}

/** Privilege modes by their mstatus.MPP encoding (privileged §1.2). */
const MODE_NAMES: Readonly<Record<number, string>> = { 0: 'U', 1: 'S', 3: 'M' };
const MODE_LONG: Readonly<Record<number, string>> = { 0: 'user', 1: 'supervisor', 3: 'machine' };

export function modeName(mode: number): string {
	return MODE_NAMES[mode] ?? `mode ${mode}`;
}

export function modeLongName(mode: number): string {
	return MODE_LONG[mode] ?? `mode ${mode}`;
}

/** A trap as the session's trace reports it (the `trap` event's fields the log needs). */
export interface TrapEvent {
	/** mcause, interrupt bit included. */
	readonly cause: number;
	readonly epc: number;
	/** The mode that handles it (privileged §1.2 encoding). */
	readonly to: number;
	/** Where the hart went: mtvec's base, or base + 4 × cause for a vectored interrupt (§3.1.7). */
	readonly handler: number;
}

/** `trap: illegal instruction at 0x80000010 → M-mode handler at 0x80000100`. */
export function describeTrap(e: TrapEvent): string {
	const interrupt = e.cause >>> 31 === 1;
	const kind = interrupt ? 'interrupt' : 'trap';
	const where = interrupt ? `before ${hex32(e.epc)}` : `at ${hex32(e.epc)}`;
	return `${kind}: ${causeName(e.cause)} ${where} → ${modeName(e.to)}-mode handler at ${hex32(e.handler)}`;
}

export type ParsedWord = { ok: true; value: number } | { ok: false; error: string };

/**
 * A register value typed by a student: hex (`0x2a`), unsigned decimal (`42`, up to 4294967295) or
 * signed decimal (`-1`, down to -2147483648). Returns the 32-bit pattern (as an unsigned number).
 */
export function parseWord(text: string): ParsedWord {
	const t = text.trim().replace(/_/g, '');
	if (/^0x[0-9a-f]+$/i.test(t)) {
		const digits = t.slice(2).replace(/^0+(?=.)/, '');
		if (digits.length > 8) return { ok: false, error: 'More than 32 bits: at most 8 hex digits.' };
		return { ok: true, value: parseInt(digits, 16) >>> 0 };
	}
	if (/^[-+]?[0-9]+$/.test(t)) {
		const n = Number(t);
		if (n < -0x8000_0000) return { ok: false, error: 'Below -2147483648, the smallest 32-bit value.' };
		if (n > 0xffff_ffff) return { ok: false, error: 'Above 4294967295, the largest 32-bit value.' };
		return { ok: true, value: n >>> 0 };
	}
	return { ok: false, error: 'Not a number: type hex (0x2a) or decimal (42, -1).' };
}

/** `Set a0 (x10) to 0x0000002a.`: the status line after an edit (reg 32 is pc). */
export function describeEdit(reg: number, value: number): string {
	const name = reg === 32 ? 'pc' : `${ABI_NAMES[reg]} (x${reg})`;
	return `Set ${name} to ${hex32(value)}.`;
}

/**
 * Words for the machine views: numbers in hex and decimal, privilege modes, and traps in plain
 * language. Plain functions, so the views stay thin and these can be unit-tested.
 */
import { causeName } from '$lib/sim/hart/causes';

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

/**
 * The memory view's arithmetic: rows of 16 bytes in hex and ASCII, where a window starts so that an
 * address sits near its top, what a typed address means (hex, decimal, a register, a symbol), and
 * the last load or store in words. Pure functions, so the view only draws.
 */
import { ABI_NAMES, registerNumber } from '$lib/sim/isa/registers';
import { hex32 } from './format';

export const BYTES_PER_ROW = 16;
/** Rows the view shows: 128 bytes, one small read per refresh. */
export const VISIBLE_ROWS = 8;
/** Rows above the followed address, so a stack push just below sp stays in view. */
export const ROWS_ABOVE = 2;

/** The last load or store of the last step (the session's RegistersView.lastAccess). */
export interface MemoryAccess {
	readonly va: number;
	readonly pa: number;
	readonly size: number;
	readonly write: boolean;
}

/** A physical range [start, end) of RAM: bytes outside it are shown as `--`. */
export interface RamRange {
	readonly start: number;
	readonly end: number;
}

export interface MemoryCell {
	readonly addr: number;
	/** The byte, or null outside RAM. */
	readonly value: number | null;
	/** The text shown: two hex digits, or `--`. */
	readonly text: string;
	/** Part of the last access. */
	readonly accessed: boolean;
}

export interface MemoryRow {
	readonly addr: number;
	readonly cells: readonly MemoryCell[];
	/** Printable ASCII, `.` for other bytes and `·` outside RAM (one character per cell). */
	readonly ascii: string;
	readonly accessed: boolean;
}

const inRange = (addr: number, ram: RamRange) => addr >= ram.start && addr < ram.end;

/**
 * Whether addr falls in the last access: by its physical address when the view shows RAM as it is,
 * by its virtual one when the view reads through the hart's page table.
 */
export function isAccessed(addr: number, access: MemoryAccess | undefined, virtual = false): boolean {
	if (!access) return false;
	const off = (addr - (virtual ? access.va : access.pa)) >>> 0;
	return off < access.size;
}

/** Bytes read through a translation (session TranslatedMemoryView): which have a mapping. */
export interface Translated {
	readonly mapped: readonly boolean[];
	readonly virtual: boolean;
}

/**
 * Rows for `bytes` read from `start` (a multiple of 16). `allInRam` is the session's MemoryView.inRam:
 * when true no byte is checked against `ram`.
 */
export function memoryRows(
	start: number,
	bytes: Uint8Array,
	ram: RamRange,
	allInRam: boolean,
	access?: MemoryAccess,
	translated?: Translated
): MemoryRow[] {
	const rows: MemoryRow[] = [];
	for (let r = 0; r * BYTES_PER_ROW < bytes.length; r++) {
		const rowAddr = (start + r * BYTES_PER_ROW) >>> 0;
		const cells: MemoryCell[] = [];
		let ascii = '';
		for (let i = 0; i < BYTES_PER_ROW && r * BYTES_PER_ROW + i < bytes.length; i++) {
			const addr = (rowAddr + i) >>> 0;
			const at = r * BYTES_PER_ROW + i;
			const ok = translated ? translated.mapped[at] : allInRam || inRange(addr, ram);
			const value = ok ? bytes[at] : null;
			cells.push({
				addr,
				value,
				text: value === null ? '--' : value.toString(16).padStart(2, '0'),
				accessed: isAccessed(addr, access, translated?.virtual)
			});
			ascii += value === null ? '·' : value >= 0x20 && value < 0x7f ? String.fromCharCode(value) : '.';
		}
		rows.push({ addr: rowAddr, cells, ascii, accessed: cells.some((c) => c.accessed) });
	}
	return rows;
}

/** The first row's address for a window that shows `addr` ROWS_ABOVE rows from the top. */
export function windowStart(addr: number, rowsAbove = ROWS_ABOVE): number {
	const row = (addr >>> 0) - ((addr >>> 0) % BYTES_PER_ROW);
	return (row - rowsAbove * BYTES_PER_ROW) >>> 0;
}

/** The window a page further (+1) or back (-1), wrapping at 4 GiB as addresses do. */
export function pageWindow(start: number, direction: 1 | -1, rows = VISIBLE_ROWS): number {
	return (start + direction * rows * BYTES_PER_ROW) >>> 0;
}

/** What the address box and the follow select may name: registers (x0..x31) and pc. */
export interface AddressContext {
	readonly x: readonly number[];
	readonly pc: number;
	/** The program's symbols by name. */
	readonly symbols: ReadonlyMap<string, number>;
}

export type AddressResult = { ok: true; addr: number; what: string } | { ok: false; error: string };

/**
 * An address typed by a student: `0x80000000` (hex), `2147483648` (decimal), a register (`sp`,
 * `a0`, `x2`, `pc`: its value) or a symbol of the program (`handler`).
 */
export function parseAddress(text: string, ctx: AddressContext): AddressResult {
	const t = text.trim();
	if (t === '') return { ok: false, error: 'Type an address (0x80000000), a register (sp) or a label.' };
	if (/^0x[0-9a-f_]+$/i.test(t)) {
		const digits = t.slice(2).replace(/_/g, '');
		if (digits.length > 8 || digits === '')
			return { ok: false, error: `${t} is wider than 32 bits: addresses go up to 0xffffffff.` };
		return { ok: true, addr: parseInt(digits, 16) >>> 0, what: hex32(parseInt(digits, 16)) };
	}
	if (/^[0-9]+$/.test(t)) {
		const n = Number(t);
		if (n > 0xffff_ffff)
			return { ok: false, error: `${t} is larger than 4294967295, the last 32-bit address.` };
		return { ok: true, addr: n, what: hex32(n) };
	}
	if (t.toLowerCase() === 'pc') return { ok: true, addr: ctx.pc >>> 0, what: 'pc' };
	const reg = registerNumber(t);
	if (reg !== undefined) return { ok: true, addr: (ctx.x[reg] ?? 0) >>> 0, what: ABI_NAMES[reg] };
	const sym = ctx.symbols.get(t);
	if (sym !== undefined) return { ok: true, addr: sym >>> 0, what: t };
	return {
		ok: false,
		error: `“${t}” is not an address, a register or a label of this program. Try 0x80000000, sp or a label such as _start.`
	};
}

/** Registers the follow select offers, by name; 'none' keeps the window where it is. */
export const FOLLOW_CHOICES: readonly string[] = ['none', 'pc', 'sp', 'gp', 'tp', 's0', 'a0', 'a1', 'a2', 't0', 't1', 't2']; // prettier-ignore

/** The address a followed register holds, or undefined for 'none' or an unknown name. */
export function followedAddress(follow: string, x: readonly number[], pc: number): number | undefined {
	if (follow === 'none') return undefined;
	if (follow === 'pc') return pc >>> 0;
	const reg = registerNumber(follow);
	return reg === undefined ? undefined : (x[reg] ?? 0) >>> 0;
}

const SIZE_WORDS: Readonly<Record<number, string>> = { 1: '1 byte', 2: '2 bytes', 4: '4 bytes' };

/** `last store: 4 bytes at 0x8000fff8` (with the virtual address too when paging changed it). */
export function describeAccess(access: MemoryAccess): string {
	const kind = access.write ? 'store' : 'load';
	const size = SIZE_WORDS[access.size] ?? `${access.size} bytes`;
	const where =
		access.va >>> 0 === access.pa >>> 0
			? hex32(access.pa)
			: `${hex32(access.pa)} (virtual ${hex32(access.va)})`;
	return `last ${kind}: ${size} at ${where}`;
}

/**
 * Naming addresses as objdump does (`80000014 <loop+0x4>`, `10 <_start-0x7ffffff0>`).
 *
 * binutils objdump.c sorts the symbols (`compare_symbols`) and, for an address, takes the nearest
 * symbol at or below it, the first in sort order among several at the same address, or the lowest
 * symbol when the address is below all of them (`find_symbol_for_address`). We follow that, except
 * that ProgramSymbol carries no section, so objdump's "same section first" tie-break is not made.
 */
import type { ProgramSymbol } from '../program';

/**
 * ELF mapping symbols (RISC-V psABI "Mapping Symbol"): `$d` starts data inside code, `$x` (or
 * `$x<isa>`) starts instructions again. objdump never prints them as names.
 */
export function mappingKind(name: string): 'data' | 'code' | undefined {
	if (name === '$d') return 'data';
	if (name === '$x' || name.startsWith('$xrv')) return 'code';
	return undefined;
}
const isMappingSymbol = (name: string) => mappingKind(name) !== undefined;

/** Where code and data runs start, by address. */
export interface MappingMark {
	readonly addr: number;
	readonly data: boolean;
}
/** objdump's heuristic for file-name symbols that slipped in as ordinary ones. */
const looksLikeFile = (name: string) => /\.[oa]$/.test(name);

/**
 * objdump.c `compare_symbols` (binutils 2.40), minus its section preference: among symbols at one
 * address, functions, then objects, then globals, then larger sizes, then by name.
 */
function compareSymbols(a: ProgramSymbol, b: ProgramSymbol): number {
	if (a.addr !== b.addr) return a.addr - b.addr;
	const first = (fa: boolean, fb: boolean) => (fa === fb ? 0 : fa ? -1 : 1);
	const useful = (n: string) => !/gnu_compiled|gcc2_compiled/.test(n);
	return (
		first(useful(a.name), useful(b.name)) ||
		first(!looksLikeFile(a.name), !looksLikeFile(b.name)) ||
		first(a.kind === 'func', b.kind === 'func') ||
		first(a.kind === 'object', b.kind === 'object') ||
		first(a.global, b.global) ||
		(a.size !== b.size ? b.size - a.size : 0) ||
		first(!a.name.startsWith('.'), !b.name.startsWith('.')) ||
		(a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
	);
}

export class SymbolTable {
	/** Printable symbols in objdump's order (by address, preferred first among equals). */
	readonly sorted: readonly ProgramSymbol[];

	constructor(symbols: readonly ProgramSymbol[]) {
		this.sorted = symbols
			.filter((s) => s.kind !== 'section' && s.kind !== 'file' && s.name !== '')
			.filter((s) => !isMappingSymbol(s.name))
			.map((s) => ({ ...s, addr: s.addr >>> 0 }))
			.sort(compareSymbols);
		this.mapping = symbols
			.filter((s) => isMappingSymbol(s.name))
			.map((s) => ({ addr: s.addr >>> 0, data: mappingKind(s.name) === 'data' }))
			.sort((a, b) => a.addr - b.addr);
	}

	/** Whether `addr` lies in a `$d` run: the last mapping symbol at or below it says data. */
	isData(addr: number): boolean {
		let data = false;
		for (const m of this.mapping) {
			if (m.addr > addr) break;
			data = m.data;
		}
		return data;
	}

	/** The next mapping symbol strictly above `addr`, if any (data chunks stop there). */
	nextMark(addr: number): number | undefined {
		return this.mapping.find((m) => m.addr > addr)?.addr;
	}

	/** Mapping symbols by address (for `.word` data inside code). */
	readonly mapping: readonly MappingMark[];

	/** The symbol objdump names `addr` after (possibly above it), or undefined with no symbols. */
	find(addr: number): ProgramSymbol | undefined {
		const a = addr >>> 0;
		const syms = this.sorted;
		if (syms.length === 0) return undefined;
		// Last index whose address is <= a; 0 when a is below every symbol.
		let lo = 0;
		let hi = syms.length;
		while (hi - lo > 1) {
			const mid = (lo + hi) >> 1;
			if (syms[mid].addr <= a) lo = mid;
			else hi = mid;
		}
		// Among several at that address, the first in sort order.
		while (lo > 0 && syms[lo - 1].addr === syms[lo].addr) lo--;
		return syms[lo];
	}

	/** The symbol exactly at addr, if any (for `80000000 <_start>:` headers). */
	at(addr: number): ProgramSymbol | undefined {
		const s = this.find(addr);
		return s && s.addr === addr >>> 0 ? s : undefined;
	}

	/** `loop`, `loop+0x4` or `_start-0x10`, or undefined when there are no symbols. */
	readonly label = (addr: number): string | undefined => {
		const a = addr >>> 0;
		const s = this.find(a);
		if (!s) return undefined;
		if (a === s.addr) return s.name;
		return a > s.addr
			? `${s.name}+0x${(a - s.addr).toString(16)}`
			: `${s.name}-0x${(s.addr - a).toString(16)}`;
	};

	/** The global pointer objdump uses for gp-relative comments (`__global_pointer$`). */
	get gp(): number | undefined {
		return this.sorted.find((s) => s.name === '__global_pointer$')?.addr;
	}
}

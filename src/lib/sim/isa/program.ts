/**
 * A loadable program: what the assembler produces and what the ELF loader reads, and the only thing
 * the machine needs to load code. Addresses are unsigned 32-bit numbers (0..2^32-1).
 */

export interface Segment {
	/** Load address (physical = virtual for bare-metal programs). */
	readonly addr: number;
	/** Initialised bytes; memSize - data.length further bytes are zero (bss). */
	readonly data: Uint8Array;
	readonly memSize: number;
	readonly flags: { readonly read: boolean; readonly write: boolean; readonly exec: boolean };
	/** Section name when known (`.text`), for display. */
	readonly name?: string;
}

export type SymbolKind = 'func' | 'object' | 'section' | 'file' | 'notype';

export interface ProgramSymbol {
	readonly name: string;
	readonly addr: number;
	readonly size: number;
	readonly kind: SymbolKind;
	readonly global: boolean;
}

/** One row of a line table: code from `addr` up to the next row's addr comes from file:line. */
export interface LineRow {
	readonly addr: number;
	readonly file: string;
	readonly line: number;
	readonly column?: number;
}

export interface Program {
	readonly entry: number;
	readonly segments: readonly Segment[];
	readonly symbols: readonly ProgramSymbol[];
	/**
	 * Sorted by addr. Empty when the program carries no line information. A row with file === ''
	 * ends a sequence (DWARF end_sequence): addresses from it on have no line until the next row.
	 */
	readonly lines: readonly LineRow[];
	/** Address of the HTIF `tohost` symbol when the program defines one (Spike convention). */
	readonly tohost?: number;
	readonly fromhost?: number;
}

/** The symbol covering addr, or the nearest one below it (for `func+0x10` labels). */
export function symbolAt(
	program: Program,
	addr: number
): { symbol: ProgramSymbol; offset: number } | undefined {
	let best: ProgramSymbol | undefined;
	for (const s of program.symbols) {
		// Mapping symbols ($x, $d…, RISC-V psABI) mark code and data runs; they name nothing.
		if (s.kind === 'section' || s.kind === 'file' || s.name === '' || s.name.startsWith('$')) continue;
		if (s.addr <= addr && (!best || s.addr > best.addr)) best = s;
	}
	return best ? { symbol: best, offset: addr - best.addr } : undefined;
}

/**
 * Symbol files beside the loaded program, as gdb's add-symbol-file: the user programs a kernel loads
 * into its processes, each with its symbols and DWARF line table. They all live at the same virtual
 * addresses (the kernel's user.ld puts every one at 0x0001_0000), so which one runs at a pc is found
 * the way a debugger without kernel knowledge can: the file whose code is the bytes the hart fetches
 * there now, through its current translation.
 */
import type { Ram } from '../bus/ram';
import type { Hart } from '../hart/hart';
import { ElfError, loadElf } from '../isa/elf';
import type { Program } from '../isa/program';
import { readTranslated } from './translated';

export interface SymbolFile {
	readonly name: string;
	readonly program: Program;
}

const PAGE = 4096;

export class SymbolFiles {
	private files: SymbolFile[] = [];

	get size(): number {
		return this.files.length;
	}

	/** Add (or replace, by name) a file; returns an error message for bytes that are no RV32 ELF. */
	add(name: string, elf: Uint8Array): string | undefined {
		let program: Program;
		try {
			// Linked at user addresses, not loaded into RAM: any 32-bit address is allowed.
			program = loadElf(elf, { ramBase: 0, ramSize: 2 ** 32 });
		} catch (e) {
			if (e instanceof ElfError) return `${name}: ${e.message}`;
			throw e;
		}
		this.files = [...this.files.filter((f) => f.name !== name), { name, program }];
		return undefined;
	}

	/**
	 * The file whose executable segment holds pc and whose bytes on pc's page match what the hart
	 * reads there now; undefined when none does (the code is not any of theirs, or not mapped).
	 */
	at(h: Hart, ram: Ram, pc: number): SymbolFile | undefined {
		const at = pc >>> 0;
		const page = at - (at % PAGE);
		for (const file of this.files) {
			for (const seg of file.program.segments) {
				if (!seg.flags.exec || at < seg.addr || at >= seg.addr + seg.data.length) continue;
				const from = Math.max(seg.addr, page);
				const to = Math.min(seg.addr + seg.data.length, page + PAGE);
				const seen = readTranslated(h, ram, from, to - from);
				const want = seg.data.subarray(from - seg.addr, to - seg.addr);
				if (seen.mapped.every(Boolean) && seen.bytes.every((b, i) => b === want[i])) return file;
			}
		}
		return undefined;
	}
}

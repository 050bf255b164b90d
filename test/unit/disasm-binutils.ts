/**
 * GNU binutils as a test oracle for the disassembler: assemble and link a source file, run
 * objdump, and rebuild the linked code and symbols as a vmscope Program *from binutils' own view*
 * (objcopy for bytes, objdump -t for symbols), so these tests do not depend on vmscope's ELF loader.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Program, ProgramSymbol, SymbolKind } from '../../src/lib/sim/isa/program';

const PREFIX = 'riscv64-unknown-elf-';
/**
 * vmscope implements privileged spec 1.12 (DESIGN.md), so the corpus is assembled for it: the ELF's
 * Tag_RISCV_priv_spec then makes objdump name CSRs by 1.12 too (gas 2.40 defaults to 1.11, where
 * e.g. 0x000 is `ustatus` and `mstatush`/`senvcfg` have no names).
 */
export const ARCH = ['-march=rv32ima_zicsr_zifencei', '-mabi=ilp32', '-mpriv-spec=1.12'];
export const TEXT_BASE = 0x80000000;

/** Why the oracle cannot run here, or undefined when the cross binutils are installed. */
export function binutilsMissing(): string | undefined {
	for (const tool of ['as', 'ld', 'objdump', 'objcopy', 'readelf']) {
		try {
			execFileSync(PREFIX + tool, ['--version'], { stdio: 'ignore' });
		} catch {
			return `${PREFIX}${tool} not found (Debian: apt-get install binutils-riscv64-unknown-elf)`;
		}
	}
	return undefined;
}

const run = (tool: string, args: string[]) =>
	execFileSync(PREFIX + tool, args, { maxBuffer: 1 << 28, encoding: 'utf8' });

export interface BuildOptions {
	/**
	 * Remove the `$x`/`$d` mapping symbols, so objdump disassembles data in .text as it would in
	 * a stripped program (`.2byte`, `...`) instead of printing `.word`.
	 */
	readonly stripMappingSymbols?: boolean;
	/** Assemble for this privileged spec instead of 1.12 (recorded in the ELF's attributes). */
	readonly privSpec?: string;
}

/** Assemble and link `source` at 0x80000000; returns the ELF's path. */
export function build(source: string, name = 'corpus', options: BuildOptions = {}): string {
	const dir = mkdtempSync(join(tmpdir(), 'vmscope-disasm-'));
	const src = join(dir, `${name}.s`);
	writeFileSync(src, source);
	const arch = options.privSpec ? [...ARCH.slice(0, -1), `-mpriv-spec=${options.privSpec}`] : ARCH;
	run('as', [...arch, src, '-o', join(dir, `${name}.o`)]);
	const elf = join(dir, `${name}.elf`);
	run('ld', ['-m', 'elf32lriscv', `-Ttext=0x${TEXT_BASE.toString(16)}`, join(dir, `${name}.o`), '-o', elf]);
	if (options.stripMappingSymbols) run('objcopy', ['--wildcard', '-N', '$*', elf]);
	return elf;
}

/** Whether the cross C compiler is installed (the C corpus needs it; the rest does not). */
export function gccMissing(): string | undefined {
	try {
		execFileSync(`${PREFIX}gcc`, ['--version'], { stdio: 'ignore' });
		return undefined;
	} catch {
		return `${PREFIX}gcc not found (Debian: apt-get install gcc-riscv64-unknown-elf)`;
	}
}

/** Compile a freestanding C file and link it at 0x80000000; returns the ELF's path. */
export function buildC(file: string, optimisation: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'vmscope-disasm-'));
	const elf = join(dir, `c${optimisation}.elf`);
	execFileSync(`${PREFIX}gcc`, [
		'-march=rv32ima_zicsr',
		'-mabi=ilp32',
		optimisation,
		'-nostdlib',
		'-ffreestanding',
		`-Wl,-Ttext=0x${TEXT_BASE.toString(16)}`,
		file,
		'-o',
		elf
	]);
	return elf;
}

/** objdump -d output, optionally with -M no-aliases and -M priv-spec=…. */
export function objdump(elf: string, aliases: boolean, privSpec?: string): string {
	const m = [...(aliases ? [] : ['no-aliases']), ...(privSpec ? [`priv-spec=${privSpec}`] : [])];
	return run('objdump', m.length ? ['-d', '-M', m.join(','), elf] : ['-d', elf]);
}

/** Lines from "Disassembly of section" on, blank lines dropped, whitespace runs made one space. */
export function normalise(listing: string): string[] {
	const lines = listing.split('\n');
	const from = lines.findIndex((l) => l.startsWith('Disassembly of section'));
	return lines
		.slice(Math.max(from, 0))
		.map((l) => l.replace(/\s+/g, ' ').trim())
		.filter((l) => l !== '');
}

// readelf -s --wide: "    17: 80000508     0 NOTYPE  LOCAL  DEFAULT    1 $d". readelf, not objdump -t,
// because objdump hides the $x/$d mapping symbols that an ELF loader sees.
const SYMBOL_LINE = /^\s*\d+:\s+([0-9a-f]{8})\s+(\S+)\s+(\w+)\s+(\w+)\s+\w+\s+\S+\s+(.+)$/;
const KINDS: Record<string, SymbolKind> = {
	FUNC: 'func',
	OBJECT: 'object',
	FILE: 'file',
	SECTION: 'section'
};

/** The linked .text and the full symbol table, as a Program. */
export function programFromElf(elf: string): Program {
	const symbols: ProgramSymbol[] = [];
	for (const line of run('readelf', ['-s', '--wide', elf]).split('\n')) {
		const m = SYMBOL_LINE.exec(line);
		if (!m) continue;
		const [, value, size, type, bind, name] = m;
		symbols.push({
			name,
			addr: parseInt(value, 16),
			size: Number(size),
			kind: KINDS[type] ?? 'notype',
			global: bind === 'GLOBAL'
		});
	}
	const bin = `${elf}.text.bin`;
	run('objcopy', ['-O', 'binary', '--only-section=.text', elf, bin]);
	const data = new Uint8Array(readFileSync(bin));
	return {
		entry: TEXT_BASE,
		segments: [
			{
				addr: TEXT_BASE,
				data,
				memSize: data.length,
				name: '.text',
				flags: { read: true, write: false, exec: true }
			}
		],
		symbols,
		lines: []
	};
}

/** A small deterministic PRNG (mulberry32), so the generated corpus is the same on every run. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (t ^ (t >>> 14)) >>> 0;
	};
}

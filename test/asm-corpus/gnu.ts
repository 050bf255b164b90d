/**
 * The GNU binutils oracle: assemble a file with riscv64-unknown-elf-as and link it with a script that
 * places each output section where vmscope's assembler placed it, so the bytes (including every
 * pc-relative and absolute relocation) must come out the same.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Program } from '../../src/lib/sim/isa/program';
import { readElf, type ElfSection, type ElfSymbol } from './elf-read';

export const AS = 'riscv64-unknown-elf-as';
export const LD = 'riscv64-unknown-elf-ld';
export const ADDR2LINE = 'riscv64-unknown-elf-addr2line';
export const AS_FLAGS = ['-march=rv32ima_zicsr_zifencei', '-mabi=ilp32', '-mno-relax'];

/** Why the oracle cannot run here, or undefined when it can. */
export function binutilsMissing(): string | undefined {
	for (const tool of [AS, LD, ADDR2LINE]) {
		try {
			execFileSync(tool, ['--version'], { stdio: 'pipe' });
		} catch {
			return `${tool} not found (install binutils-riscv64-unknown-elf)`;
		}
	}
	return undefined;
}

/** Input-section patterns per output section, as vmscope's layout gathers them. */
const PATTERNS: Record<string, string> = {
	'.text': '*(.text .text.*)',
	'.rodata': '*(.rodata .rodata.* .srodata .srodata.*)',
	'.data': '*(.data .data.* .sdata .sdata.*)',
	'.bss': '*(.bss .bss.* .sbss .sbss.*)'
};

export interface GnuResult {
	sections: Map<string, ElfSection>;
	symbols: ElfSymbol[];
	stderr: string;
	/** `file:line` for each address asked for, by GNU addr2line. */
	lines: string[];
}

/** Assemble and link `source` with GNU tools, each output section at the program's address. */
export function gnuBuild(source: string, program: Program, lineQuery: readonly number[] = []): GnuResult {
	const dir = mkdtempSync(join(tmpdir(), 'vmscope-asm-'));
	try {
		const src = join(dir, 'in.s');
		writeFileSync(src, source);
		const lines = program.segments.map((s) => {
			const pattern = PATTERNS[s.name!] ?? `*(${s.name})`;
			return `  ${s.name} 0x${s.addr.toString(16)} : { ${pattern} }`;
		});
		writeFileSync(join(dir, 'link.ld'), `SECTIONS {\n${lines.join('\n')}\n}\n`);
		const run = (tool: string, args: string[]) => {
			try {
				execFileSync(tool, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
			} catch (e) {
				const stderr = String((e as { stderr?: Buffer }).stderr ?? '');
				throw new Error(`${tool} failed:\n${stderr}`, { cause: e });
			}
		};
		run(AS, [...AS_FLAGS, 'in.s', '-o', 'in.o']);
		run(LD, ['-m', 'elf32lriscv', '--no-relax', '-T', 'link.ld', '-e', '0', 'in.o', '-o', 'out.elf']);
		const elf = readElf(new Uint8Array(readFileSync(join(dir, 'out.elf'))));
		// addr2line answers `file:line` (or `??:0`) per address, from GNU's .debug_line.
		const answered = lineQuery.length
			? execFileSync(ADDR2LINE, ['-e', 'out.elf'], {
					cwd: dir,
					input: lineQuery.map((a) => a.toString(16)).join('\n'),
					encoding: 'utf8'
				})
					.trim()
					.split('\n')
			: [];
		return {
			sections: new Map(elf.sections.map((s) => [s.name, s])),
			symbols: elf.symbols,
			stderr: '',
			lines: answered
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** A readable diff of two byte arrays: the first differing 4-byte word and its offset. */
export function firstDifference(a: Uint8Array, b: Uint8Array): string | undefined {
	const n = Math.max(a.length, b.length);
	for (let i = 0; i < n; i++) {
		if (a[i] !== b[i]) {
			const at = i & ~3;
			const hex = (x: Uint8Array) =>
				Array.from(x.subarray(at, at + 4), (v) => v.toString(16).padStart(2, '0')).join('');
			return `offset 0x${at.toString(16)}: vmscope ${hex(a)} GNU ${hex(b)} (sizes ${a.length} / ${b.length})`;
		}
	}
	return undefined;
}

/**
 * `vmscope disasm FILE.elf [--no-aliases]`: print an ELF's code the way
 * `riscv64-unknown-elf-objdump -d` does (with `--no-aliases` as `-M no-aliases`).
 *
 * Exit codes: 0 done, 2 usage or file error (unreadable, not a RISC-V ELF32 executable).
 */
import { readFile } from 'node:fs/promises';
import { disassembleProgram } from '../isa/disasm/listing';
import { codeSections, elfPrivSpec } from '../isa/disasm/sections';
import type { PrivSpec } from '../isa/disasm/privspec';
import { ElfError, loadElf } from '../isa/elf';
import type { Program } from '../isa/program';

export const DISASM_USAGE = 'usage: vmscope disasm FILE.elf [--no-aliases]';

/** Where the command reads and writes; tests pass their own. */
export interface DisasmIO {
	readonly readFile: (path: string) => Promise<Uint8Array>;
	readonly stdout: (text: string) => void;
	readonly stderr: (text: string) => void;
}

const nodeIO: DisasmIO = {
	readFile: async (path) => new Uint8Array(await readFile(path)),
	stdout: (text) => process.stdout.write(text),
	stderr: (text) => process.stderr.write(text)
};

interface DisasmArgs {
	readonly file: string;
	readonly aliases: boolean;
}

/** Parse `FILE [--no-aliases]` (also objdump's `-M no-aliases`); a string is a usage error. */
export function parseDisasmArgs(argv: readonly string[]): DisasmArgs | string {
	let file: string | undefined;
	let aliases = true;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--no-aliases') aliases = false;
		else if (a === '-M' && argv[i + 1] === 'no-aliases') [aliases, i] = [false, i + 1];
		else if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
		else if (file === undefined) file = a;
		else return `unexpected argument ${a} (one file at a time)`;
	}
	return file === undefined ? 'missing FILE.elf' : { file, aliases };
}

/** The whole output for one program: objdump's file header (path as given), then the listing. */
export function formatDisasm(program: Program, file: string, aliases: boolean, privSpec?: PrivSpec): string {
	return `\n${file}:     file format elf32-littleriscv\n\n${disassembleProgram(program, { aliases, privSpec })}`;
}

export async function disasmCommand(argv: string[], io: DisasmIO = nodeIO): Promise<number> {
	if (argv.includes('--help') || argv.includes('-h')) {
		io.stdout(`${DISASM_USAGE}\n`);
		return 0;
	}
	const args = parseDisasmArgs(argv);
	if (typeof args === 'string') {
		io.stderr(`vmscope disasm: ${args}\n${DISASM_USAGE}\n`);
		return 2;
	}
	let bytes: Uint8Array;
	try {
		bytes = await io.readFile(args.file);
	} catch (e) {
		const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(e);
		io.stderr(`vmscope disasm: cannot read ${args.file}: ${reason}\n`);
		return 2;
	}
	let program: Program;
	try {
		// Any address is fine for reading code; only running it needs the segments inside RAM.
		program = loadElf(bytes, { ramBase: 0, ramSize: 2 ** 32 });
	} catch (e) {
		if (!(e instanceof ElfError)) throw e;
		io.stderr(`vmscope disasm: ${args.file}: ${e.message}\n`);
		return 2;
	}
	// List code sections as objdump does; without a section table, the executable segments.
	const sections = codeSections(bytes);
	if (sections) program = { ...program, segments: sections };
	// CSR names follow the privileged spec the ELF was built for, as in objdump.
	io.stdout(formatDisasm(program, args.file, args.aliases, elfPrivSpec(bytes)));
	return 0;
}

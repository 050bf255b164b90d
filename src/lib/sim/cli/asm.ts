/**
 * `vmscope asm FILE.s [-o FILE.elf] [--base ADDR]`: assemble to an ELF32 RISC-V executable.
 * Errors are printed as `FILE:LINE:COL: error: message`, one per line, all of them (warnings
 * likewise, as `warning:`, and do not fail the command).
 * Exit codes: 0 done, 1 assembly errors, 2 usage or file errors.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { assemble, formatError, formatWarning } from '../isa/asm/index';
import { writeElf } from '../isa/elf-writer';

export const ASM_USAGE = `usage: vmscope asm FILE.s [-o FILE.elf] [--base ADDR] [--section-start NAME=ADDR] [--defsym NAME=VALUE]
  -o FILE.elf                 output file (default: FILE.s with .elf instead of .s)
  --base ADDR                 address of the first section (default 0x80000000)
  --section-start NAME=ADDR   place an output section (.text, .rodata, .data, .bss) at ADDR
  --defsym NAME=VALUE         define an absolute symbol, as GNU as's --defsym`;

/** Where the command reads and writes; tests pass their own. */
export interface AsmIO {
	readonly readFile: (path: string) => Promise<string>;
	readonly writeFile: (path: string, data: Uint8Array) => Promise<void>;
	readonly stdout: (text: string) => void;
	readonly stderr: (text: string) => void;
}

const nodeIO: AsmIO = {
	readFile: (path) => readFile(path, 'utf8'),
	writeFile: (path, data) => writeFile(path, data),
	stdout: (text) => process.stdout.write(text),
	stderr: (text) => process.stderr.write(text)
};

export interface AsmArgs {
	readonly input: string;
	readonly output: string;
	readonly base?: number;
	readonly sectionAddresses: Record<string, number>;
	readonly defsym: Record<string, number>;
}

/** An address: decimal or 0x hex, within 32 bits. */
function address(text: string | undefined): number | undefined {
	if (text === undefined || !/^(0x[0-9a-f]+|[0-9]+)$/i.test(text)) return undefined;
	const n = Number(text);
	return n <= 0xffffffff ? n : undefined;
}

/** Parse the arguments; a string is a usage error. */
export function parseAsmArgs(argv: readonly string[]): AsmArgs | string {
	let input: string | undefined;
	let output: string | undefined;
	let base: number | undefined;
	const sectionAddresses: Record<string, number> = {};
	const defsym: Record<string, number> = {};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '-o') {
			output = argv[++i];
			if (output === undefined) return "missing file name after '-o'";
		} else if (a === '--base') {
			base = address(argv[++i]);
			if (base === undefined) return `expected an address after '--base', got '${argv[i] ?? ''}'`;
		} else if (a === '--section-start') {
			const m = /^([^=]+)=(.*)$/.exec(argv[++i] ?? '');
			const addr = address(m?.[2]);
			if (!m || addr === undefined)
				return `expected NAME=ADDR after '--section-start', got '${argv[i] ?? ''}'`;
			sectionAddresses[m[1]] = addr;
		} else if (a === '--defsym') {
			const m = /^([A-Za-z_.$][A-Za-z0-9_.$]*)=(.*)$/.exec(argv[++i] ?? '');
			const value = address(m?.[2]);
			if (!m || value === undefined)
				return `expected NAME=VALUE after '--defsym', got '${argv[i] ?? ''}'`;
			defsym[m[1]] = value;
		} else if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
		else if (input === undefined) input = a;
		else return `unexpected argument ${a} (one source file at a time)`;
	}
	if (input === undefined) return 'missing FILE.s';
	return {
		input,
		output: output ?? `${input.replace(/\.(s|S|asm)$/, '')}.elf`,
		base,
		sectionAddresses,
		defsym
	};
}

export async function asmCommand(argv: string[], io: AsmIO = nodeIO): Promise<number> {
	if (argv.includes('--help') || argv.includes('-h')) {
		io.stdout(`${ASM_USAGE}\n`);
		return 0;
	}
	const args = parseAsmArgs(argv);
	if (typeof args === 'string') {
		io.stderr(`vmscope asm: ${args}\n${ASM_USAGE}\n`);
		return 2;
	}
	let source: string;
	try {
		source = await io.readFile(args.input);
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		io.stderr(
			`vmscope asm: cannot read ${args.input}: ${code === 'ENOENT' ? 'no such file' : (code ?? e)}\n`
		);
		return 2;
	}
	const { program, errors, warnings } = assemble(source, {
		file: args.input,
		base: args.base,
		sectionAddresses: args.sectionAddresses,
		defsym: args.defsym
	});
	io.stderr(warnings.map((w) => `${formatWarning(w)}\n`).join(''));
	if (errors.length > 0) {
		io.stderr(errors.map((e) => `${formatError(e)}\n`).join(''));
		return 1;
	}
	try {
		await io.writeFile(args.output, writeElf(program));
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		io.stderr(`vmscope asm: cannot write ${args.output}: ${code ?? e}\n`);
		return 2;
	}
	return 0;
}

/**
 * The `vmscope` command line: `vmscope run|asm|disasm|dtb|exercise|disk ...`. Every failure is a message and an exit
 * code, never a stack trace (an unexpected internal error prints one line and exits 70).
 */
import { runCommand } from './run';

const USAGE = `usage: vmscope <command> [arguments]
  run FILE [options]      run an ELF or .s program on the simulated RISC-V machine
  asm FILE.s -o FILE.elf  assemble to an ELF32 executable
  disasm FILE.elf         disassemble, objdump style
  dtb [options]           the machine's device tree, as a DTB blob
  exercise list|gen|grade problem sets with computed answers, and grading
  disk create|info|snapshot  disk image files (raw, qcow2: thin, copy-on-write, snapshots)
Run \`vmscope <command> --help\` for a command's options.`;

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
	run: async () => runCommand,
	// Owned by the assembler and disassembler modules; loaded only when used.
	asm: async () => (await import('./asm')).asmCommand,
	disasm: async () => (await import('./disasm')).disasmCommand,
	dtb: async () => (await import('./dtb')).dtbCommand,
	exercise: async () => (await import('./exercise')).exerciseCommand,
	disk: async () => (await import('./disk')).diskCommand
};

export async function main(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
		process.stdout.write(`${USAGE}\n`);
		return name === undefined ? 2 : 0;
	}
	const load = COMMANDS[name];
	if (!load) {
		process.stderr.write(`vmscope: unknown command '${name}'\n${USAGE}\n`);
		return 2;
	}
	try {
		return await (
			await load()
		)(rest);
	} catch (e) {
		process.stderr.write(`vmscope ${name}: internal error: ${(e as Error)?.message ?? e}\n`);
		return 70;
	}
}

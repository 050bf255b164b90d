/**
 * What to do about an ELF file the playground cannot run, said to a student: the loader's message
 * (src/lib/sim/isa/elf.ts: `invalid ELF: FIELD: reason`) names the field in toolchain terms; this
 * adds the fix in build terms beside it.
 */
const BUILD = 'riscv64-unknown-elf-gcc -march=rv32ima_zicsr -mabi=ilp32';

export function elfAdvice(message: string, ramMiB: number): string | undefined {
	if (/e_ident\[EI_MAG\]/.test(message))
		return 'This is not an ELF file: choose the executable the linker wrote (not the .c, .s, .o or a raw .bin).';
	if (/e_ident\[EI_CLASS\].*got 2/.test(message))
		return `This is a 64-bit ELF; vmscope runs 32-bit RISC-V: build with ${BUILD}.`;
	if (/e_ident\[EI_DATA\]/.test(message))
		return 'This ELF is big-endian; RISC-V is little-endian: build for riscv32 little-endian.';
	if (/e_machine/.test(message))
		return `This ELF is for another processor, not RISC-V: build it with a RISC-V compiler (${BUILD}).`;
	if (/e_type/.test(message))
		return 'This is an object file or a shared library, not a program: link it into an executable (no -c; -nostdlib -static with a linker script).';
	if (/is outside RAM/.test(message))
		return `Its code or data is linked outside RAM: link it at 0x80000000 or above (a linker script, or -Ttext=0x80000000), and within the ${ramMiB} MiB of RAM chosen (choose more RAM for a bigger program).`;
	if (/e_entry/.test(message))
		return 'Its entry point is not in its code: give the linker an ENTRY(_start) and a _start label in the text.';
	if (/truncated|outside the file/.test(message))
		return 'The file is cut short: build it again, or download it again.';
	return undefined;
}

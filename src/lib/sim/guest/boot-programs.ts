/**
 * The teaching kernel's boot program list, read and rewritten in the kernel's ELF file.
 *
 * The kernel (kernel/main.c) starts the programs named in `boot_programs`: a fixed-size char
 * array alone in its own section (.bootprogs), holding NUL-separated names ended by an empty
 * name or by the end of the array. A scenario chooses what a VM runs by patching those bytes in
 * a copy of the ELF before loading it; the kernel is never rebuilt for that.
 *
 * The ELF reading here is the minimum needed to find one symbol's bytes in the file (System V
 * gABI, "Sections" and "Symbol Table"): section headers, .symtab and its string table.
 */

/** The symbol the kernel reads its boot list from. */
export const BOOT_PROGRAMS_SYMBOL = 'boot_programs';

/** The user programs built into the kernel image (kernel/programs.c). */
export const GUEST_PROGRAMS = [
	'hello',
	'spin',
	'sleeper',
	'memtouch',
	'faulty',
	'parent',
	'hog',
	'interactive',
	'batch',
	'diskcheck',
	'diskbench',
	'diskown',
	'ping',
	'udpserver',
	'udpclient',
	'pingpeer',
	'udpflood'
] as const;

/** Not a program: makes the kernel itself fault during boot, to show a kernel panic. */
export const KERNEL_FAULT_DEMO = 'kernel-fault';

export class BootProgramsError extends Error {
	constructor(message: string) {
		super(`boot programs: ${message}`);
		this.name = 'BootProgramsError';
	}
}

/** Where boot_programs lives in the ELF file. */
export interface BootProgramsLocation {
	/** Byte offset of the array in the file. */
	offset: number;
	/** Its size in bytes (the symbol's st_size). */
	size: number;
	/** Its virtual (= physical) address in the kernel. */
	address: number;
}

const SHT_SYMTAB = 2;
const SHT_NOBITS = 8;
const SHN_LORESERVE = 0xff00;

export function findBootPrograms(elf: Uint8Array, symbol = BOOT_PROGRAMS_SYMBOL): BootProgramsLocation {
	const view = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
	const fail = (why: string): never => {
		throw new BootProgramsError(why);
	};
	const u16 = (o: number) => (o + 2 <= elf.length ? view.getUint16(o, true) : fail('file is truncated'));
	const u32 = (o: number) => (o + 4 <= elf.length ? view.getUint32(o, true) : fail('file is truncated'));

	if (elf.length < 52 || u32(0) !== 0x464c457f) fail('not an ELF file');
	if (elf[4] !== 1 || elf[5] !== 1) fail('not a little-endian ELF32 file');
	const shoff = u32(32);
	const shentsize = u16(46);
	const shnum = u16(48);
	if (shoff === 0 || shnum === 0) fail('the ELF file has no section headers');
	const section = (i: number) => {
		const h = shoff + i * shentsize;
		return {
			type: u32(h + 4),
			addr: u32(h + 12),
			offset: u32(h + 16),
			size: u32(h + 20),
			link: u32(h + 24)
		};
	};

	for (let i = 0; i < shnum; i++) {
		const symtab = section(i);
		if (symtab.type !== SHT_SYMTAB) continue;
		const strtab = section(symtab.link);
		const wanted = new TextEncoder().encode(symbol);
		for (let s = symtab.offset; s + 16 <= symtab.offset + symtab.size; s += 16) {
			const name = strtab.offset + u32(s);
			const matches = wanted.every((c, k) => elf[name + k] === c) && elf[name + wanted.length] === 0;
			if (!matches) continue;
			const value = u32(s + 4);
			const size = u32(s + 8);
			const shndx = u16(s + 14);
			if (shndx === 0 || shndx >= SHN_LORESERVE || shndx >= shnum)
				fail(`${symbol} is not in a section`);
			const home = section(shndx);
			if (home.type === SHT_NOBITS) fail(`${symbol} has no bytes in the file (it is in bss)`);
			const offset = home.offset + (value - home.addr);
			if (
				size === 0 ||
				value < home.addr ||
				value + size > home.addr + home.size ||
				offset + size > elf.length
			)
				fail(`${symbol} (0x${value.toString(16)}, ${size} bytes) lies outside its section`);
			return { offset, size, address: value };
		}
	}
	return fail(`no symbol ${symbol} (is this the teaching kernel, and not stripped?)`);
}

/** The program names the kernel in this ELF will start, in order. */
export function readBootPrograms(elf: Uint8Array): string[] {
	const { offset, size } = findBootPrograms(elf);
	const names: string[] = [];
	let start = offset;
	for (let i = offset; i < offset + size; i++) {
		if (elf[i] !== 0) continue;
		if (i === start) break; // an empty name ends the list
		names.push(new TextDecoder().decode(elf.subarray(start, i)));
		start = i + 1;
	}
	if (start < offset + size && elf[start] !== 0)
		names.push(new TextDecoder().decode(elf.subarray(start, offset + size)));
	return names;
}

/**
 * A copy of the kernel ELF that starts `programs` (in order; a name may repeat). Names must be
 * non-empty printable ASCII; the whole list, each name with its NUL, must fit the array.
 * Unknown names are allowed: the kernel reports them at boot and goes on.
 */
export function patchBootPrograms(elf: Uint8Array, programs: readonly string[]): Uint8Array {
	const { offset, size } = findBootPrograms(elf);
	const bytes = new Uint8Array(size); // zero-filled: the first unused byte ends the list
	let at = 0;
	for (const name of programs) {
		if (!/^[\x21-\x7e]+$/.test(name))
			throw new BootProgramsError(`bad program name ${JSON.stringify(name)}`);
		if (at + name.length + 1 > size)
			throw new BootProgramsError(`the list does not fit in ${size} bytes: ${programs.join(' ')}`);
		for (let k = 0; k < name.length; k++) bytes[at + k] = name.charCodeAt(k);
		at += name.length + 1;
	}
	const out = elf.slice();
	out.set(bytes, offset);
	return out;
}

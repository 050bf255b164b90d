/**
 * A generated disassembler corpus: many random valid words (and some unknown ones), seeded so
 * every run produces the same file, written as `.insn` lines with labels between them.
 *
 * `.insn` rather than `.word`: gas marks `.word` as data (an ELF `$d` mapping symbol), and objdump
 * then prints `.word 0x…` instead of disassembling it.
 */
import { INSNS } from '../../src/lib/sim/isa/instructions';

/** Field values that select pseudo-instruction forms and objdump's address comments. */
const SPECIAL_REGS = [0, 1, 2, 3, 4, 10];
const SPECIAL_IMMS = [0, 1, 0xfff, 0xff, 0x7ff, 0x800, 0xc00, 0xc01, 0xc02, 0xc80, 0xc81, 0xc82];

function randomValidWord(next: () => number): number {
	const insn = INSNS[next() % INSNS.length];
	let bits = next();
	const pick = <T>(xs: readonly T[]) => xs[next() % xs.length];
	if (next() % 2) bits = (bits & ~(31 << 7)) | (pick(SPECIAL_REGS) << 7);
	if (next() % 2) bits = (bits & ~(31 << 15)) | (pick(SPECIAL_REGS) << 15);
	if (next() % 2) bits = (bits & ~(31 << 20)) | (pick(SPECIAL_REGS) << 20);
	if (next() % 5 === 0) bits = (bits & 0xfffff) | (pick(SPECIAL_IMMS) << 20);
	if (insn.name === 'fence' && next() % 2) bits &= 0x0ff00000; // mostly well-formed fences
	return (insn.match | (bits & ~insn.mask)) >>> 0;
}

/** A 32-bit-length word with a random opcode: mostly unknown to the table. */
function randomOtherWord(next: () => number): number {
	let opcode: number;
	do opcode = (next() & 0x7c) | 3;
	while (((opcode >>> 2) & 7) === 7); // bits 4:2 = 111 would make it a 48-bit-or-longer parcel
	return ((next() & ~0x7f) | opcode) >>> 0;
}

/** Assembly source for `count` random words, labelled every few dozen words. */
export function randomCorpus(next: () => number, count: number): { source: string; words: number[] } {
	const lines = ['\t.text', '\t.globl _start', '_start:'];
	const words: number[] = [];
	for (let i = 0; i < count; i++) {
		if (i > 0 && next() % 40 === 0) {
			const name = `L${i}`;
			if (next() % 3 === 0) lines.push(`\t.globl ${name}`);
			if (next() % 3 === 0) lines.push(`\t.type ${name}, @function`);
			lines.push(`${name}:`);
			if (next() % 4 === 0) lines.push(`${name}_alias:`); // two names for one address
		}
		const w = next() % 10 === 0 ? randomOtherWord(next) : randomValidWord(next);
		words.push(w);
		lines.push(`\t.insn 0x${w.toString(16).padStart(8, '0')}`);
	}
	return { source: lines.join('\n') + '\n', words };
}

/**
 * Oracle tests: vmscope's disassembler against GNU objdump 2.40, line by line, for the hand-written
 * corpus (every instruction and pseudo-instruction form) and a seeded random corpus, in both the
 * alias form (`objdump -d`) and `-M no-aliases`. Only whitespace is normalised.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassembleProgram } from '../../src/lib/sim/isa/disasm/listing';
import { PRIV_SPECS, type PrivSpec } from '../../src/lib/sim/isa/disasm/privspec';
import { randomCorpus } from '../disasm-corpus/random-corpus';
import {
	binutilsMissing,
	build,
	buildC,
	gccMissing,
	normalise,
	objdump,
	programFromElf,
	prng
} from './disasm-binutils';

const missing = binutilsMissing();
if (missing) console.warn(`disasm oracle tests skipped: ${missing}`);
const noGcc = missing ?? gccMissing();
if (noGcc && !missing) console.warn(`disasm C-program oracle test skipped: ${noGcc}`);

const CORPUS = join(__dirname, '..', 'disasm-corpus');

/** Compare our listing with objdump's; report the first differing lines readably. */
function expectSameListing(elf: string, aliases: boolean, privSpec?: PrivSpec) {
	const theirs = normalise(objdump(elf, aliases, privSpec));
	const ours = normalise(disassembleProgram(programFromElf(elf), { aliases, privSpec }));
	const diffs: string[] = [];
	for (let i = 0; i < Math.max(theirs.length, ours.length) && diffs.length < 20; i++) {
		if (theirs[i] !== ours[i]) diffs.push(`objdump: ${theirs[i]}\nvmscope: ${ours[i]}`);
	}
	expect(diffs.join('\n\n')).toBe('');
	expect(ours.length).toBe(theirs.length);
	return theirs.length;
}

describe.skipIf(missing !== undefined)('disassembler matches GNU objdump', () => {
	const handElf = missing ? '' : build(readFileSync(join(CORPUS, 'all-instructions.s'), 'utf8'), 'hand');

	it('hand corpus, alias form (objdump -d)', () => {
		expect(expectSameListing(handElf, true)).toBeGreaterThan(280);
	});

	it('hand corpus, -M no-aliases', () => {
		expect(expectSameListing(handElf, false)).toBeGreaterThan(280);
	});

	// 3 seeds x 8000 words: about 24,000 random words per form.
	for (const seed of [1, 2, 3]) {
		it(`random corpus (seed ${seed}), both forms`, () => {
			const { source } = randomCorpus(prng(seed), 8000);
			const elf = build(source, `random-${seed}`);
			expect(expectSameListing(elf, true)).toBeGreaterThan(8000);
			expect(expectSameListing(elf, false)).toBeGreaterThan(8000);
		});
	}

	it('data in code without mapping symbols: zero runs as "...", 16-bit parcels as .2byte', () => {
		const source = [
			'\t.globl _start',
			'_start:',
			'\tnop',
			'\t.word 0, 0, 0', // 12 zero bytes: "..."
			'\t.2byte 1', // a 16-bit parcel (vmscope has no C extension)
			'\tnop',
			'\t.word 0', // 4 zero bytes between instructions: two .2byte 0x0
			'\tnop',
			'\t.word 0x12345678, 0xdeadbeef', // data that happens to decode, or not
			'\t.word 0, 0' // a zero tail: "..."
		].join('\n');
		const elf = build(source, 'mixed', { stripMappingSymbols: true });
		expect(expectSameListing(elf, true)).toBeGreaterThan(8);
		expect(expectSameListing(elf, false)).toBeGreaterThan(8);
	});
});

describe.skipIf(missing !== undefined)('CSR names under every privileged spec objdump knows', () => {
	// csrrs a0,N,zero and csrrw zero,N,a1 for all 4096 CSR numbers, as raw words: the file has no
	// priv-spec attribute, so objdump takes the version from -M priv-spec=….
	const lines = ['_start:'];
	for (let n = 0; n < 4096; n++)
		lines.push(
			`\t.insn 0x${(((n << 20) | 0x2573) >>> 0).toString(16)}`,
			`\t.insn 0x${(((n << 20) | 0x59073) >>> 0).toString(16)}`
		);
	const elf = missing ? '' : build(lines.join('\n'), 'csrs');

	for (const spec of PRIV_SPECS) {
		it(`priv-spec=${spec}, both forms`, () => {
			expect(expectSameListing(elf, true, spec)).toBeGreaterThan(8192);
			expect(expectSameListing(elf, false, spec)).toBeGreaterThan(8192);
		});
	}
});

describe.skipIf(missing !== undefined)('data inside code, as objdump shows it', () => {
	it('.word/.short/.byte between $d and $x mapping symbols, zero runs as "..."', () => {
		const source = [
			'\t.globl _start',
			'_start:',
			'\tnop',
			'\t.word 0xffffffff', // one data word
			'\tnop',
			'\t.word 0x12345678, 0', // data, then 4 zero bytes
			'\t.2byte 0xabcd', // a 2-byte chunk before the next $x
			'\tnop',
			'\t.byte 1, 2, 3', // 3 bytes: objdump prints 2 then 1
			'\t.align 2',
			'\tnop',
			'\t.word 0, 0, 0', // 12 zero bytes: "..."
			'\tret'
		].join('\n');
		const elf = build(source, 'data');
		expect(expectSameListing(elf, true)).toBeGreaterThan(8);
		expect(expectSameListing(elf, false)).toBeGreaterThan(8);
	});
});

describe.skipIf(noGcc !== undefined)('disassembler matches GNU objdump on compiled C', () => {
	for (const opt of ['-O0', '-O2', '-Os']) {
		it(`c-program.c at ${opt}, both forms`, () => {
			const elf = buildC(join(CORPUS, 'c-program.c'), opt);
			expect(expectSameListing(elf, true)).toBeGreaterThan(20);
			expect(expectSameListing(elf, false)).toBeGreaterThan(20);
		});
	}
});

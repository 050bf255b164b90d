/**
 * Oracle tests: every file in test/asm-corpus assembles to the same bytes, section by section, as GNU
 * as + ld (placed at the same addresses), and defines its symbols at the same addresses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble, formatError } from '../../src/lib/sim/isa/asm';
import { binutilsMissing, firstDifference, gnuBuild } from '../asm-corpus/gnu';
import { SHT_NOBITS } from '../asm-corpus/elf-read';

const CORPUS = join(__dirname, '../asm-corpus');
const files = (readdirSync(CORPUS, { recursive: true }) as string[]).filter((f) => f.endsWith('.s')).sort();
const missing = binutilsMissing();
if (missing) console.warn(`asm oracle tests skipped: ${missing}`);

describe.skipIf(missing !== undefined)(
	`assembler vs GNU binutils${missing ? ` (skipped: ${missing})` : ''}`,
	() => {
		it('has a corpus', () => expect(files.length).toBeGreaterThan(3));

		for (const file of files) {
			it(file, () => {
				const source = readFileSync(join(CORPUS, file), 'utf8');
				const { program, errors, warnings } = assemble(source, { file });
				expect(errors.map(formatError)).toEqual([]);
				// The corpus must mean the same under C and GNU operator precedence.
				expect(warnings.filter((w) => /groups differently/.test(w.message))).toEqual([]);
				// Where the source says which (C) line each instruction is from, GNU's line table must agree.
				const hasLoc = /^\s*\.loc\s/m.test(source);
				const gnu = gnuBuild(source, program, hasLoc ? program.lines.map((l) => l.addr) : []);
				if (hasLoc) {
					// Compare where GNU has a line; where it has none (`??`) vmscope gives the assembly line.
					const theirs = gnu.lines.map((l) =>
						l.replace(/^.*\//, '').replace(/ \(discriminator \d+\)$/, '')
					);
					const ours = program.lines.map((l, i) =>
						theirs[i].startsWith('??') ? theirs[i] : `${l.file}:${l.line}`
					);
					expect(ours).toEqual(theirs);
					expect(theirs.filter((t) => !t.startsWith('??')).length).toBeGreaterThan(0);
				}
				for (const seg of program.segments) {
					const theirs = gnu.sections.get(seg.name!);
					expect(theirs, `GNU has no section ${seg.name}`).toBeDefined();
					expect(theirs!.addr, `${seg.name} address`).toBe(seg.addr);
					expect(theirs!.size, `${seg.name} size`).toBe(seg.memSize);
					if (theirs!.type === SHT_NOBITS) expect(seg.data.length, `${seg.name} is bss`).toBe(0);
					else
						expect(
							firstDifference(seg.data, theirs!.data),
							`${file} ${seg.name}`
						).toBeUndefined();
				}
				const gnuSymbols = new Map(gnu.symbols.map((s) => [s.name, s]));
				for (const sym of program.symbols) {
					const theirs = gnuSymbols.get(sym.name);
					expect(theirs, `GNU has no symbol ${sym.name}`).toBeDefined();
					expect(theirs!.value >>> 0, `symbol ${sym.name}`).toBe(sym.addr);
					expect(theirs!.size, `size of ${sym.name}`).toBe(sym.size);
				}
			});
		}
	}
);

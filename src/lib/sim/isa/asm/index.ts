/**
 * The assembler: GNU as syntax for RV32IMA + Zicsr + Zifencei, to a loadable Program.
 *
 *   const { program, errors, warnings } = assemble(source, { file: 'hello.s' });
 *   if (errors.length === 0) writeFile('hello.elf', writeElf(program)); // ../elf-writer
 *
 * Never throws for bad input: every problem is an AsmError with line and column, and all of a
 * file's errors are reported (each statement recovers on its own). `program` is built even when
 * there are errors (with the faulty words left zero), so a UI can still show the rest.
 *
 * The modules, in the order source flows through them: lexer (tokens and statements), blocks and
 * macros (.rept, .if, .macro), pass1 (labels, directives, instruction forms and pseudos, sections),
 * branches (GNU-style long branches, by re-running pass 1), layout (section addresses), resolve
 * (relocation functions, fixups, encoding via encoder), and back here for the Program's symbols.
 */
import type { Program, ProgramSymbol } from '../program';
import { Diagnostics, type AsmError } from './errors';
import { evaluate } from './expr';
import { buildProgram, place, type LayoutOptions } from './layout';
import { lex } from './lexer';
import { isHiddenSymbol, Pass1 } from './pass1';
import { relaxBranches } from './branches';
import { applyFixups, finalEnv } from './resolve';

export type { AsmError } from './errors';
export { formatError, formatWarning } from './errors';
export { DEFAULT_BASE, type LayoutOptions } from './layout';

export interface AssembleOptions extends LayoutOptions {
	/** File name used in errors and the line table. Default `input.s`. */
	readonly file?: string;
	/** Absolute symbols defined before the source is read, like GNU as's `--defsym name=value`. */
	readonly defsym?: Readonly<Record<string, number>>;
}

export interface AssembleResult {
	readonly program: Program;
	/** Sorted by line and column; empty on success. */
	readonly errors: AsmError[];
	/** Code that assembles but may not mean what was meant (GNU as would read it differently). */
	readonly warnings: AsmError[];
}

/** Rounds of branch relaxation before giving up on the smallest choice. */
const MAX_RELAX_ROUNDS = 32;

export function assemble(source: string, options: AssembleOptions = {}): AssembleResult {
	const file = options.file ?? 'input.s';
	const lexed = new Diagnostics(file);
	const statements = lex(source, lexed);
	const lines = source.split('\n');
	let diag: Diagnostics;
	let p: Pass1;
	// Branch relaxation (branches.ts): start with every branch short; lengthen those out of reach.
	let long: (id: number) => boolean = () => false;
	for (let round = 1; ; round++) {
		diag = new Diagnostics(file, lexed.errors);
		p = new Pass1(diag, long, lines);
		for (const [name, value] of Object.entries(options.defsym ?? {})) {
			Object.assign(p.sym(name), {
				value: { sec: null, n: BigInt(value) },
				definedAt: { line: 0, col: 0 }
			});
		}
		for (const st of statements) p.statement(st);
		p.finish();
		const next = relaxBranches(p.branches, p.symbols, long);
		if (!next) break;
		// A contrived chain can lengthen one branch per round; past a bound, make them all long
		// (always correct, if not the smallest code) rather than take quadratic time.
		long = round < MAX_RELAX_ROUNDS ? next : () => true;
	}
	const { outputs, addressOf, problems } = place(p.sections.values(), options);
	for (const m of problems) diag.error({ line: 1, col: 1 }, m);
	applyFixups(p, addressOf, diag);
	const symbols = programSymbols(p, addressOf, diag);
	return {
		program: buildProgram(outputs, symbols, file),
		errors: diag.sorted(),
		warnings: diag.warnings
	};
}

/** Symbols for the Program: every named label and `.equ`, except hidden `.L` and numeric locals. */
function programSymbols(
	p: Pass1,
	addressOf: ReadonlyMap<string, number>,
	diag: Diagnostics
): ProgramSymbol[] {
	const { env, absolute } = finalEnv(p, addressOf);
	const out: ProgramSymbol[] = [];
	for (const s of p.symbols.values()) {
		if (!s.definedAt) {
			if (s.size || s.type)
				diag.error(s.size?.at ?? { line: 1, col: 1 }, `symbol '${s.name}' is never defined`);
			continue;
		}
		if (isHiddenSymbol(s.name)) continue;
		const v = s.value ?? (s.deferred ? evaluate(s.deferred.expr, env(s.deferred.dot)) : undefined);
		if (!v) {
			diag.error(
				s.definedAt,
				`cannot compute '${s.name}': its definition refers to itself or to an undefined symbol`
			);
			continue;
		}
		let size = 0;
		if (s.size) {
			const sz = evaluate(s.size.expr, env(s.size.dot));
			if (sz?.sec === null && sz.n >= 0n && sz.n < 2n ** 32n) size = Number(sz.n);
			else diag.error(s.size.at, `expected a constant size for '${s.name}'`);
		}
		out.push({
			name: s.name,
			addr: Number(BigInt.asUintN(32, absolute(v))),
			size,
			kind: s.type ?? 'notype',
			global: s.global ?? false
		});
	}
	return out.sort((a, b) => a.addr - b.addr || a.name.localeCompare(b.name));
}

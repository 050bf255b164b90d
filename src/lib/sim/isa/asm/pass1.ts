/**
 * Pass 1: read statements in order, define labels, run directives and lay instructions and data into
 * their sections. vmscope never compresses and relaxes only conditional branches (branches.ts, by
 * re-running this pass), so within a run every size is final and each label's section offset is
 * known when it is defined; values that need final addresses are left as fixups for pass 2
 * (resolve.ts).
 */
import type { SymbolKind } from '../program';
import { Cursor } from './cursor';
import { directive } from './directives';
import type { Emit, ExpandContext } from './emit';
import { Diagnostics, StatementError, type Pos } from './errors';
import { evaluate, firstUnknown, parseExpr, type EvalEnv, type Expr, type Value } from './expr';
import { formsFor } from './forms';
import { lex, type Statement, type Token } from './lexer';
import { looksLike, operandGroups, parseOperand, type Imm, type Operand } from './operands';
import { defaultFlags, Section, type SectionFlags, type SourceLoc } from './section';
import { longBranch, type BranchSite } from './branches';
import { Blocks } from './blocks';

export interface Sym {
	readonly name: string;
	/** A label's section offset, or an `.equ` value known when it was set. */
	value?: Value;
	/** An `.equ` that names symbols not yet defined: evaluated after layout, with `.` as it was. */
	deferred?: { readonly expr: Expr; readonly dot: Value };
	definedAt?: Pos;
	isLabel?: boolean;
	global?: boolean;
	weak?: boolean;
	type?: SymbolKind;
	size?: { readonly expr: Expr; readonly dot: Value; readonly at: Pos };
}

/** Where a symbol was defined, for messages: a line, or line 0 for an `AssembleOptions.defsym`. */
const where = (at: Pos) => (at.line === 0 ? 'by --defsym' : `line ${at.line}`);

/** Numeric local labels (`1:`) get hidden unique names, as GNU as's `.L1^B1`. */
const localLabelName = (n: bigint, k: number) => `.L${n}^B${k}`;
export const isHiddenSymbol = (name: string) => name.startsWith('.L');
/** How a symbol is named in messages: a hidden local label as the user wrote it. */
export const displayName = (name: string) => {
	const m = /^\.L([0-9]+)\^B[0-9]+$/.exec(name);
	return m ? `local label '${m[1]}'` : `'${name}'`;
};

export class Pass1 {
	readonly sections = new Map<string, Section>();
	readonly symbols = new Map<string, Sym>();
	cur: Section;
	previous: Section;
	readonly sectionStack: Section[] = [];
	readonly optionStack: string[] = [];
	/** Set by `.end`. */
	ended = false;
	/**
	 * Compiler line information (gcc -g): `.file N "name"` entries, and the last `.loc`. As in GNU as's
	 * .debug_line, a `.loc` makes a row at the next instruction (or label, after `.loc_mark_labels 1`)
	 * in whatever section that is, and the row covers what follows in that section.
	 */
	readonly fileNames = new Map<number, string>();
	loc?: SourceLoc;
	locPending = false;
	locMarkLabels = false;
	private readonly localCount = new Map<bigint, number>();
	/** Guards `.equ a, b` / `.equ b, a` cycles while evaluating. */
	private equDepth = 0;

	/** Every conditional branch, short or long, for branches.ts to check after the pass. */
	readonly branches: BranchSite[] = [];
	private branchCount = 0;

	constructor(
		readonly diag: Diagnostics,
		/** Which conditional branches (by emission order) take the long form: see branches.ts. */
		private readonly isLong: (id: number) => boolean = () => false,
		/** The source, by line, for macro bodies (blocks.ts). */
		private readonly sourceLines: readonly string[] = []
	) {
		// GNU as creates .text, .data and .bss before reading the source (as.c perform_an_assembly_pass),
		// so they come first among their output section's inputs, whatever is used first.
		this.cur = this.previous = this.section('.text');
		this.section('.data');
		this.section('.bss');
	}

	section(name: string, flags?: SectionFlags): Section {
		let s = this.sections.get(name);
		if (!s) {
			s = new Section(name, flags ?? defaultFlags(name));
			this.sections.set(name, s);
		} else if (flags) s.flags = flags;
		return s;
	}

	switchTo(s: Section): void {
		if (s !== this.cur) [this.previous, this.cur] = [this.cur, s];
	}

	dot(): Value {
		return { sec: this.cur.name, n: BigInt(this.cur.size) };
	}

	/** Pass 1's view of symbols: labels as section offsets, `.equ`s as set so far. */
	readonly env: EvalEnv = {
		symbol: (name) => {
			const s = this.symbols.get(name);
			if (s?.value) return s.value;
			if (!s?.deferred || this.equDepth > 100) return undefined;
			this.equDepth++;
			try {
				return evaluate(s.deferred.expr, { symbol: this.env.symbol, dot: () => s.deferred!.dot });
			} finally {
				this.equDepth--;
			}
		},
		dot: () => this.dot()
	};

	/** `1b` is the latest `1:` so far; `1f` the next one to be defined. */
	readonly local = (tok: Token): string => {
		const n = tok.value!;
		const k = this.localCount.get(n) ?? 0;
		if (tok.dir === 'b' && k === 0)
			throw new StatementError(tok, `no earlier local label '${n}:' for '${tok.text}'`);
		return localLabelName(n, tok.dir === 'b' ? k : k + 1);
	};

	sym(name: string): Sym {
		let s = this.symbols.get(name);
		if (!s) this.symbols.set(name, (s = { name }));
		return s;
	}

	defineLabel(tok: Token): void {
		let name = tok.text;
		if (tok.kind === 'number') {
			const k = (this.localCount.get(tok.value!) ?? 0) + 1;
			this.localCount.set(tok.value!, k);
			name = localLabelName(tok.value!, k);
		}
		const s = this.sym(name);
		if (s.definedAt) {
			throw new StatementError(tok, `symbol '${name}' is already defined (${where(s.definedAt)})`);
		}
		s.value = this.dot();
		s.definedAt = { line: tok.line, col: tok.col };
		s.isLabel = true;
		// `.loc_mark_labels 1`: a label in code makes a row too, from the last `.loc` (dwarf2_emit_label).
		if (this.locMarkLabels && this.loc && this.cur.flags.exec) {
			this.cur.loc = this.loc;
			this.locPending = false;
		}
	}

	/** `.equ`/`.set`/`sym = expr`. `.set` may redefine (GNU as); `.equiv` and labels may not. */
	assign(nameTok: Token, expr: Expr, redefine: boolean): void {
		const s = this.sym(nameTok.text);
		if (s.definedAt && (!redefine || s.isLabel)) {
			throw new StatementError(
				nameTok,
				`symbol '${nameTok.text}' is already defined (${where(s.definedAt)})`
			);
		}
		const v = evaluate(expr, this.env);
		s.value = v;
		s.deferred = v ? undefined : { expr, dot: this.dot() };
		s.definedAt = { line: nameTok.line, col: nameTok.col };
	}

	/** A value that must be a constant now (counts, alignments, `li`). */
	constant(expr: Expr, what: string): bigint {
		const v = evaluate(expr, this.env);
		if (v?.sec === null) return v.n;
		const unknown = firstUnknown(expr, this.env);
		const why = unknown ? `: '${unknown.name}' is not defined before this line` : ', not an address';
		throw new StatementError(unknown?.at ?? expr.at, `expected ${what} that is a constant${why}`);
	}

	readonly expand: ExpandContext = {
		constant: (imm: Imm) => {
			if (imm.mod) throw new StatementError(imm.at, `expected a constant, not %${imm.mod}(...)`);
			const v = this.constant(imm.expr, 'an immediate');
			return Number(BigInt.asIntN(64, v));
		},
		known: (imm: Imm) => {
			const v = imm.mod ? undefined : evaluate(imm.expr, this.env);
			return v?.sec === null ? Number(BigInt.asIntN(64, v.n)) : undefined;
		}
	};

	/**
	 * Replace `.set` symbols that hold constants by their values now: `.set` may redefine a symbol
	 * later, and a use sees the value it had at that point (GNU as manual, ".set").
	 */
	freeze(e: Expr): Expr {
		switch (e.k) {
			case 'sym': {
				const s = this.symbols.get(e.name);
				return s?.value?.sec === null && !s.isLabel ? { k: 'num', v: s.value.n, at: e.at } : e;
			}
			case 'unary':
				return { ...e, e: this.freeze(e.e) };
			case 'binary':
				return { ...e, l: this.freeze(e.l), r: this.freeze(e.r) };
			default:
				return e;
		}
	}

	private freezeImm<T extends Imm | number | undefined>(imm: T): T {
		return (typeof imm === 'object' ? { ...imm, expr: this.freeze(imm.expr) } : imm) as T;
	}

	emitInsns(emits: Emit[], at: Pos): void {
		if (this.cur.flags.nobits) {
			throw new StatementError(at, `instructions are not allowed in '${this.cur.name}'`);
		}
		for (const raw of emits) {
			const emit = { ...raw, imm: this.freezeImm(raw.imm), csr: this.freezeImm(raw.csr) };
			for (const word of emit.insn.format === 'B' ? this.branch(emit) : [emit]) {
				const off = this.cur.reserve(4);
				this.cur.fixups.push({ kind: 'insn', off, emit: word, at });
				this.takeLoc();
				const loc = this.cur.loc;
				this.cur.lines.push(loc ? { off, ...loc } : { off, line: at.line, col: at.col });
			}
		}
	}

	/** A pending `.loc` becomes the current section's row here. */
	private takeLoc(): void {
		if (!this.locPending) return;
		this.cur.loc = this.loc;
		this.locPending = false;
	}

	/** A conditional branch, in the form the relaxation so far chose; noted for checking. */
	private branch(emit: Emit): Emit[] {
		const id = this.branchCount++;
		this.branches.push({ id, sec: this.cur.name, off: this.cur.size, target: emit.imm! });
		return this.isLong(id) ? longBranch(emit) : [emit];
	}

	emitData(size: number, expr: Expr, at: Pos): void {
		const off = this.cur.reserve(size);
		this.cur.fixups.push({ kind: 'data', off, size, expr: this.freeze(expr), at });
	}

	private readonly blocks = new Blocks({
		run: (st) => this.statement(st),
		text: (first, last) => this.sourceLines.slice(first - 1, last).join('\n'),
		lex: (text, firstLine) => lex(text, this.diag, firstLine),
		constant: (c, what) => this.constant(parseExpr(c, this.local), what),
		isDefined: (name) => this.symbols.get(name)?.definedAt !== undefined,
		error: (at, message) => this.diag.error(at, message)
	});

	/** One statement; a StatementError abandons just this statement. */
	statement(st: Statement): void {
		if (this.ended || this.blocks.feed(st)) return;
		try {
			this.statementOrThrow(st);
		} catch (e) {
			// Anything but a StatementError is a bug here; still, bad input must never crash a caller.
			if (e instanceof StatementError) this.diag.error(e.at, e.message);
			else this.diag.error(st, `internal assembler error: ${(e as Error)?.message ?? e}`);
		}
	}

	private statementOrThrow(st: Statement): void {
		const t = st.tokens;
		let i = 0;
		// Labels: `name:` or `1:`, any number of them before the statement proper.
		while (
			i + 1 < t.length &&
			(t[i].kind === 'ident' || t[i].kind === 'number') &&
			t[i + 1].text === ':'
		) {
			if (t[i].kind === 'number' && t[i].text !== String(t[i].value)) {
				throw new StatementError(
					t[i],
					`expected a label name or a decimal local label number, found '${t[i].text}'`
				);
			}
			this.defineLabel(t[i]);
			i += 2;
		}
		// After a lexical error (already reported) keep the labels but not the rest: no knock-on errors.
		if (i >= t.length || st.bad) return;
		const head = t[i];
		const c = Cursor.of(st, i + 1);
		c.warn = (at, message) => this.diag.warn(at, message);
		if (head.kind === 'ident' && t[i + 1]?.kind === 'punct' && t[i + 1].text === '=') {
			c.next();
			const expr = parseExpr(c, this.local);
			c.expectEnd();
			this.assign(head, expr, true);
			return;
		}
		if (head.kind !== 'ident')
			throw new StatementError(
				head,
				`expected an instruction, directive or label but found '${head.text}'`
			);
		if (head.text.startsWith('.')) {
			const run = directive(head.text);
			if (!run) throw new StatementError(head, `unknown directive '${head.text}'`);
			run(this, c, head);
			return;
		}
		this.instruction(st, i, c);
	}

	private instruction(st: Statement, i: number, c: Cursor): void {
		const head = st.tokens[i];
		const forms = formsFor(head.text);
		if (!forms) throw new StatementError(head, `unknown instruction '${head.text}'`);
		const groups = operandGroups(st.tokens, i + 1);
		const sameCount = forms.filter((f) => f.kinds.length === groups.length);
		const form =
			sameCount.find((f) => f.kinds.every((k, j) => looksLike(k, groups[j]))) ??
			sameCount[0] ??
			forms[0];
		const ops: Operand[] = [];
		form.kinds.forEach((kind, j) => {
			if (j > 0) c.expectPunct(',');
			ops.push(parseOperand(c, kind, this.local));
		});
		c.expectEnd();
		this.emitInsns(form.build(ops, this.expand, head), head);
	}

	/** End of input: pad code sections to their alignment, as GNU as does (write.c SUB_SEGMENT_ALIGN). */
	finish(): void {
		this.blocks.finish();
		for (const s of this.sections.values()) if (s.flags.exec && !s.flags.nobits) s.padTo(s.align, true);
	}
}

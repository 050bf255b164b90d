/**
 * Assembler directives, as a table from name to handler. Behaviour follows the GNU as manual,
 * chapter 7 "Assembler Directives", and its RISC-V chapter ("RISC-V Directives").
 */
import type { SymbolKind } from '../program';
import type { Cursor } from './cursor';
import { StatementError } from './errors';
import { evaluate, parseExpr, type Expr } from './expr';
import type { Token } from './lexer';
import type { Pass1 } from './pass1';
import type { SectionFlags } from './section';

type Directive = (p: Pass1, c: Cursor, head: Token) => void;

/** A comma-separated list of at least one item. */
function list<T>(c: Cursor, item: () => T): T[] {
	const out = [item()];
	while (c.eatPunct(',')) out.push(item());
	c.expectEnd("',' or end of line");
	return out;
}

function symbolName(c: Cursor): Token {
	const t = c.peek();
	if (t?.kind !== 'ident' || t.text === '.') c.fail('a symbol name');
	c.next();
	return t;
}

function stringArg(c: Cursor): Token {
	const t = c.peek();
	if (t?.kind !== 'string') c.fail('a string in double quotes');
	c.next();
	return t;
}

const number = (p: Pass1, c: Cursor, what: string): number =>
	Number(BigInt.asIntN(64, p.constant(parseExpr(c, p.local), what)));

/** `.byte 1, 2`: each value is kept as an expression until addresses are known. */
const data =
	(size: number): Directive =>
	(p, c) => {
		for (const e of list(c, () => parseExpr(c, p.local))) p.emitData(size, e, e.at);
	};

const strings =
	(terminate: boolean): Directive =>
	(p, c) => {
		for (const t of list(c, () => stringArg(c))) {
			if (p.cur.flags.nobits)
				throw new StatementError(t, `only zeros may be reserved in '${p.cur.name}'`);
			p.cur.append(t.bytes!);
			if (terminate) p.cur.append([0]);
		}
	};

/** A sanity bound on one reservation (16 MiB), so a typo cannot exhaust memory. */
const MAX_SPACE = 16 * 1024 * 1024;

/** `.space n[, fill]`: n bytes of fill (default 0). */
const space: Directive = (p, c, head) => {
	const n = number(p, c, 'a size');
	const fill = c.eatPunct(',') ? number(p, c, 'a fill value') : 0;
	c.expectEnd();
	if (n < 0 || n > MAX_SPACE) throw new StatementError(head, `${head.text} size ${n} is out of range`);
	if (fill !== 0 && p.cur.flags.nobits)
		throw new StatementError(head, `only zeros may be reserved in '${p.cur.name}'`);
	const off = p.cur.reserve(n);
	if (fill) for (let k = 0; k < n; k++) p.cur.write(off + k, fill, 1);
};

/**
 * Alignment. On RISC-V `.align n` means 2^n bytes, like `.p2align` (GNU as manual, ".align"). In code with no
 * fill given, GNU as pads with nops, and an alignment no larger than an instruction (4 bytes without
 * RVC) pads nothing at all (tc-riscv.c riscv_frag_align_code: "If we are moving to a smaller alignment
 * than the instruction size, then no alignment is required").
 */
const align =
	(powerOfTwo: boolean): Directive =>
	(p, c, head) => {
		const arg = number(p, c, 'an alignment');
		let fill: number | undefined;
		let max = Infinity;
		if (c.eatPunct(',')) {
			if (!c.isPunct(',')) fill = number(p, c, 'a fill value');
			if (c.eatPunct(',')) max = number(p, c, 'a maximum padding');
		}
		c.expectEnd();
		if (powerOfTwo ? arg < 0 || arg > 16 : arg < 0 || arg > 65536 || (arg & (arg - 1)) !== 0) {
			throw new StatementError(
				head,
				`expected ${powerOfTwo ? 'a power of two from 0 to 16' : 'a power of two'} for ${head.text}, got ${arg}`
			);
		}
		const bytes = powerOfTwo ? 2 ** arg : Math.max(arg, 1);
		const code = p.cur.flags.exec && fill === undefined;
		if (fill !== undefined && fill !== 0 && p.cur.flags.nobits)
			throw new StatementError(head, `only zeros may be reserved in '${p.cur.name}'`);
		p.cur.align = Math.max(p.cur.align, bytes);
		if (code && bytes <= 4) return;
		p.cur.padTo(bytes, code, fill, max);
	};

/** `.section name[, "flags"[, @type]]` (GNU as manual, ".section", ELF version). */
const section: Directive = (p, c) => {
	const t = c.peek();
	if (!t || (t.kind !== 'ident' && t.kind !== 'string')) return c.fail('a section name');
	c.next();
	const name = t.kind === 'string' ? new TextDecoder().decode(t.bytes) : t.text;
	let flags: SectionFlags | undefined;
	if (c.eatPunct(',')) {
		const f = stringArg(c);
		const letters = new TextDecoder().decode(f.bytes);
		if (/[^awxMSGTo?R]/.test(letters))
			throw new StatementError(f, `expected section flags from 'awx', found "${letters}"`);
		let nobits = name === '.bss' || name.startsWith('.bss.') || name.startsWith('.sbss');
		if (c.eatPunct(',')) {
			if (!c.eatPunct('@') && !c.eatPunct('%')) c.fail("'@progbits' or '@nobits'");
			const type = symbolName(c).text;
			if (type !== 'progbits' && type !== 'nobits')
				throw new StatementError(c.prev()!, `expected 'progbits' or 'nobits', found '${type}'`);
			nobits = type === 'nobits';
			while (c.eatPunct(',')) c.next(); // entity size, group name: accepted, no effect
		}
		const has = (ch: string) => letters.includes(ch);
		flags = { alloc: has('a'), write: has('w'), exec: has('x'), nobits };
	}
	c.expectEnd();
	p.switchTo(p.section(name, flags));
};

const switchTo =
	(name: string): Directive =>
	(p, c) => {
		c.expectEnd();
		p.switchTo(p.section(name));
	};

const symbols =
	(apply: (p: Pass1, name: Token) => void): Directive =>
	(p, c) => {
		for (const t of list(c, () => symbolName(c))) apply(p, t);
	};

const assign =
	(redefine: boolean): Directive =>
	(p, c) => {
		const name = symbolName(c);
		c.expectPunct(',');
		const expr = parseExpr(c, p.local);
		c.expectEnd();
		p.assign(name, expr, redefine);
	};

const TYPES: Record<string, SymbolKind> = { function: 'func', object: 'object', notype: 'notype' };

/** `.type sym, @function` (also %function, "function", STT_FUNC). */
const type: Directive = (p, c) => {
	const name = symbolName(c);
	c.expectPunct(',');
	if (!c.eatPunct('@')) c.eatPunct('%');
	const t = c.next();
	const word = t?.kind === 'string' ? new TextDecoder().decode(t.bytes) : (t?.text ?? '');
	const kind = TYPES[word.replace(/^STT_/, '').toLowerCase()];
	if (!kind) {
		c.i--;
		c.fail("a symbol type such as '@function' or '@object'");
	}
	c.expectEnd();
	p.sym(name.text).type = kind;
};

/** `.size sym, expr`: evaluated after layout, with `.` as it is here (so `.-sym` works). */
const size: Directive = (p, c) => {
	const name = symbolName(c);
	c.expectPunct(',');
	const expr: Expr = parseExpr(c, p.local);
	c.expectEnd();
	p.sym(name.text).size = { expr, dot: p.dot(), at: expr.at };
};

/**
 * `.org new[, fill]`: advance the location counter to `new` (an offset in the current section, or an
 * address in it), filling with `fill` (default 0, also in code); it cannot move backwards
 * (GNU as manual, ".org").
 */
const org: Directive = (p, c, head) => {
	const target = parseExpr(c, p.local);
	const fill = c.eatPunct(',') ? number(p, c, 'a fill value') : 0;
	c.expectEnd();
	const v = evaluate(target, p.env);
	if (!v || (v.sec !== null && v.sec !== p.cur.name)) {
		throw new StatementError(
			target.at,
			`expected an offset or an address in '${p.cur.name}' known at this point`
		);
	}
	const to = Number(v.n);
	if (to < p.cur.size)
		throw new StatementError(head, `.org cannot move backwards (from ${p.cur.size} to ${to})`);
	if (to - p.cur.size > MAX_SPACE)
		throw new StatementError(head, `.org would skip more than ${MAX_SPACE} bytes`);
	if (fill !== 0 && p.cur.flags.nobits)
		throw new StatementError(head, `only zeros may be reserved in '${p.cur.name}'`);
	const n = to - p.cur.size;
	const off = p.cur.reserve(n);
	if (fill) for (let k = 0; k < n; k++) p.cur.write(off + k, fill, 1);
};

/**
 * `.comm sym, size[, align]` and `.lcomm sym, size`: reserve a zeroed object in .bss and define
 * `sym` there, as GNU as does for a local symbol (gcc's `static int x;` at -O0 is `.local x` then
 * `.comm x,4,4`). Without an alignment, GNU as aligns by size: 8 for 8 bytes or more, then 4, 2, 1.
 * A global `.comm` would be placed by the linker; vmscope has none, so it is allocated the same way.
 */
const common =
	(takesAlign: boolean): Directive =>
	(p, c, head) => {
		const name = symbolName(c);
		c.expectPunct(',');
		const size = number(p, c, 'a size');
		let align = size >= 8 ? 8 : size >= 4 ? 4 : size >= 2 ? 2 : 1;
		if (takesAlign && c.eatPunct(',')) align = number(p, c, 'an alignment');
		c.expectEnd();
		if (size < 0 || size > MAX_SPACE)
			throw new StatementError(head, `${head.text} size ${size} is out of range`);
		if (align < 1 || align > 65536 || (align & (align - 1)) !== 0) {
			throw new StatementError(head, `expected a power of two for the alignment, got ${align}`);
		}
		const here = p.cur;
		p.cur = p.section('.bss');
		try {
			p.cur.align = Math.max(p.cur.align, align);
			p.cur.padTo(align, false);
			p.defineLabel(name);
			const s = p.sym(name.text);
			s.type = 'object';
			s.size = { expr: { k: 'num', v: BigInt(size), at: name }, dot: p.dot(), at: name };
			p.cur.reserve(size);
		} finally {
			p.cur = here;
		}
	};

/**
 * `.file N "name"` (DWARF file table; `.file 0 "dir" "name"` in DWARF 5) names the files `.loc`
 * refers to; `.file "name"` alone names the compilation unit and changes nothing here.
 */
const file: Directive = (p, c) => {
	if (c.peek()?.kind !== 'number') {
		c.i = c.tokens.length;
		return;
	}
	const n = number(p, c, 'a file number');
	let name = new TextDecoder().decode(stringArg(c).bytes);
	if (c.peek()?.kind === 'string') name = new TextDecoder().decode(stringArg(c).bytes);
	c.i = c.tokens.length; // an md5 checksum may follow
	p.fileNames.set(n, name);
};

/**
 * `.loc FILE LINE [COLUMN] [options]`: the instructions that follow come from this source line
 * (GNU as manual, ".loc"); the line table reports it instead of the assembly line.
 */
const loc: Directive = (p, c) => {
	const n = number(p, c, 'a file number');
	const line = number(p, c, 'a line number');
	const col = c.peek()?.kind === 'number' ? number(p, c, 'a column') : 0;
	c.i = c.tokens.length; // is_stmt, discriminator, view: no effect here
	p.loc = { file: p.fileNames.get(n) ?? `file ${n}`, line, col };
	p.locPending = true;
};

/** Accept the rest of the statement: directives whose effect is metadata vmscope does not keep. */
const ignore: Directive = (_p, c) => {
	c.i = c.tokens.length;
};

/**
 * `.option`: rvc/norvc, relax/norelax, push/pop are accepted. vmscope emits neither compressed
 * instructions nor relaxations, so rvc and relax change nothing; `pic` would change `la`, so it is
 * refused rather than silently ignored.
 */
const option: Directive = (p, c) => {
	const t = symbolName(c);
	const arg = t.text.toLowerCase();
	if (arg === 'arch') {
		c.i = c.tokens.length;
		return;
	}
	c.expectEnd();
	if (arg === 'push') p.optionStack.push(arg);
	else if (arg === 'pop') {
		if (p.optionStack.pop() === undefined)
			throw new StatementError(t, "'.option pop' without a matching '.option push'");
	} else if (arg === 'pic')
		throw new StatementError(t, "'.option pic' is not supported: vmscope assembles non-PIC code");
	else if (arg === 'rvc')
		p.diag.warn(t, "vmscope emits no compressed instructions: '.option rvc' has no effect");
	else if (!['rvc', 'norvc', 'relax', 'norelax', 'nopic', 'csr-check', 'no-csr-check'].includes(arg)) {
		throw new StatementError(
			t,
			`expected rvc, norvc, relax, norelax, push, pop or nopic but found '${t.text}'`
		);
	}
};

const sectionStack: Record<string, Directive> = {
	'.pushsection': (p, c, head) => {
		const from = p.cur;
		section(p, c, head);
		p.sectionStack.push(from);
	},
	'.popsection': (p, c, head) => {
		c.expectEnd();
		const s = p.sectionStack.pop();
		if (!s) throw new StatementError(head, "'.popsection' without a matching '.pushsection'");
		p.switchTo(s);
	},
	'.previous': (p, c) => {
		c.expectEnd();
		p.switchTo(p.previous);
	}
};

export const DIRECTIVES: Record<string, Directive> = {
	'.text': switchTo('.text'),
	'.data': switchTo('.data'),
	'.rodata': switchTo('.rodata'),
	'.bss': switchTo('.bss'),
	'.section': section,
	...sectionStack,
	'.globl': symbols((p, t) => (p.sym(t.text).global = true)),
	'.global': symbols((p, t) => (p.sym(t.text).global = true)),
	// vmscope programs are complete (no linker), so a weak symbol is a global one; GNU as still
	// treats branches to it as possibly far (branches.ts).
	'.weak': symbols((p, t) => Object.assign(p.sym(t.text), { global: true, weak: true })),
	'.local': symbols((p, t) => (p.sym(t.text).global = false)),
	'.equ': assign(true),
	'.set': assign(true),
	'.equiv': assign(false),
	'.byte': data(1),
	'.half': data(2),
	'.short': data(2),
	'.2byte': data(2),
	'.word': data(4),
	'.long': data(4),
	'.4byte': data(4),
	'.quad': data(8),
	'.dword': data(8),
	'.8byte': data(8),
	'.ascii': strings(false),
	'.asciz': strings(true),
	'.string': strings(true),
	'.zero': space,
	'.space': space,
	'.skip': space,
	'.align': align(true),
	'.p2align': align(true),
	'.balign': align(false),
	'.option': option,
	'.type': type,
	'.size': size,
	'.org': org,
	'.comm': common(true),
	'.lcomm': common(false),
	// `.end`: nothing after it is assembled.
	'.end': (p, c) => {
		c.expectEnd();
		p.ended = true;
	},
	// Debugging and unwinding information (gcc -g) and symbol visibility: vmscope's Program carries
	// none of them, so they are accepted and have no effect. `.cfi_*` are matched by prefix (below);
	// GNU as would also build a loaded .eh_frame from them unless told `.cfi_sections .debug_frame`.
	'.loc': loc,
	'.loc_mark_labels': (p, c) => {
		p.locMarkLabels = number(p, c, '0 or 1') !== 0;
		c.expectEnd();
	},
	'.hidden': ignore,
	'.protected': ignore,
	'.internal': ignore,
	'.file': file,
	'.ident': ignore,
	'.attribute': ignore
};

/** The handler for a directive name (case-insensitive), or undefined if there is none. */
export function directive(name: string): Directive | undefined {
	const n = name.toLowerCase();
	return DIRECTIVES[n] ?? (n.startsWith('.cfi_') ? ignore : undefined);
}

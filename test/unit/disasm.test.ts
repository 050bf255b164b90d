/**
 * Disassembler unit tests from hand-encoded words (the assembly each encodes is beside it; the
 * expected text is what GNU objdump 2.40 prints, as checked by disasm-oracle.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/lib/sim/isa/decode';
import { Disassembler, disassemble, fields } from '../../src/lib/sim/isa/disasm';
import { ALIASES, findAlias, type Alias } from '../../src/lib/sim/isa/disasm/aliases';
import { disassembleProgram } from '../../src/lib/sim/isa/disasm/listing';
import { SymbolTable } from '../../src/lib/sim/isa/disasm/symbols';
import { INSNS } from '../../src/lib/sim/isa/instructions';
import type { Program, ProgramSymbol } from '../../src/lib/sim/isa/program';

const PC = 0x80000000;
const both = (w: number, pc = PC) => [disassemble(w, pc), disassemble(w, pc, { aliases: false })];
/** Test titles show words in hex: `0x00150513 → ...`. */
const hexRows = <T extends unknown[]>(rows: [number, ...T][]) =>
	rows.map(([w, ...rest]) => [`0x${(w >>> 0).toString(16).padStart(8, '0')}`, ...rest, w] as const);

describe('disassemble: base instructions and pseudo-instructions', () => {
	it.each(
		hexRows([
			// word, alias form, -M no-aliases form
			[0x00000013, 'nop', 'addi zero,zero,0'], // addi x0,x0,0
			[0xffb00513, 'li a0,-5', 'addi a0,zero,-5'], // addi a0,x0,-5
			[0x00060593, 'mv a1,a2', 'addi a1,a2,0'], // addi a1,a2,0
			[0x00150513, 'add a0,a0,1', 'addi a0,a0,1'], // addi a0,a0,1 (binutils 2.40 says "add")
			[0xfff54513, 'not a0,a0', 'xori a0,a0,-1'], // xori a0,a0,-1
			[0x0ff5f513, 'zext.b a0,a1', 'andi a0,a1,255'], // andi a0,a1,255
			[0x00153513, 'seqz a0,a0', 'sltiu a0,a0,1'], // sltiu a0,a0,1
			[0x40a00533, 'neg a0,a0', 'sub a0,zero,a0'], // sub a0,x0,a0
			[0x00a03533, 'snez a0,a0', 'sltu a0,zero,a0'], // sltu a0,x0,a0
			[0x00052533, 'sltz a0,a0', 'slt a0,a0,zero'], // slt a0,a0,x0
			[0x00a02533, 'sgtz a0,a0', 'slt a0,zero,a0'], // slt a0,x0,a0
			[0x01f59513, 'sll a0,a1,0x1f', 'slli a0,a1,0x1f'], // slli a0,a1,31
			[0x4015d513, 'sra a0,a1,0x1', 'srai a0,a1,0x1'], // srai a0,a1,1
			[0x12345537, 'lui a0,0x12345', 'lui a0,0x12345'], // lui a0,0x12345
			[0xfffff517, 'auipc a0,0xfffff', 'auipc a0,0xfffff'], // auipc a0,0xfffff
			[0x00008067, 'ret', 'jalr zero,0(ra)'], // jalr x0,0(ra)
			[0x00050067, 'jr a0', 'jalr zero,0(a0)'], // jalr x0,0(a0)
			[0x00458067, 'jr 4(a1)', 'jalr zero,4(a1)'], // jalr x0,4(a1)
			[0x000500e7, 'jalr a0', 'jalr ra,0(a0)'], // jalr ra,0(a0)
			[0xff8500e7, 'jalr -8(a0)', 'jalr ra,-8(a0)'], // jalr ra,-8(a0)
			[0x00050367, 'jalr t1,a0', 'jalr t1,0(a0)'], // jalr t1,0(a0)
			[0xfea12e23, 'sw a0,-4(sp)', 'sw a0,-4(sp)'], // sw a0,-4(sp)
			[0x7ff5a503, 'lw a0,2047(a1)', 'lw a0,2047(a1)'], // lw a0,2047(a1)
			[0x0ff0000f, 'fence', 'fence iorw,iorw'], // fence
			[0x0330000f, 'fence rw,rw', 'fence rw,rw'], // fence rw,rw
			[0x0000000f, 'fence unknown,unknown', 'fence unknown,unknown'], // fence with empty sets
			[0x8330000f, 'fence.tso', 'fence.tso'],
			[0x0000100f, 'fence.i', 'fence.i'],
			[0x00000073, 'ecall', 'ecall'],
			[0x00100073, 'ebreak', 'ebreak'],
			[0x30200073, 'mret', 'mret'],
			[0x10500073, 'wfi', 'wfi'],
			[0x12000073, 'sfence.vma', 'sfence.vma zero,zero'],
			[0x12050073, 'sfence.vma a0', 'sfence.vma a0,zero'],
			[0x12b50073, 'sfence.vma a0,a1', 'sfence.vma a0,a1'],
			[0x02c5c533, 'div a0,a1,a2', 'div a0,a1,a2'] // div a0,a1,a2
		])
	)('%s → %s / %s', (_hex, alias, plain, w) => {
		expect(both(w)).toEqual([alias, plain]);
	});
});

describe('disassemble: CSRs', () => {
	it.each(
		hexRows([
			[0x30059573, 'csrrw a0,mstatus,a1', 'csrrw a0,mstatus,a1'],
			[0x30059073, 'csrw mstatus,a1', 'csrrw zero,mstatus,a1'],
			[0x30002573, 'csrr a0,mstatus', 'csrrs a0,mstatus,zero'],
			[0x3045a073, 'csrs mie,a1', 'csrrs zero,mie,a1'],
			[0x3445b073, 'csrc mip,a1', 'csrrc zero,mip,a1'],
			[0x34005573, 'csrrw a0,mscratch,0', 'csrrwi a0,mscratch,0'], // binutils 2.40: "csrrw" with an immediate
			[0x340fd073, 'csrw mscratch,31', 'csrrwi zero,mscratch,31'],
			[0x30046073, 'csrs mstatus,8', 'csrrsi zero,mstatus,8'],
			[0x10017073, 'csrc sstatus,2', 'csrrci zero,sstatus,2'],
			[0xc0002573, 'rdcycle a0', 'csrrs a0,cycle,zero'],
			[0xc0102573, 'rdtime a0', 'csrrs a0,time,zero'],
			[0xc0202573, 'rdinstret a0', 'csrrs a0,instret,zero'],
			[0xc8002573, 'rdcycleh a0', 'csrrs a0,cycleh,zero'],
			[0xc8202573, 'rdinstreth a0', 'csrrs a0,instreth,zero'],
			[0x00102573, 'csrr a0,fflags', 'csrrs a0,fflags,zero'],
			[0x12302573, 'csrr a0,0x123', 'csrrs a0,0x123,zero'], // unnamed CSR: hex
			[0x60002573, 'csrr a0,hstatus', 'csrrs a0,hstatus,zero'],
			[0xc0001073, 'unimp', 'unimp'] // csrrw x0,cycle,x0: objdump's unimp in both forms
		])
	)('%s → %s / %s', (_hex, alias, plain, w) => {
		expect(both(w)).toEqual([alias, plain]);
	});
});

describe('disassemble: atomics carry their ordering bits as suffixes', () => {
	it.each(
		hexRows([
			[0x1005a52f, 'lr.w a0,(a1)'],
			[0x1405a52f, 'lr.w.aq a0,(a1)'],
			[0x1205a52f, 'lr.w.rl a0,(a1)'],
			[0x1605a52f, 'lr.w.aqrl a0,(a1)'],
			[0x1ac5a52f, 'sc.w.rl a0,a2,(a1)'],
			[0x04c5a52f, 'amoadd.w.aq a0,a2,(a1)'],
			[0xe6c5a52f, 'amomaxu.w.aqrl a0,a2,(a1)']
		])
	)('%s → %s', (_hex, text, w) => {
		expect(both(w)).toEqual([text, text]);
	});
});

describe('disassemble: branch and jump targets', () => {
	const names = new Map([
		[0x80000010, 'loop'],
		[0x80000100, 'f']
	]);
	const symbolize = (a: number) => names.get(a);

	it('prints absolute targets with the symbol objdump would show', () => {
		// beq a0,a1,loop at 0x80000010 (offset 0)
		expect(disassemble(0x00b50063, 0x80000010, { symbolize })).toBe('beq a0,a1,80000010 <loop>');
		// bnez a0,.-8 at 0x80000018
		expect(disassemble(0xfe051ce3, 0x80000018, { symbolize })).toBe('bnez a0,80000010 <loop>');
		// jal ra,f at 0x80000000 (+0x100): the ra form drops the register
		expect(disassemble(0x100000ef, PC, { symbolize })).toBe('jal 80000100 <f>');
		expect(disassemble(0x100000ef, PC, { symbolize, aliases: false })).toBe('jal ra,80000100 <f>');
		// j .-32 (jal x0)
		expect(disassemble(0xfe1ff06f, 0x80000030, { symbolize })).toBe('j 80000010 <loop>');
		expect(disassemble(0x0080016f, PC)).toBe('jal sp,80000008'); // no name known: bare address
	});

	it('pseudo-branches against zero, and their no-aliases forms', () => {
		expect(both(0x00050463)).toEqual(['beqz a0,80000008', 'beq a0,zero,80000008']);
		expect(both(0x00a05463)).toEqual(['blez a0,80000008', 'bge zero,a0,80000008']);
		expect(both(0x00055463)).toEqual(['bgez a0,80000008', 'bge a0,zero,80000008']);
		expect(both(0x00054463)).toEqual(['bltz a0,80000008', 'blt a0,zero,80000008']);
		expect(both(0x00a04463)).toEqual(['bgtz a0,80000008', 'blt zero,a0,80000008']);
		expect(both(0x00b56463)).toEqual(['bltu a0,a1,80000008', 'bltu a0,a1,80000008']);
	});

	it('wraps target addresses at 32 bits', () => {
		// j .-8 at address 4 → 0xfffffffc
		expect(disassemble(0xff9ff06f, 4)).toBe('j fffffffc');
	});
});

describe('disassemble: address comments (objdump "# addr <sym>")', () => {
	it('x0-, tp- and gp-relative accesses are annotated even on their own', () => {
		expect(disassemble(0x01002503, PC)).toBe('lw a0,16(zero) # 10'); // lw a0,16(x0)
		expect(disassemble(0x00822503, PC)).toBe('lw a0,8(tp) # 8');
		expect(disassemble(0x00c1a503, PC)).toBe('lw a0,12(gp)'); // gp unknown: no comment
		expect(disassemble(0x00c1a503, PC, { gp: 0x80001800 })).toBe('lw a0,12(gp) # 8000180c');
	});

	it('a Disassembler remembers lui/auipc results for the next instruction, as objdump -d does', () => {
		const d = new Disassembler({ symbolize: (a) => (a === 0x80001000 ? 'buf' : undefined) });
		expect(d.disassemble(0x00001517, PC)).toBe('auipc a0,0x1'); // auipc a0,0x1
		expect(d.disassemble(0x00050513, PC + 4)).toBe('mv a0,a0'); // mv prints no offset: no comment
		expect(d.disassemble(0x00052583, PC + 8)).toBe('lw a1,0(a0) # 80001000 <buf>');
		expect(d.disassemble(0x00052583, PC + 12)).toBe('lw a1,0(a0)'); // used up
		d.reset();
		expect(d.disassemble(0x800002b7, PC)).toBe('lui t0,0x80000');
		expect(d.disassemble(0x01028293, PC + 4)).toBe('add t0,t0,16 # 80000010');
	});
});

describe('disassemble: words objdump does not name', () => {
	it.each(
		hexRows([
			[0x00000000, '.4byte 0x0'],
			[0xffffffff, '.4byte 0xffffffff'],
			[0x12345677, '.4byte 0x12345677'],
			[0x8ff0000f, '.4byte 0x8ff0000f'], // FENCE with a reserved fm: the hart executes it, objdump does not name it
			[0x0ff0008f, '.4byte 0xff0008f'], // FENCE with rd != 0
			[0x0010100f, '.4byte 0x10100f'], // FENCE.I with imm != 0
			[0x1010202f, '.4byte 0x1010202f'] // LR.W with rs2 != 0
		])
	)('%s → %s', (_hex, text, w) => {
		expect(both(w)).toEqual([text, text]);
	});
});

describe('the alias table', () => {
	it('every row names a table instruction and is reachable (no row hidden by an earlier one)', () => {
		const regs = [0, 1, 2, 3, 10];
		const imms = [0, 1, -1, 255, 0xc00, 0xc01, 0xc02, 0xc80, 0xc81, 0xc82, 0x0ff, 0x7ff];
		for (const [name, rows] of ALIASES) {
			const insn = INSNS.find((i) => i.name === name);
			expect(insn, name).toBeDefined();
			const chosen = new Set<Alias>();
			for (const rd of regs)
				for (const rs1 of regs)
					for (const rs2 of regs)
						for (const imm of imms) {
							const bits = (rd << 7) | (rs1 << 15) | (rs2 << 20) | (imm << 20);
							const w = insn!.match | (bits & ~insn!.mask);
							const a = findAlias(name, fields(w, insn!));
							if (a) chosen.add(a);
						}
			for (const row of rows)
				expect(chosen.has(row), `${name} → ${row.name} ${row.operands}`).toBe(true);
		}
	});

	it('every table instruction disassembles its own match word to its own name (no aliases)', () => {
		for (const i of INSNS) {
			const text = disassemble(i.match, PC, { aliases: false });
			expect(text.split(' ')[0], i.name).toBe(i.name);
		}
	});
});

describe('properties (fast-check)', () => {
	it('random 32-bit words never throw, and every decodable word gives non-empty text', () => {
		// Only FENCE/FENCE.I with reserved fields decode yet print as raw words (see STRICT_MASKS).
		const strict = new Set(['fence', 'fence.i']);
		fc.assert(
			fc.property(fc.integer(), fc.nat(), fc.boolean(), (w, pc, aliases) => {
				const text = disassemble(w, pc, { aliases, symbolize: () => 'sym' });
				expect(text.length).toBeGreaterThan(0);
				const insn = decode(w);
				if (insn && !strict.has(insn.name)) expect(text.startsWith('.4byte')).toBe(false);
				if (!insn) expect(text).toBe(`.4byte 0x${(w >>> 0).toString(16)}`);
			}),
			{ numRuns: 20000 }
		);
	});

	it('valid words from the table print a mnemonic and ABI register names only', () => {
		const insnArb = fc.constantFrom(...INSNS);
		fc.assert(
			fc.property(insnArb, fc.integer(), (insn, bits) => {
				const w = insn.match | (bits & ~insn.mask);
				const text = disassemble(w, PC, { aliases: false });
				expect(text).not.toMatch(/undefined|NaN|\bx\d/);
				const mnemonic = text.split(' ')[0];
				expect([insn.name, '.4byte', 'unimp']).toContain(mnemonic.replace(/\.(aq|rl|aqrl)$/, ''));
			}),
			{ numRuns: 20000 }
		);
	});
});

describe('SymbolTable: objdump naming rules', () => {
	const sym = (name: string, addr: number, extra: Partial<ProgramSymbol> = {}): ProgramSymbol => ({
		name,
		addr,
		size: 0,
		kind: 'notype',
		global: false,
		...extra
	});

	it('names addresses after the nearest symbol below, or the lowest one above', () => {
		const t = new SymbolTable([sym('_start', 0x80000000), sym('loop', 0x80000010)]);
		expect(t.label(0x80000010)).toBe('loop');
		expect(t.label(0x80000014)).toBe('loop+0x4');
		expect(t.label(0x10)).toBe('_start-0x7ffffff0');
		expect(new SymbolTable([]).label(0x10)).toBeUndefined();
	});

	it('prefers functions, then objects, then globals, then larger, then by name; skips $x/$d', () => {
		const at = 0x80001000;
		const table = (syms: ProgramSymbol[]) => new SymbolTable(syms).label(at);
		expect(table([sym('b', at), sym('a', at)])).toBe('a');
		expect(table([sym('a', at), sym('g', at, { global: true })])).toBe('g');
		expect(table([sym('g', at, { global: true }), sym('obj', at, { kind: 'object' })])).toBe('obj');
		expect(table([sym('obj', at, { kind: 'object' }), sym('fn', at, { kind: 'func' })])).toBe('fn');
		expect(table([sym('a', at, { size: 4 }), sym('b', at, { size: 8 })])).toBe('b');
		expect(table([sym('$x', at), sym('$d', at), sym('z', at)])).toBe('z');
		expect(table([sym('.text', at, { kind: 'section' }), sym('z', at)])).toBe('z');
	});
});

describe('disassembleProgram: objdump -d layout', () => {
	const words = [
		0x00000517, // auipc a0,0x0
		0x01050513, // addi a0,a0,16
		0xfe051ee3, // bnez a0,_start
		0x00008067 // ret
	];
	const data = new Uint8Array(new Uint32Array(words).buffer);
	const program: Program = {
		entry: PC,
		segments: [
			{
				addr: PC,
				data,
				memSize: data.length,
				name: '.text',
				flags: { read: true, write: false, exec: true }
			}
		],
		symbols: [
			{ name: '_start', addr: PC, size: 0, kind: 'func', global: true },
			{ name: 'tail', addr: PC + 8, size: 0, kind: 'notype', global: false }
		],
		lines: []
	};

	it('prints section and symbol headers, addresses, raw words and text', () => {
		expect(disassembleProgram(program)).toBe(
			[
				'',
				'Disassembly of section .text:',
				'',
				'80000000 <_start>:',
				'80000000:\t00000517          \tauipc\ta0,0x0',
				'80000004:\t01050513          \tadd\ta0,a0,16 # 80000010 <tail+0x8>',
				'',
				'80000008 <tail>:',
				'80000008:\tfe051ee3          \tbnez\ta0,80000004 <_start+0x4>',
				'8000000c:\t00008067          \tret',
				''
			].join('\n')
		);
	});

	it('uses the no-aliases forms when asked', () => {
		expect(disassembleProgram(program, { aliases: false })).toContain('jalr\tzero,0(ra)');
	});

	it('shows runs of zero bytes as "..." and 16-bit parcels as .2byte', () => {
		const bytes = new Uint8Array([0x13, 0, 0, 0, ...new Array(12).fill(0), 0x01, 0x00, 0x13, 0, 0, 0]);
		const p: Program = {
			...program,
			segments: [{ ...program.segments[0], data: bytes, memSize: bytes.length }],
			symbols: []
		};
		expect(disassembleProgram(p).split('\n').slice(3)).toEqual([
			'80000000 <.text>:',
			'80000000:\t00000013          \tnop',
			'\t...',
			'80000010:\t0001                \t.2byte\t0x1',
			'80000012:\t00000013          \tnop',
			''
		]);
	});
});

/** ELF32 loader: real files from the cross compiler, and every kind of malformed input. */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { functionFor, lineFor } from '../../src/lib/sim/isa/dwarf';
import { ElfError, loadElf } from '../../src/lib/sim/isa/elf';

const hello = new Uint8Array(readFileSync('test/programs/hello.elf'));
const htif = new Uint8Array(readFileSync('test/programs/htif-pass.elf'));

function patched(base: Uint8Array, edits: [offset: number, bytes: number[]][]): Uint8Array {
	const b = base.slice();
	for (const [o, bytes] of edits) b.set(bytes, o);
	return b;
}
const le32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
const le16 = (v: number) => [v & 0xff, v >>> 8];
const u32 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset).getUint32(o, true);

describe('loading real executables', () => {
	it('reads entry, PT_LOAD segments and symbols', () => {
		const p = loadElf(hello);
		expect(p.entry).toBe(0x8000_0000);
		expect(p.segments.length).toBeGreaterThan(0);
		expect(p.segments[0].addr).toBe(0x8000_0000);
		expect(p.segments[0].flags.exec).toBe(true);
		const main = p.symbols.find((s) => s.name === 'main');
		expect(main?.kind).toBe('func');
		expect(main?.global).toBe(true);
		expect(p.tohost).toBeUndefined();
	});
	it('finds tohost and fromhost', () => {
		const p = loadElf(htif);
		expect(p.tohost).toBe(p.symbols.find((s) => s.name === 'tohost')!.addr);
		expect(p.fromhost).toBe((p.tohost ?? 0) + 64);
	});
	it('keeps bss as memSize beyond the file bytes', () => {
		const p = loadElf(new Uint8Array(readFileSync('test/programs/primes.elf')));
		expect(p.segments.some((s) => s.memSize > s.data.length)).toBe(true);
	});
});

describe('rejecting malformed or foreign input with the field named', () => {
	const phoff = u32(hello, 28);
	const cases: [string, Uint8Array, RegExp][] = [
		['empty', new Uint8Array(0), /ELF header: file is truncated/],
		['bad magic', patched(hello, [[0, [0x7f, 0x45, 0x4c, 0x47]]]), /EI_MAG/],
		['64-bit class', patched(hello, [[4, [2]]]), /EI_CLASS.*ELFCLASS32/],
		['big-endian', patched(hello, [[5, [2]]]), /EI_DATA.*little-endian/],
		['relocatable', patched(hello, [[16, le16(1)]]), /e_type.*ET_EXEC/],
		['x86 machine', patched(hello, [[18, le16(62)]]), /e_machine.*RISC-V \(243\), got 62/],
		['truncated program headers', hello.slice(0, phoff + 10), /program headers.*truncated/],
		[
			'program headers past the end',
			patched(hello, [[28, le32(0x7fff_0000)]]),
			/program headers.*truncated/
		],
		[
			'segment data outside the file',
			patched(hello, [[phoff + 4, le32(0x00ff_0000)]]),
			/program header 0.*outside the file/
		],
		[
			'segment outside RAM',
			patched(hello, [[phoff + 12, le32(0x1000)]]),
			/program header 0.*outside RAM/
		],
		['filesz > memsz', patched(hello, [[phoff + 20, le32(1)]]), /p_filesz/],
		['misaligned entry', patched(hello, [[24, le32(0x8000_0002)]]), /e_entry.*4-byte aligned/],
		['entry outside code', patched(hello, [[24, le32(0x9000_0000)]]), /e_entry/],
		['no program headers', patched(hello, [[44, le16(0)]]), /e_phnum/]
	];
	for (const [name, bytes, message] of cases)
		it(name, () => {
			expect(() => loadElf(bytes)).toThrow(ElfError);
			expect(() => loadElf(bytes)).toThrow(message);
		});

	it('overlapping segments', () => {
		// hello has one program header followed by padding: copy it into slot 1 and say there are two.
		const phentsize = hello[42] | (hello[43] << 8);
		const b = patched(hello, [[44, le16(2)]]);
		b.copyWithin(phoff + phentsize, phoff, phoff + phentsize);
		expect(() => loadElf(b)).toThrow(/overlaps/);
	});

	it('a smaller RAM turns a fitting program away', () => {
		expect(() => loadElf(hello, { ramSize: 4096 })).not.toThrow();
		expect(() =>
			loadElf(new Uint8Array(readFileSync('test/programs/primes.elf')), { ramSize: 4096 })
		).toThrow(/outside RAM/);
	});
});

describe('odd but valid symbol tables', () => {
	it('a very long symbol name (200 KB without a NUL) is read, not a crash', () => {
		const v = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset);
		const shoff = u32(hello, 32);
		const shentsize = hello[46] | (hello[47] << 8);
		const shnum = hello[48] | (hello[49] << 8);
		const sh = (i: number) => shoff + i * shentsize;
		const symtab = [...Array(shnum).keys()].find((i) => u32(hello, sh(i) + 4) === 2)!;
		const strtab = u32(hello, sh(symtab) + 24);
		const big = new Uint8Array(hello.length + 200_000).fill(0x41);
		big.set(hello);
		v(big).setUint32(sh(strtab) + 16, hello.length, true); // sh_offset: the appended 'A's
		v(big).setUint32(sh(strtab) + 20, 200_000, true); // sh_size
		const p = loadElf(big);
		expect(p.symbols.some((s) => s.name.length > 100_000)).toBe(true);
	});
});

describe('fuzzing', () => {
	const onlyElfErrors = (bytes: Uint8Array) => {
		try {
			loadElf(bytes);
		} catch (e) {
			if (!(e instanceof ElfError)) throw e;
		}
	};
	it('random bytes are rejected with ElfError, never anything else', () => {
		fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), onlyElfErrors), { numRuns: 2000 });
	});
	it('random corruptions of a real ELF never crash the loader', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.tuple(fc.integer({ min: 0, max: hello.length - 1 }), fc.integer({ min: 0, max: 255 })),
					{ maxLength: 8 }
				),
				fc.integer({ min: 0, max: hello.length }),
				(edits, cut) => {
					const b = hello.slice(0, Math.max(cut, 52));
					for (const [o, v] of edits) if (o < b.length) b[o] = v;
					onlyElfErrors(b);
				}
			),
			{ numRuns: 3000 }
		);
	});
});

describe('loadElf line tables', () => {
	it('reads DWARF lines of the guest kernel so a pc maps to file:line and function', () => {
		const program = loadElf(new Uint8Array(readFileSync('static/guest/kernel.elf')));
		expect(program.lines.length).toBeGreaterThan(100);
		const main = program.symbols.find((s) => s.name === 'kmain' || s.name === 'main');
		expect(main).toBeDefined();
		const row = lineFor(program.lines, main!.addr);
		expect(row?.file).toMatch(/\.c$/);
		expect(functionFor(program.symbols, main!.addr)?.name).toBe(main!.name);
	});
});

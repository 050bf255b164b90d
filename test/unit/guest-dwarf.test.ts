/**
 * Source-level stepping through the guest: for a sample of addresses in the committed kernel and
 * user programs, the DWARF line table read by src/lib/sim/isa/dwarf gives the same file:line as
 * riscv64-unknown-elf-addr2line, and every file it names is served with the site (GUEST_SOURCES).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineFor, readElfSections, readLineInfo } from '../../src/lib/sim/isa/dwarf';
import { loadElf } from '../../src/lib/sim/isa/elf';
import { GUEST_SOURCES } from '../../src/lib/guest-sources';

const ADDR2LINE = 'riscv64-unknown-elf-addr2line';
const hasAddr2line = spawnSync('sh', ['-c', `command -v ${ADDR2LINE}`]).status === 0;
if (!hasAddr2line) console.warn(`guest-dwarf: ${ADDR2LINE} is not installed, oracle comparison skipped`);

const IMAGES = [
	{ file: 'kernel.elf', ramBase: 0x8000_0000 },
	...[
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
		'diskbench'
	].map((p) => ({
		file: `user/${p}.elf`,
		ramBase: 0
	}))
];

function lineTable(bytes: Uint8Array) {
	const { sections, errors } = readElfSections(bytes);
	expect(errors).toEqual([]);
	const info = readLineInfo({
		debug_line: sections.get('.debug_line')!,
		debug_line_str: sections.get('.debug_line_str'),
		debug_str: sections.get('.debug_str')
	});
	expect(info.errors).toEqual([]);
	return info;
}

/** The [start, end) addresses of the .text section (System V gABI section headers). */
function textRange(bytes: Uint8Array): [number, number] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const shoff = view.getUint32(32, true);
	const shnum = view.getUint16(48, true);
	const strtab = view.getUint32(shoff + view.getUint16(50, true) * 40 + 16, true);
	for (let i = 0; i < shnum; i++) {
		const h = shoff + i * 40;
		const name = strtab + view.getUint32(h, true);
		if (new TextDecoder().decode(bytes.subarray(name, name + 6)) === '.text\0')
			return [
				view.getUint32(h + 12, true),
				view.getUint32(h + 12, true) + view.getUint32(h + 20, true)
			];
	}
	throw new Error('no .text section');
}

/**
 * Every 3rd instruction of .text, plus each function's first one. Only code: for an address in
 * data, addr2line answers with the line that declares the variable there, which is not a
 * line-table question.
 */
function sampleAddresses(bytes: Uint8Array, ramBase: number): number[] {
	const [start, end] = textRange(bytes);
	const program = loadElf(bytes, { ramBase, ramSize: 0x40_0000 });
	const out = new Set<number>();
	for (let a = start; a < end; a += 12) out.add(a);
	for (const sym of program.symbols)
		if (sym.kind === 'func' && sym.addr >= start && sym.addr < end) out.add(sym.addr);
	return [...out].sort((a, b) => a - b);
}

describe('guest debug information', () => {
	for (const { file, ramBase } of IMAGES) {
		const path = join('static/guest', file);
		it(`${file}: DWARF 5 line table, every file served with the site`, () => {
			const info = lineTable(new Uint8Array(readFileSync(path)));
			expect(info.units.every((u) => u.version === 5)).toBe(true);
			const own = info.files.filter((f) => !f.startsWith('/'));
			expect(own.length).toBeGreaterThan(3);
			for (const f of own) expect(GUEST_SOURCES.has(f), f).toBe(true);
		});

		it.skipIf(!hasAddr2line)(`${file}: file:line equals ${ADDR2LINE} for sampled addresses`, () => {
			const bytes = new Uint8Array(readFileSync(path));
			const rows = lineTable(bytes).rows;
			const addrs = sampleAddresses(bytes, ramBase);
			expect(addrs.length).toBeGreaterThan(file === 'kernel.elf' ? 500 : 50);
			const oracle = execFileSync(ADDR2LINE, ['-e', path, ...addrs.map((a) => a.toString(16))], {
				encoding: 'utf8'
			})
				.trim()
				.split('\n');
			let compared = 0;
			addrs.forEach((addr, i) => {
				// "./kernel/main.c:59 (discriminator 2)" -> "kernel/main.c:59"; "??:0" / "??:?" = no line
				const want = oracle[i].replace(/ \(discriminator \d+\)$/, '').replace(/^\.\//, '');
				const row = lineFor(rows, addr);
				const got = row ? `${row.file}:${row.line}` : '??';
				if (want.startsWith('??')) expect(got, `0x${addr.toString(16)}`).toBe('??');
				else {
					expect(got, `0x${addr.toString(16)}`).toBe(want);
					compared++;
				}
			});
			expect(compared).toBeGreaterThan(addrs.length * 0.9);
		});
	}
});

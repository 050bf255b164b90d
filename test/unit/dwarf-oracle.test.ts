/**
 * GNU binutils as the oracle for the DWARF line reader: for every instruction address in .text of
 * the committed fixtures (test/fixtures/dwarf, DWARF 4 and 5), our file:line must equal what
 * `riscv64-unknown-elf-addr2line -e X.elf ADDR` prints, and every row `objdump --dwarf=decodedline`
 * lists must be one of ours. Skipped, with the reason printed, when binutils are missing. Also checks
 * that `make` reproduces the committed ELFs byte for byte where gcc is installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lineFor, readElfLineInfo } from '../../src/lib/sim/isa/dwarf';
import { GUEST_SOURCES } from '../../src/lib/guest-sources';

const DIR = 'test/fixtures/dwarf';
const FIXTURES = ['fixture-dwarf4', 'fixture-dwarf5', 'fixture-dwarf5-sections'];
const PREFIX = 'riscv64-unknown-elf-';

function missing(tools: string[], debianPackage: string): string | undefined {
	for (const tool of tools)
		if (spawnSync(PREFIX + tool, ['--version'], { stdio: 'ignore' }).status !== 0)
			return `${PREFIX}${tool} not found (Debian: apt-get install ${debianPackage})`;
	return undefined;
}

const run = (tool: string, args: string[]) =>
	execFileSync(PREFIX + tool, args, { encoding: 'utf8', maxBuffer: 1 << 26 });

/** Every instruction address objdump disassembles in .text. */
function instructionAddresses(elf: string): number[] {
	const out = run('objdump', ['-d', '-j', '.text', elf]);
	return [...out.matchAll(/^\s*([0-9a-f]+):\t/gm)].map((m) => parseInt(m[1], 16));
}

/**
 * addr2line's answer as "file:line", with what our names leave out taken off: the compilation
 * directory (DW_AT_comp_dir is "." here; addr2line joins it, and in v5 directory 0 too, giving
 * "././main.c"), and the " (discriminator N)" suffix. "??:0" means no line.
 */
function addr2line(elf: string, addrs: number[], compDir = '.'): string[] {
	const out = run('addr2line', ['-e', elf, ...addrs.map((a) => '0x' + a.toString(16))]);
	return out
		.trimEnd()
		.split('\n')
		.map((l) => {
			const m = /^(.*):(\d+|\?)(?: \(discriminator \d+\))?$/.exec(l);
			if (!m) throw new Error(`unexpected addr2line output: ${l}`);
			if (m[1] === '??') return '??:0';
			const path = posix.relative(compDir, posix.normalize(m[1]));
			return `${path}:${m[2] === '?' ? 0 : m[2]}`;
		});
}

const binutils = missing(['addr2line', 'objdump'], 'binutils-riscv64-unknown-elf');
if (binutils) console.warn(`dwarf-oracle: ${binutils}; binutils oracle skipped`);

/** Our file:line for every .text instruction address (and one each side) beside addr2line's. */
function compareWithAddr2line(elf: string, compDir = '.') {
	const info = readElfLineInfo(readFileSync(elf));
	expect(info.errors).toEqual([]);
	const addrs = instructionAddresses(elf);
	expect(addrs.length).toBeGreaterThan(3);
	// Addresses just outside .text must map to nothing, as addr2line's ??:0 says.
	const probe = [...addrs, addrs[0] - 4, addrs[addrs.length - 1] + 4];
	const theirs = addr2line(elf, probe, compDir);
	const ours = probe.map((a) => {
		const row = lineFor(info.rows, a);
		return row ? `${row.file}:${row.line}` : '??:0';
	});
	const diffs = probe
		.map((a, i) => ({ addr: '0x' + a.toString(16), ours: ours[i], theirs: theirs[i] }))
		.filter((d) => d.ours !== d.theirs);
	expect(diffs).toEqual([]);
	return addrs.length;
}

describe.skipIf(binutils !== undefined)('line tables equal addr2line', () => {
	for (const name of FIXTURES) {
		const elf = join(DIR, `${name}.elf`);
		it(`${name}: every .text instruction address`, () => {
			expect(compareWithAddr2line(elf)).toBeGreaterThan(100);
		});

		it(`${name}: every row of objdump --dwarf=decodedline is in our table`, () => {
			const info = readElfLineInfo(readFileSync(elf));
			const ours = new Set(info.rows.map((r) => `${r.addr.toString(16)} ${r.line}`));
			const out = run('objdump', ['--dwarf=decodedline', elf]);
			// "main.c    11    0x80000000    1    x": name, line, address, optional view and stmt.
			const rows = [...out.matchAll(/^\S+\s+(\d+)\s+0x([0-9a-f]+)(?:\s+\d+)?(\s+x)?\s*$/gm)];
			expect(rows.length).toBeGreaterThan(50);
			// decodedline lists every row, including several at one address; only the last one at an
			// address covers code, so compare those (and skip rows of discarded code at address 0).
			const last = new Map<string, string>();
			for (const m of rows) if (parseInt(m[2], 16) !== 0) last.set(m[2], `${m[2]} ${m[1]}`);
			for (const row of last.values()) expect(ours, row).toContain(row);
		});
	}
});

/**
 * The guest images the site serves (static/guest, built by src/lib/sim/guest): the same oracle over
 * every instruction, and every file their line tables name must be served with the site
 * (GUEST_SOURCES, read from src/lib/sim/guest), so the playground can show it.
 */
const GUEST = 'static/guest';
const guestImages = existsSync(GUEST)
	? readdirSync(GUEST, { recursive: true, encoding: 'utf8' })
			.filter((f) => f.endsWith('.elf'))
			.sort()
	: [];
if (guestImages.length === 0)
	console.warn(`dwarf-oracle: no ELF images under ${GUEST}; guest checks skipped`);

describe.skipIf(binutils !== undefined || guestImages.length === 0)('guest images equal addr2line', () => {
	for (const image of guestImages) {
		it(`${image}: every .text instruction address`, () => {
			compareWithAddr2line(join(GUEST, image));
		});
	}
});

describe.skipIf(guestImages.length === 0)(
	'guest sources are served for every file a line table names',
	() => {
		for (const image of guestImages) {
			it(image, () => {
				const { files } = readElfLineInfo(readFileSync(join(GUEST, image)));
				expect(files.length).toBeGreaterThan(0);
				expect(files.filter((f) => !GUEST_SOURCES.has(f))).toEqual([]);
			});
		}
	}
);

const gcc = missing(['gcc'], 'gcc-riscv64-unknown-elf');
if (gcc) console.warn(`dwarf-oracle: ${gcc}; reproducible rebuild and compiler-variant checks skipped`);

/**
 * The same sources built other ways (DWARF 3, other -O levels, compressed instructions, function
 * sections, an absolute compilation directory, gas-generated line info), compared with addr2line.
 */
const VARIANTS: { name: string; flags: string[]; sources?: string[]; prefixMap?: false }[] = [
	{ name: 'dwarf3-O1', flags: ['-march=rv32ima_zicsr', '-O1', '-gdwarf-2'] },
	{ name: 'dwarf4-O0', flags: ['-march=rv32ima_zicsr', '-O0', '-gdwarf-4'] },
	{ name: 'dwarf4-O2-rvc', flags: ['-march=rv32imac_zicsr', '-O2', '-gdwarf-4'] },
	{
		name: 'dwarf5-Os-rvc-sections',
		flags: ['-march=rv32imac_zicsr', '-Os', '-gdwarf-5', '-ffunction-sections', '-Wl,--gc-sections']
	},
	{ name: 'dwarf5-O2-abs-compdir', flags: ['-march=rv32ima_zicsr', '-O2', '-gdwarf-5'], prefixMap: false },
	{ name: 'dwarf4-O3-abs-compdir', flags: ['-march=rv32imac_zicsr', '-O3', '-gdwarf-4'], prefixMap: false },
	{
		name: 'gas-dwarf5',
		flags: ['-march=rv32imac_zicsr', '-g', '-gdwarf-5'],
		sources: ['start.S'],
		prefixMap: false
	},
	{
		name: 'gas-dwarf3',
		// gas takes no -ffile-prefix-map from gcc 12; reproducible assembly needs its own flag.
		flags: ['-march=rv32imac_zicsr', '-g', '-gdwarf-3', '-Wa,--debug-prefix-map=TMP=.'],
		sources: ['start.S']
	}
];

const START_S = `\t.globl _start
_start:
\tli a0, 1
\tc.add a0, a0
\tadd a1, a0, a0
1:\tj 1b
`;

describe.skipIf(gcc !== undefined || binutils !== undefined)('compiler variants equal addr2line', () => {
	const tmp = mkdtempSync(join(tmpdir(), 'vmscope-dwarf-variants-'));
	afterAll(() => rmSync(tmp, { recursive: true, force: true }));
	cpSync(DIR, tmp, { recursive: true, filter: (src) => !src.endsWith('.elf') });
	writeFileSync(join(tmp, 'start.S'), START_S);
	for (const v of VARIANTS) {
		it(v.name, () => {
			const elf = join(tmp, `${v.name}.elf`);
			execFileSync(
				PREFIX + 'gcc',
				[
					...v.flags.map((f) => f.replace('TMP', tmp)),
					'-mabi=ilp32',
					'-ffreestanding',
					'-nostdlib',
					'-nostartfiles',
					'-fno-builtin',
					'-Iinclude',
					...(v.prefixMap === false ? [] : [`-ffile-prefix-map=${tmp}=.`]),
					'-Wl,-Ttext=0x80000000',
					'-Wl,-e,_start',
					'-Wl,--no-warn-rwx-segments',
					'-o',
					elf,
					...(v.sources ?? ['main.c', 'util.c', 'lib/text.c'])
				],
				{ cwd: tmp, stdio: 'pipe' }
			);
			compareWithAddr2line(elf, v.prefixMap === false ? tmp : '.');
		});
	}
});

describe.skipIf(gcc !== undefined || spawnSync('make', ['--version']).status !== 0)(
	'the committed fixtures are reproducible',
	() => {
		it('make in a scratch copy produces byte-identical ELFs', () => {
			const tmp = mkdtempSync(join(tmpdir(), 'vmscope-dwarf-'));
			try {
				cpSync(DIR, tmp, { recursive: true, filter: (src) => !src.endsWith('.elf') });
				execFileSync('make', ['-s', '-C', tmp], { stdio: 'pipe' });
				const elfs = readdirSync(DIR).filter((f) => f.endsWith('.elf'));
				expect(elfs.sort()).toEqual(FIXTURES.map((f) => `${f}.elf`).sort());
				for (const f of elfs)
					expect(readFileSync(join(tmp, f)).equals(readFileSync(join(DIR, f))), f).toBe(true);
			} finally {
				rmSync(tmp, { recursive: true, force: true });
			}
		});
	}
);

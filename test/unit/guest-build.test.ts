/**
 * The committed guest images in static/guest/ are what the sources in src/lib/sim/guest/ build
 * to, byte for byte (the Makefile is reproducible), and static/guest/src/ holds those same
 * sources for the site's source-level view. Needs riscv64-unknown-elf-gcc and make for the
 * rebuild; the source comparison always runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const GUEST = 'src/lib/sim/guest';
const STATIC = 'static/guest';
const GCC = 'riscv64-unknown-elf-gcc';
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const canBuild = has(GCC) && has('make');
if (!canBuild) console.warn(`guest-build: ${GCC} or make is not installed, rebuild check skipped`);

const IMAGES = [
	'kernel.elf',
	'minisbi.elf',
	...['hello', 'spin', 'sleeper', 'memtouch', 'faulty', 'parent'].map((p) => `user/${p}.elf`)
];
const SOURCE_DIRS = ['kernel', 'user', 'lib', 'firmware'];
const isSource = (f: string) => /\.(c|h|S|ld)$/.test(f);

describe('static/guest/src', () => {
	it('holds exactly the guest sources and README, unchanged', () => {
		expect(readFileSync(join(STATIC, 'src', 'README.md'), 'utf8')).toBe(
			readFileSync(join(GUEST, 'README.md'), 'utf8')
		);
		for (const dir of SOURCE_DIRS) {
			const want = readdirSync(join(GUEST, dir)).filter(isSource).sort();
			expect(readdirSync(join(STATIC, 'src', dir)).sort(), dir).toEqual(want);
			for (const f of want)
				expect(readFileSync(join(STATIC, 'src', dir, f), 'utf8'), `${dir}/${f}`).toBe(
					readFileSync(join(GUEST, dir, f), 'utf8')
				);
		}
	});
});

describe.skipIf(!canBuild)('reproducible build of the guest images', () => {
	it('make in a scratch copy produces the committed images byte for byte', { timeout: 120_000 }, () => {
		const tmp = mkdtempSync(join(tmpdir(), 'vmscope-guest-build-'));
		try {
			cpSync(GUEST, tmp, { recursive: true, filter: (src) => !src.includes(`${GUEST}/build`) });
			execFileSync('make', ['-s', '-C', tmp], { stdio: 'pipe' });
			for (const f of IMAGES)
				expect(readFileSync(join(tmp, 'build', f)).equals(readFileSync(join(STATIC, f))), f).toBe(
					true
				);
		} finally {
			rmSync(tmp, { recursive: true, force: true });
		}
	});
});

/**
 * The committed guest images in static/guest/ are what the sources in src/lib/sim/guest/ build
 * to, byte for byte (the Makefile is reproducible). Needs riscv64-unknown-elf-gcc and make.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
	].map((p) => `user/${p}.elf`)
];

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

/**
 * For the tests that run `vmscope run scenario.yaml` as a user would: a scratch directory removed after
 * the file's tests, scenario files written into it, and the CLI run in a child process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';

export const KERNEL = resolve('static/guest/kernel.elf');

export function cliScratch(prefix: string) {
	const tmp = mkdtempSync(join(tmpdir(), prefix));
	afterAll(() => rmSync(tmp, { recursive: true, force: true }));
	return {
		tmp,
		/** `vmscope run ARGS…` */
		vmscope: (...args: string[]) =>
			spawnSync(process.execPath, ['bin/vmscope.js', 'run', ...args], {
				encoding: 'utf8',
				timeout: 240_000
			}),
		/** Write a scenario file into the scratch directory; its path. */
		scenario(name: string, text: string): string {
			const path = join(tmp, name);
			writeFileSync(path, text);
			return path;
		}
	};
}

/** `vmscope run` with --trace-out/--trace-format/--trace-kinds and --snapshot-at/--snapshot-out/--restore. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trappySource } from './trace-programs';

const vmscope = (...args: string[]) =>
	spawnSync(process.execPath, ['bin/vmscope.js', ...args], { encoding: 'utf8', timeout: 60_000 });

const dir = mkdtempSync(join(tmpdir(), 'vmscope-trace-'));
const prog = join(dir, 'trappy.s');
writeFileSync(prog, trappySource(400));

describe('vmscope run instrumentation', () => {
	it('writes JSON Lines of the chosen kinds', () => {
		const out = join(dir, 't.jsonl');
		const r = vmscope(
			'run',
			prog,
			'--ram',
			'1',
			'--trace-out',
			out,
			'--trace-kinds',
			'trap,device-event'
		);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		const events = readFileSync(out, 'utf8')
			.trimEnd()
			.split('\n')
			.map((l) => JSON.parse(l));
		expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['trap', 'device-event']));
		expect(events.filter((e) => e.kind === 'trap' && e.cause === 11)).toHaveLength(400);
		expect(r.stdout).toBe('x'.repeat(400 / 16));
	});

	it('writes a Chrome trace with per-hart, per-layer tracks', () => {
		const out = join(dir, 't.json');
		const r = vmscope(
			'run',
			prog,
			'--ram',
			'1',
			'--trace-out',
			out,
			'--trace-format',
			'chrome',
			'--trace-kinds=all'
		);
		expect(r.status).toBe(0);
		const trace = JSON.parse(readFileSync(out, 'utf8'));
		const names = trace.traceEvents
			.filter((e: { name: string }) => e.name === 'process_name')
			.map((e: { args: { name: string } }) => e.args.name);
		expect(names).toEqual(expect.arrayContaining(['cpu', 'devices']));
		expect(trace.traceEvents.some((e: { ph: string }) => e.ph === 'X')).toBe(true);
	});

	it('rejects an unknown kind by name, exit 2', () => {
		const r = vmscope('run', prog, '--trace-kinds', 'trap,frobs');
		expect(r.status).toBe(2);
		expect(r.stderr).toMatch(/unknown event kind 'frobs'/);
	});

	it('a run restored from --snapshot-at ends exactly as the unbroken run', () => {
		const snap = join(dir, 's.vms');
		const whole = join(dir, 'whole.jsonl');
		const tail = join(dir, 'tail.jsonl');
		const a = vmscope(
			'run',
			prog,
			'--ram',
			'1',
			'--snapshot-at',
			'3000',
			'--snapshot-out',
			snap,
			'--trace-out',
			whole,
			'--trace-kinds',
			'trap,trap-return,device-event'
		);
		expect(a.status).toBe(0);
		const b = vmscope(
			'run',
			prog,
			'--ram',
			'1',
			'--restore',
			snap,
			'--trace-out',
			tail,
			'--trace-kinds',
			'trap,trap-return,device-event'
		);
		expect(b.stderr).toBe('');
		expect(b.status).toBe(0);
		const lines = (f: string) => readFileSync(f, 'utf8').trimEnd().split('\n');
		const after = lines(tail);
		expect(after.length).toBeGreaterThan(100);
		expect(lines(whole).slice(-after.length)).toEqual(after);
	});

	it('names the damaged field of a bad snapshot, exit 2', () => {
		const bad = join(dir, 'bad.vms');
		writeFileSync(bad, 'not a snapshot at all, sorry');
		const r = vmscope('run', prog, '--restore', bad);
		expect(r.status).toBe(2);
		expect(r.stderr).toMatch(/snapshot magic: not a vmscope snapshot/);
		const r2 = vmscope('run', prog, '--ram', '2', '--restore', join(dir, 's.vms'));
		expect(r2.stderr).toMatch(/snapshot RAM is 1 MiB; run with --ram 1/);
	});
});

describe('vmscope run --trace-kinds with the new kinds', () => {
	it('writes interrupt-pending events (the CLINT timer of the trappy program) as JSON Lines', () => {
		const out = join(dir, 'kinds.jsonl');
		const r = vmscope(
			'run',
			prog,
			'--ram',
			'1',
			'--trace-out',
			out,
			'--trace-kinds',
			'interrupt-pending,tlb-lookup'
		);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		const events = readFileSync(out, 'utf8')
			.trimEnd()
			.split('\n')
			.map((l) => JSON.parse(l));
		// Bare M-mode: no translation, so no TLB lookups; MTIP rises and is cleared by each re-arm.
		expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['interrupt-pending']));
		expect(events.filter((e) => e.code === 7 && e.pending).length).toBeGreaterThan(2);
		expect(events.every((e) => e.code === 7)).toBe(true);
	});
});

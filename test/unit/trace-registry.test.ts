/**
 * Open registries: a kind registered later (a virtual disk's request) can be subscribed to, appears in
 * the session's status, and reaches subscribers when its component reports it; several observers of
 * one hook coexist (the trace hub beside the CLI's text trace).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/lib/sim/isa/asm/index';
import { Machine } from '../../src/lib/sim/machine/machine';
import { createLocalSession } from '../../src/lib/sim/session/local';
import { eventKinds, parseKinds, registerEventKind, type TraceEvent } from '../../src/lib/sim/trace/events';
import { TraceHub } from '../../src/lib/sim/trace/hub';
import { trappySource } from './trace-programs';

// As a later layer declares its kind: the payload type by declaration merging, the kind at run time.
declare module '../../src/lib/sim/trace/events' {
	interface TraceEventMap {
		'vdisk-request': { reason?: string };
	}
}
registerEventKind('vdisk-request', 'devices', 'a virtual disk request (reason)');

function machine(): Machine {
	const { program, errors } = assemble('_start: addi a0, a0, 1\n j _start\n', { base: 0x8000_0000 });
	expect(errors).toEqual([]);
	const m = new Machine({ ramMiB: 1 });
	m.load(program);
	return m;
}

describe('a registered event kind', () => {
	it('can be subscribed to without breaking the built-in kinds, and carries reported events', () => {
		const m = machine();
		const hub = new TraceHub(m);
		const seen: TraceEvent[] = [];
		const off = hub.subscribe(['vdisk-request', 'insn'], (e) => seen.push(e));
		expect(hub.activeKinds().sort()).toEqual(['insn', 'vdisk-request']);
		expect(hub.available('vdisk-request')).toBe(true);
		expect(m.reporting).toBe(true);
		m.report({ kind: 'vdisk-request', cycle: 5, hart: 0, vm: 1, reason: 'csrw satp' });
		m.run(2);
		expect(seen.map((e) => e.kind)).toEqual(['vdisk-request', 'insn', 'insn']);
		expect(seen[0]).toEqual({ kind: 'vdisk-request', cycle: 5, hart: 0, vm: 1, reason: 'csrw satp' });
		off();
		expect(m.reporting).toBe(false);
		expect(m.hart.onRetire).toBeUndefined();
		m.report({ kind: 'vdisk-request', cycle: 6, hart: 0 });
		expect(seen).toHaveLength(3);
	});

	it('a reported event of a kind nobody wants is not passed on', () => {
		const m = machine();
		const hub = new TraceHub(m);
		const seen: string[] = [];
		hub.subscribe(['insn'], (e) => seen.push(e.kind));
		m.report({ kind: 'vdisk-request', cycle: 1, hart: 0 });
		expect(seen).toEqual([]);
	});

	it('is a known kind for the CLI, and the session lists it without throwing', async () => {
		expect(eventKinds()).toContain('vdisk-request');
		expect(parseKinds('trap,vdisk-request')).toEqual(['trap', 'vdisk-request']);
		const s = createLocalSession();
		expect((await s.load({ asm: trappySource(10) }, { ramMiB: 1 })).ok).toBe(true);
		const off = await s.subscribe(['vdisk-request'], () => {});
		const st = await s.status();
		expect(st.availableKinds).toContain('vdisk-request');
		expect(st.availableKinds).toContain('insn');
		off();
	});
});

describe('several observers at once', () => {
	it('vmscope run --trace beside --trace-out: both traces are written', () => {
		const dir = mkdtempSync(join(tmpdir(), 'vmscope-observers-'));
		const prog = join(dir, 'trappy.s');
		writeFileSync(prog, trappySource(16));
		const out = join(dir, 't.jsonl');
		const r = spawnSync(
			process.execPath,
			[
				'bin/vmscope.js',
				'run',
				prog,
				'--ram',
				'1',
				'--trace',
				'--trace-out',
				out,
				'--trace-kinds',
				'insn,trap'
			],
			{ encoding: 'utf8', timeout: 60_000 }
		);
		expect(r.status).toBe(0);
		const events = readFileSync(out, 'utf8')
			.trimEnd()
			.split('\n')
			.filter((l) => l !== '')
			.map((l) => JSON.parse(l));
		const traps = events.filter((e) => e.kind === 'trap');
		const insns = events.filter((e) => e.kind === 'insn');
		expect(traps).toHaveLength(16);
		expect(insns.length).toBeGreaterThan(16);
		// The text trace on stderr saw the same instructions and traps.
		const text = r.stderr.split('\n');
		expect(text.filter((l) => / exception /.test(l))).toHaveLength(16);
		expect(text.filter((l) => /^core +0: 0x/.test(l)).length).toBe(insns.length);
	});
});

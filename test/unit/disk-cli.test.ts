/**
 * `vmscope run scenario.yaml --report` with host disks: after the scheduler's table, a table per
 * physical disk (blocks each VM owns, shared, free) and per VM (requests, bytes, latency), and the
 * same under `io` in --report-json; a VM paused on a full disk is named with the reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliScratch, KERNEL } from './scenario-cli';

const { tmp, vmscope, scenario } = cliScratch('vmscope-disk-cli-');

const twoVms = (kind: string, d0: string) => `name: disks
host:
  ram: 64 MiB
  disks:
    - { name: d0, size: ${d0}, model: ssd }
vms:
  - { name: alpha, image: ${KERNEL}, memory: 16 MiB, programs: [diskown], disks: [{ kind: ${kind}, on: d0, size: 4 MiB, serial: a }] }
  - { name: beta, image: ${KERNEL}, memory: 16 MiB, programs: [diskown], disks: [{ kind: ${kind}, on: d0, size: 4 MiB, serial: b }] }
`;

describe('vmscope run with host disks', () => {
	it('--report adds the disk and VM I/O tables; --report-json the same as io', () => {
		const out = join(tmp, 'r.json');
		const r = vmscope(scenario('m.yaml', twoVms('minidisk', '8 MiB')), '--report', '--report-json', out);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		expect(r.stdout).toContain('[alpha] diskown: OK');
		expect(r.stdout).toContain('[beta] diskown: OK');
		const lines = r.stdout.split('\n');
		expect(lines).toContain('disks: 1, I/O scheduler fifo');
		expect(lines.find((l) => l.startsWith('d0 '))).toMatch(
			/^d0\s+sata-ssd\s+128\s+64\s+64\s+0\s+0\s+\d+\s+\d+$/
		);
		const json = JSON.parse(readFileSync(out, 'utf8'));
		expect(json.io.policy).toBe('fifo');
		expect(json.io.disks[0]).toMatchObject({
			name: 'd0',
			model: 'sata-ssd',
			blocks: 128,
			owned: { alpha: 64, beta: 64 },
			free: 0
		});
		expect(json.io.vms.map((v: { name: string; written: number }) => [v.name, v.written])).toEqual([
			['alpha', 32 * 4096],
			['beta', 32 * 4096]
		]);
		expect(json.vms).toHaveLength(2); // the scheduler's report is beside it, unchanged
	});

	it('a thin disk on a full host disk pauses its VM, and the run says which and why', () => {
		const r = vmscope(scenario('t.yaml', twoVms('thin', '3 MiB')));
		expect(r.status).toBe(1);
		expect(r.stderr).toMatch(/^vmscope run: nothing can run on: /);
		expect(r.stderr).toMatch(
			/vmscope run: (alpha|beta) is paused: disk d0 is full: a write to its thin disk waits for space/
		);
	});
});

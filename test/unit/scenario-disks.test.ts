/** The scenario's disk fields: host.disks, host.io-scheduler and vms[].disks, and their errors. */
import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from '../../src/lib/sim/scenario';
import { buildHost, HostError } from '../../src/lib/sim/hv/host';
import { readFileSync } from 'node:fs';

const MiB = 1 << 20;
const head = (disks: string) => `name: t\nhost:\n  ram: 64 MiB\n${disks}vms:\n`;
const VM = (disks: string) => `  - name: a\n    image: k.elf\n    memory: 16 MiB\n${disks}`;

function problems(text: string): string[] {
	try {
		parseScenario(text);
	} catch (e) {
		if (e instanceof ScenarioError) return e.problems.map((p) => `${p.path}: ${p.message}`);
		throw e;
	}
	throw new Error('the scenario parsed');
}

describe('scenario disks', () => {
	it('parses the issue example, sizes in bytes and a base resolved against the file', () => {
		const s = parseScenario(
			head(`  disks:\n    - { name: d0, size: 64 MiB, model: hdd }\n  io-scheduler: fair\n`) +
				VM(
					`    disks:\n      - { kind: minidisk, on: d0, size: 8 MiB, serial: alpha-0 }\n      - { kind: cow, on: d0, base: img/base.img }\n`
				),
			{ baseDir: '/lab' }
		);
		expect(s.host.disks).toEqual([{ name: 'd0', size: 64 * MiB, model: 'hdd' }]);
		expect(s.host['io-scheduler']).toBe('fair');
		expect(s.vms[0].disks).toEqual([
			{ kind: 'minidisk', on: 'd0', size: 8 * MiB, serial: 'alpha-0', readonly: false },
			{ kind: 'cow', on: 'd0', base: '/lab/img/base.img', readonly: false }
		]);
	});

	it('leaves a scenario without disks as it was', () => {
		const s = parseScenario(head('') + VM(''));
		expect(s.host).toEqual({ harts: 1, ram: 64 * MiB });
		expect('disks' in s.vms[0]).toBe(false);
	});

	it.each([
		[
			'a disk the host does not have',
			`  disks:\n    - { name: d0, size: 8 MiB }\n`,
			`    disks:\n      - { kind: thin, on: d9, size: 4 MiB }\n`,
			["vms[0].disks[0].on: no host disk 'd9' (host.disks: d0)"]
		],
		[
			'no host disks at all',
			'',
			`    disks:\n      - { kind: thin, on: d0, size: 4 MiB }\n`,
			["vms[0].disks[0].on: no host disk 'd0': the host has no disks (add host.disks)"]
		],
		[
			'a disk name used twice, a cow without base, a minidisk without size',
			`  disks:\n    - { name: d0, size: 8 MiB }\n    - { name: d0, size: 8 MiB }\n`,
			`    disks:\n      - { kind: cow, on: d0 }\n      - { kind: minidisk, on: d0 }\n      - { kind: thin, on: d0, size: 1 MiB, base: b.img }\n`,
			[
				"host.disks[1].name: 'd0' is already the name of host.disks[0]",
				'vms[0].disks[0].base: a cow disk needs a base image to overlay',
				'vms[0].disks[1].size: a minidisk needs a size',
				'vms[0].disks[2].base: only a cow disk has a base, not a thin'
			]
		],
		[
			'bad kinds, models, sizes and serials',
			`  disks:\n    - { name: d0, size: 0, model: floppy }\n  io-scheduler: lifo\n`,
			`    disks:\n      - { kind: raid, on: d0, size: 3 KiB, serial: aaaaaaaaaaaaaaaaaaaaaaaaa }\n`,
			[
				'host.disks[0].size: a disk needs some space',
				'host.disks[0].model: ',
				"host.io-scheduler: expected one of 'fifo', 'fair', got 'lifo'",
				"vms[0].disks[0].kind: expected one of 'minidisk', 'thin', 'cow', got 'raid'",
				'vms[0].disks[0].size: 3 KiB is not a multiple of 4 KiB',
				'vms[0].disks[0].serial: a serial is at most 20 bytes (virtio-blk GET_ID)'
			]
		]
	])('%s', (_what, host, disks, want) => {
		const got = problems(head(host) + VM(disks));
		for (const w of want) expect(got.some((g) => g.startsWith(w))).toBe(true);
	});

	it('the host refuses a model table that does not check, and minidisks that do not fit, naming the field', () => {
		const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));
		const images = new Map([['k.elf', kernel]]);
		const build = (text: string) => {
			try {
				buildHost(parseScenario(text), images);
			} catch (e) {
				if (e instanceof HostError) return e.message;
				throw e;
			}
			return 'built';
		};
		expect(
			build(head(`  disks:\n    - { name: d0, size: 8 MiB, model: { kind: hdd, rpm: -5 } }\n`) + VM(''))
		).toMatch(/^host\.disks\[0\]\.model: .*rpm/);
		expect(
			build(
				head(`  disks:\n    - { name: d0, size: 8 MiB, model: ssd }\n`) +
					VM(
						`    disks:\n      - { kind: minidisk, on: d0, size: 6 MiB }\n      - { kind: minidisk, on: d0, size: 4 MiB }\n`
					)
			)
		).toMatch(/^vms\[0\]\.disks\[1\]\.size: 4 MiB does not fit on d0/);
		expect(
			build(
				head(`  disks:\n    - { name: d0, size: 8 MiB, model: { kind: ssd, channels: 2 } }\n`) +
					VM(`    disks:\n      - { kind: thin, on: d0, size: 64 MiB }\n`)
			)
		).toBe('built');
	});
});

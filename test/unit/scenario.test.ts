/**
 * Scenario files: the documented example, defaults, every error message the format promises, and
 * the size notation both ways.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	formatSize,
	GiB,
	KiB,
	MiB,
	parseScenario,
	parseSize,
	ScenarioError,
	type Scenario
} from '../../src/lib/sim/scenario';
import { normalizePath, resolvePath } from '../../src/lib/sim/scenario/paths';

const EXAMPLE = `
name: two kernels
host:
  harts: 2
  ram: 256 MiB
seed: 1
vms:
  - name: alpha
    image: ../static/guest/kernel.elf
    memory: 32 MiB
    vcpus: 1
    technique: trap-and-emulate
    programs: [hello, spin]
  - name: beta
    image: ../static/guest/kernel.elf
    memory: 32 MiB
faults: []
costs:
  exit: 200
  csr: 40
  sret: 60
  sfence: 80
  wfi: 40
  sbi: 120
  shadow-fill: 300
  mmio: 150
  reflect: 100
  interrupt: 80
  counter: 30
scheduler:
  quantum: 100000
`;

/** The problems parseScenario reports for `text`, as `path: message` lines. */
function problems(text: string): string[] {
	try {
		parseScenario(text);
	} catch (e) {
		if (e instanceof ScenarioError) return e.problems.map((p) => `${p.path}: ${p.message}`);
		throw e;
	}
	throw new Error('the scenario parsed');
}

/** A valid scenario with `vms` as given (YAML lines, indented as under `vms:`), plus `extra` lines. */
function withVms(vms: string, extra = ''): string {
	return `name: t\nhost:\n  ram: 64 MiB\nvms:\n${vms}${extra}`;
}

const VM = (name: string, memory = '16 MiB') =>
	`  - name: ${name}\n    image: k.elf\n    memory: ${memory}\n`;

describe('parseScenario', () => {
	it('parses the documented example, sizes in bytes and images resolved', () => {
		const kernel = '/work/static/guest/kernel.elf';
		const expected: Scenario = {
			name: 'two kernels',
			host: { harts: 2, ram: 256 * MiB },
			seed: 1,
			vms: [
				{
					name: 'alpha',
					image: kernel,
					memory: 32 * MiB,
					vcpus: 1,
					technique: 'trap-and-emulate',
					programs: ['hello', 'spin']
				},
				{ name: 'beta', image: kernel, memory: 32 * MiB, vcpus: 1, technique: 'trap-and-emulate' }
			],
			faults: [],
			costs: {
				exit: 200,
				csr: 40,
				sret: 60,
				sfence: 80,
				wfi: 40,
				sbi: 120,
				'shadow-fill': 300,
				mmio: 150,
				reflect: 100,
				interrupt: 80,
				counter: 30
			},
			scheduler: { quantum: 100000 }
		};
		expect(parseScenario(EXAMPLE, { baseDir: '/work/scenarios' })).toStrictEqual(expected);
	});

	it('fills every default and leaves images as written without a baseDir', () => {
		const s = parseScenario('name: min\nvms:\n  - name: a\n    image: k.elf\n    memory: 4096\n');
		expect(s).toStrictEqual({
			name: 'min',
			host: { harts: 1, ram: 128 * MiB },
			seed: 0,
			vms: [{ name: 'a', image: 'k.elf', memory: 4 * KiB, vcpus: 1, technique: 'trap-and-emulate' }],
			faults: [],
			costs: {},
			scheduler: { quantum: 100000 }
		});
	});

	it('reads empty sections as absent', () => {
		const s = parseScenario(withVms(VM('a'), 'faults:\ncosts:\nscheduler:\n'));
		expect([s.faults, s.costs, s.scheduler]).toStrictEqual([[], {}, { quantum: 100000 }]);
	});

	it('keeps an absolute image path and normalises a relative one', () => {
		const s = parseScenario(
			'name: p\nvms:\n' +
				'  - { name: a, image: /srv/k.elf, memory: 4 MiB }\n' +
				'  - { name: b, image: ./x/../../k.elf, memory: 4 MiB, technique: tvm, vcpus: 4 }\n',
			{ baseDir: 'scenarios/demo' }
		);
		expect(s.vms.map((v) => v.image)).toEqual(['/srv/k.elf', 'scenarios/k.elf']);
		expect(s.vms[1]).toMatchObject({ technique: 'tvm', vcpus: 4 });
	});

	it('accepts guest memory that exactly fills host RAM', () => {
		expect(parseScenario(withVms(VM('a', '32 MiB') + VM('b', '32 MiB'))).vms).toHaveLength(2);
	});

	it('keeps the source on the error', () => {
		const e = (() => {
			try {
				parseScenario('name: x\n', { source: 'x.yaml' });
			} catch (e) {
				return e;
			}
		})();
		expect(e).toBeInstanceOf(ScenarioError);
		expect((e as ScenarioError).source).toBe('x.yaml');
		expect((e as ScenarioError).message).toBe('vms: required field is missing');
	});
});

describe('scenario errors', () => {
	it('a memory that is not whole pages', () => {
		expect(problems(withVms(VM('a') + VM('b', '6 KiB')))).toEqual([
			'vms[1].memory: 6 KiB is not a multiple of 4 KiB'
		]);
	});

	it('guest memory beyond host RAM', () => {
		expect(problems(withVms(VM('a', '32 MiB') + VM('b', '32 MiB') + VM('c', '32 MiB')))).toEqual([
			"vms: the VMs' memory (96 MiB) exceeds host RAM (64 MiB); overcommit is not supported"
		]);
	});

	it('a VM name used twice', () => {
		expect(problems(withVms(VM('alpha') + VM('alpha')))).toEqual([
			"vms[1].name: 'alpha' is already the name of vms[0]"
		]);
	});

	it('unknown keys at every level', () => {
		const text =
			'name: t\nhots: 1\nhost: { ram: 64 MiB, cpus: 2 }\nvms:\n' +
			'  - { name: a, image: k.elf, memroy: 4 MiB, memory: 4 MiB }\n' +
			'costs: { exits: 1 }\nscheduler: { quantun: 5 }\n';
		expect(problems(text).sort()).toEqual(
			[
				'hots: unknown field',
				'host.cpus: unknown field',
				'vms[0].memroy: unknown field',
				'costs.exits: unknown field',
				'scheduler.quantun: unknown field'
			].sort()
		);
	});

	it('a YAML syntax error, with its line and column', () => {
		const [p] = problems('name: t\nvms:\n  - name: a: b\n');
		expect(p).toMatch(/^line 3, column 11: /);
	});

	it('a duplicate YAML key', () => {
		expect(problems('name: a\nname: b\n')).toEqual(['line 2, column 1: Map keys must be unique']);
	});

	it('a second YAML document', () => {
		expect(problems('name: a\n---\nname: b\n')).toEqual([
			'line 2, column 1: a scenario is one YAML document; this is a second'
		]);
	});

	it('aliases that expand too far', () => {
		const row = (alias: string) => `[${Array(10).fill(alias).join(', ')}]`;
		const text = `a: &a ${row('x')}\nb: &b ${row('*a')}\nc: &c ${row('*b')}\nd: ${row('*c')}\n`;
		expect(problems(text)).toEqual([
			'(top level): Excessive alias count indicates a resource exhaustion attack'
		]);
	});

	it('no VMs', () => {
		expect(problems('name: t\nvms: []\n')).toEqual(['vms: at least one VM is required']);
	});

	it('an empty file', () => {
		expect(problems('')).toEqual(['(top level): expected a mapping, got nothing']);
	});

	it.each([
		['host:\n  harts: 9\n', 'host.harts: expected a whole number from 1 to 8, got 9'],
		['host:\n  harts: 1.5\n', 'host.harts: expected a whole number from 1 to 8, got 1.5'],
		['host:\n  ram: 2 MiB\n', 'host.ram: host RAM must be from 4 MiB to 2 GiB, got 2 MiB'],
		['host:\n  ram: 4 GiB\n', 'host.ram: host RAM must be from 4 MiB to 2 GiB, got 4 GiB'],
		['host:\n  ram: 64 MB\n', "host.ram: '64 MB' is not a size: the unit must be B, KiB, MiB or GiB"],
		['host:\n  ram: [1]\n', "host.ram: expected a size like '32 MiB', got a list"],
		['seed: -1\n', 'seed: expected a whole number, 0 or more, got -1'],
		[
			'faults: [unzeroed-frame]\n',
			"faults[0]: expected one of 'unchecked-shadow-ppn', 'unzeroed-frames', got 'unzeroed-frame'"
		],
		['costs:\n  csr: -4\n', 'costs.csr: expected a whole number, 0 or more, got -4'],
		['scheduler:\n  quantum: 0\n', 'scheduler.quantum: expected a positive whole number, got 0']
	])('%j', (extra, message) => {
		expect(problems(`name: t\nvms:\n${VM('a')}${extra}`)).toEqual([message]);
	});

	it.each([
		['    vcpus: 5\n', 'vms[0].vcpus: expected a whole number from 1 to 4, got 5'],
		[
			'    technique: paravirt\n',
			"vms[0].technique: expected one of 'trap-and-emulate', 'tvm', got 'paravirt'"
		],
		[
			'    programs: [Hello]\n',
			"vms[0].programs[0]: 'Hello' is not a valid program name: use lower-case letters, digits and '-'"
		],
		[
			`    programs: [${'a'.repeat(32)}]\n`,
			`vms[0].programs[0]: '${'a'.repeat(32)}' is longer than 31 characters`
		]
	])('%j', (extra, message) => {
		expect(problems(withVms(VM('a') + extra))).toEqual([message]);
	});

	it.each([
		['0', 'vms[0].memory: a VM needs some memory'],
		['3 GiB', 'vms[0].memory: 3 GiB is more than the 2 GiB a VM may have'],
		['6000', 'vms[0].memory: 6000 B is not a multiple of 4 KiB'],
		['1.1 KiB', "vms[0].memory: '1.1 KiB' is not a whole number of bytes"]
	])('memory %s', (memory, message) => {
		expect(problems(`name: t\nvms:\n${VM('a', memory)}`)).toEqual([message]);
	});

	it('missing fields and a bad VM name', () => {
		expect(problems('vms:\n  - name: Alpha\n')).toEqual([
			'name: required field is missing',
			"vms[0].name: 'Alpha' is not a valid VM name: use lower-case letters, digits and '-'",
			'vms[0].image: required field is missing',
			'vms[0].memory: required field is missing'
		]);
	});

	it('reports every problem at once, the cross-field ones too', () => {
		const text = withVms(
			VM('alpha', '6 KiB') + VM('alpha') + VM('beta') + VM('gamma', '32 MiB') + '    vcpus: 0\n',
			'seed: x\nfualts: []\n'
		);
		const found = problems(text);
		expect(found).toEqual(
			expect.arrayContaining([
				'vms[0].memory: 6 KiB is not a multiple of 4 KiB',
				'vms[3].vcpus: expected a whole number from 1 to 4, got 0',
				"seed: expected a whole number, 0 or more, got 'x'",
				'fualts: unknown field',
				"vms[1].name: 'alpha' is already the name of vms[0]"
			])
		);
		// The four add up to more than the host's 64 MiB, but vms[0]'s memory is itself wrong: no total.
		expect(found).toHaveLength(5);
		// With every memory valid, the total is checked even though another field failed.
		expect(
			problems(withVms(VM('a', '32 MiB') + VM('b', '32 MiB') + VM('c', '32 MiB'), 'seed: x\n'))
		).toEqual([
			"seed: expected a whole number, 0 or more, got 'x'",
			"vms: the VMs' memory (96 MiB) exceeds host RAM (64 MiB); overcommit is not supported"
		]);
	});

	it('joins the problems into the message, one per line', () => {
		expect(() => parseScenario('name: 3\n')).toThrow(
			new ScenarioError([
				{ path: 'name', message: 'expected a string, got 3' },
				{ path: 'vms', message: 'required field is missing' }
			])
		);
		expect(
			new ScenarioError([
				{ path: 'a', message: 'x' },
				{ path: 'b', message: 'y' }
			]).message
		).toBe('a: x\nb: y');
	});
});

describe('sizes', () => {
	it.each([
		['32 MiB', 32 * MiB],
		['6 KiB', 6 * KiB],
		['1536 B', 1536],
		['2 GiB', 2 * GiB],
		['1.5 GiB', 1.5 * GiB],
		['4096', 4096],
		['  8KiB ', 8 * KiB],
		[4096, 4096]
	])('parseSize(%j)', (text, bytes) => {
		expect(parseSize(text)).toBe(bytes);
	});

	it.each([
		['32 MB', "'32 MB' is not a size: the unit must be B, KiB, MiB or GiB"],
		['-1 KiB', "'-1 KiB' is not a size: write a number and a unit, like '32 MiB'"],
		['', "'' is not a size: write a number and a unit, like '32 MiB'"],
		['0.5 B', "'0.5 B' is not a whole number of bytes"],
		['99999999999 GiB', "'99999999999 GiB' is too large"],
		[1.5, '1.5 is not a size: a plain number counts bytes, so it must be a whole number, 0 or more'],
		[-1, '-1 is not a size: a plain number counts bytes, so it must be a whole number, 0 or more']
	])('parseSize(%j) throws', (text, message) => {
		expect(() => parseSize(text)).toThrow(new Error(message));
	});

	it.each([
		[32 * MiB, '32 MiB'],
		[6 * KiB, '6 KiB'],
		[1536, '1536 B'],
		[0, '0 B'],
		[3 * GiB, '3 GiB']
	])('formatSize(%d)', (bytes, text) => {
		expect(formatSize(bytes)).toBe(text);
	});

	it('formatSize refuses what is not a size', () => {
		expect(() => formatSize(1.5)).toThrow(RangeError);
		expect(() => formatSize(-1)).toThrow(RangeError);
	});

	it('parseSize reads back what formatSize writes', () => {
		fc.assert(
			fc.property(
				fc.nat({ max: Number.MAX_SAFE_INTEGER }),
				fc.constantFrom(1, KiB, MiB, GiB),
				(n, unit) => {
					const bytes = Math.floor(n / unit) * unit;
					expect(parseSize(formatSize(bytes))).toBe(bytes);
				}
			)
		);
	});
});

describe('paths', () => {
	it.each([
		['/a/b/../c/./d', '/a/c/d'],
		['/../a', '/a'],
		['a/../../b', '../b'],
		['a/..', '.'],
		['a//b/', 'a/b']
	])('normalizePath(%j)', (path, normal) => {
		expect(normalizePath(path)).toBe(normal);
	});

	it('resolves against a base, or keeps what stands alone', () => {
		expect(resolvePath('/srv/scenarios', '../static/k.elf')).toBe('/srv/static/k.elf');
		expect(resolvePath('.', 'k.elf')).toBe('k.elf');
		expect(resolvePath('', 'k.elf')).toBe('k.elf');
		expect(resolvePath('/srv', '/k.elf')).toBe('/k.elf');
	});
});

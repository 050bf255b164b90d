/**
 * A VM's disk on the PIO bus (`vms[].disks[].bus: pio`): the teaching kernel's PIO driver runs
 * diskcheck in the VM over a minidisk, and every register access, each DATA word included, is a
 * trap-and-emulate exit. The lesson's figure: MMIO exits per KiB moved, PIO against virtio-blk.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildHost, HostError, type HostSpec } from '../../src/lib/sim/hv/host';
import { parseScenario, ScenarioError } from '../../src/lib/sim/scenario';
import { CHECK_COUNT, CHECK_FIRST, CHECK_SALT, fnv1a, patternBytes, sameBytes, SECTOR } from './guest-disk';

const KERNEL = 'static/guest/kernel.elf';
const images = new Map([[KERNEL, new Uint8Array(readFileSync(KERNEL))]]);
const MiB = 1 << 20;

const spec = (bus: 'virtio' | 'pio', programs = ['diskcheck']): HostSpec => ({
	host: { harts: 1, ram: 64 * MiB, disks: [{ name: 'd0', size: 8 * MiB, model: 'ssd' }] },
	vms: [
		{
			name: 'a',
			image: KERNEL,
			memory: 16 * MiB,
			vcpus: 1,
			programs,
			disks: [{ kind: 'minidisk', on: 'd0', size: 2 * MiB, bus }]
		}
	]
});

function run(s: HostSpec, budget = 400_000_000) {
	let text = '';
	const host = buildHost(s, images, (_vm, b) => (text += String.fromCharCode(b)));
	const why = host.machine.run(budget);
	return { ...host, why, text: () => text };
}

/** MMIO exits per KiB the disk moved, and the hypervisor's cycles per KiB. */
function perKiB(r: ReturnType<typeof run>) {
	const vm = r.hv.vm(0);
	const v = vm.virtio;
	const c = v.pio ? v.pio.counters() : v.blks[0].counters();
	const kib = (c.read + c.written) / 1024;
	return { kib, exits: vm.s.counters.exits.mmio / kib, cycles: vm.s.counters.hvCycles / kib };
}

describe('a VM disk on the PIO bus', () => {
	it('diskcheck runs OK on it, the bytes land in the VM’s minidisk, and it costs ~256 exits per KiB', () => {
		const pio = run(spec('pio'));
		expect(pio.why.kind).toBe('exited');
		const text = pio.text();
		expect(text).toContain('[kernel] disk 0: PIO disk at 0x10009000, 4096 sectors (2048 KiB)');
		expect(text).toContain('diskcheck: OK');
		expect(pio.hv.vm(0).s.status).toBe('shut-down');
		// The minidisk is the first 2 MiB of d0: the pattern at sectors 64..95 there.
		const d0 = pio.machine.disks[0].bytes();
		const at = CHECK_FIRST * SECTOR;
		expect(
			sameBytes(
				d0.subarray(at, at + CHECK_COUNT * SECTOR),
				patternBytes(CHECK_SALT, CHECK_FIRST, CHECK_COUNT)
			)
		).toBe(true);

		const virtio = run(spec('virtio'));
		expect(virtio.text()).toContain('diskcheck: OK');
		const [p, v] = [perKiB(pio), perKiB(virtio)];
		expect(p.kib).toBe(v.kib); // the same workload: 48 KiB read and written
		// 128 DATA accesses per 512 bytes, each an exit, plus the status polls.
		expect(p.exits).toBeGreaterThanOrEqual(256);
		expect(p.exits).toBeLessThan(300);
		expect(v.exits).toBeLessThan(4);
		expect(p.exits / v.exits).toBeGreaterThan(50);
		expect(p.cycles).toBeGreaterThan(10 * v.cycles);
	});

	it('a snapshot taken in the middle of a PIO transfer restores to the same run', () => {
		const a = run(spec('pio'), 1);
		const pio = () => a.hv.vm(0).virtio.pio!;
		// Steps of 5000: the VM makes progress (runs cut into steps of 1000 or fewer stall it at boot,
		// with or without disks: a hypervisor matter, not the disk's).
		for (let i = 0; i < 2000 && pio().snapshot().phase !== 'data-in'; i++) a.machine.run(5000);
		expect(pio().snapshot().phase).toBe('data-in');
		expect(pio().snapshot().words).toBeGreaterThan(0);
		const snap = a.machine.snapshot();
		const before = a.text();
		a.machine.run(400_000_000);
		const digest = () => ({
			hv: JSON.stringify(a.hv.snapshot()),
			disk: fnv1a(a.machine.disks[0].bytes())
		});
		const first = digest();
		const after = a.text().slice(before.length);
		a.machine.restore(snap);
		const mark = a.text().length;
		a.machine.run(400_000_000);
		expect(a.text().slice(mark)).toBe(after);
		expect(after).toContain('diskcheck: OK');
		expect(digest()).toEqual(first);
	});

	it('scenarios/pio-vs-virtio.yaml: both VMs pass diskcheck, the PIO one with ~200x the MMIO exits', () => {
		const file = 'scenarios/pio-vs-virtio.yaml';
		const scenario = parseScenario(readFileSync(file, 'utf8'), { baseDir: 'scenarios' });
		expect(scenario.vms.map((v) => v.disks?.[0].bus)).toEqual([undefined, 'pio']);
		const imgs = new Map(scenario.vms.map((v) => [v.image, images.get(KERNEL)!]));
		const text = ['', ''];
		const host = buildHost(scenario, imgs, (vm, b) => (text[vm] += String.fromCharCode(b)));
		expect(host.machine.run(400_000_000).kind).toBe('exited');
		expect(text.map((t) => t.includes('diskcheck: OK'))).toEqual([true, true]);
		const [para, emul] = host.hv.vmList.map((v) => v.s.counters.exits.mmio);
		expect(emul / para).toBeGreaterThan(100);
	});

	it('a VM has one PIO disk at most: the scenario and the host both say which field', () => {
		const two = spec('pio');
		const vm = two.vms[0];
		const twice: HostSpec = { ...two, vms: [{ ...vm, disks: [...vm.disks!, ...vm.disks!] }] };
		expect(() => buildHost(twice, images)).toThrow(HostError);
		expect(() => buildHost(twice, images)).toThrow(
			/vms\[0\]\.disks\[1\]\.bus: a VM has one PIO disk at most/
		);
		const yaml = (bus2: string) =>
			'name: t\nhost:\n  ram: 64 MiB\n  disks:\n    - { name: d0, size: 8 MiB }\nvms:\n' +
			'  - name: a\n    image: k.elf\n    memory: 16 MiB\n    disks:\n' +
			`      - { kind: minidisk, on: d0, size: 1 MiB, bus: pio }\n      - { kind: minidisk, on: d0, size: 1 MiB, bus: ${bus2} }\n`;
		expect(parseScenario(yaml('virtio')).vms[0].disks?.map((d) => d.bus)).toEqual(['pio', 'virtio']);
		let problems: string[] = [];
		try {
			parseScenario(yaml('pio'));
		} catch (e) {
			if (e instanceof ScenarioError) problems = e.problems.map((p) => `${p.path}: ${p.message}`);
		}
		expect(problems).toEqual([
			'vms[0].disks[1].bus: a VM has one PIO disk at most (vms[0].disks[0] is one)'
		]);
		try {
			parseScenario(yaml('scsi'));
		} catch (e) {
			if (e instanceof ScenarioError) problems = e.problems.map((p) => p.path);
		}
		expect(problems).toEqual(['vms[0].disks[1].bus']);
	});
});

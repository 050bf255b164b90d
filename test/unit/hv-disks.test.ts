/**
 * VMs' disks under the hypervisor: each VM's virtio-blk emulated over a virtual disk on shared host
 * disks. The teaching kernel's own driver (the one that runs on QEMU and on the bare machine) runs in
 * each VM; what each writes lands only in its own blocks of the physical disk.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildHost, type HostSpec } from '../../src/lib/sim/hv/host';
import { diskReport } from '../../src/lib/sim/hv/io/disk-report';
import { parseScenario } from '../../src/lib/sim/scenario';

const KERNEL = 'static/guest/kernel.elf';
const images = new Map([[KERNEL, new Uint8Array(readFileSync(KERNEL))]]);
const MiB = 1 << 20;

function run(spec: HostSpec, budget = 200_000_000) {
	const text: string[] = spec.vms.map(() => '');
	const host = buildHost(spec, images, (vm, b) => (text[vm] += String.fromCharCode(b)));
	const why = host.machine.run(budget);
	return { ...host, text, why };
}

const vm = (name: string, disks: NonNullable<HostSpec['vms'][number]['disks']>) => ({
	name,
	image: KERNEL,
	memory: 16 * MiB,
	vcpus: 1,
	programs: ['diskcheck'],
	disks
});

describe('VM disks', () => {
	it('two VMs run diskcheck on minidisks of one host disk', () => {
		const r = run({
			host: { harts: 1, ram: 64 * MiB, disks: [{ name: 'd0', size: 8 * MiB, model: 'ssd' }] },
			vms: [
				vm('alpha', [{ kind: 'minidisk', on: 'd0', size: 2 * MiB, serial: 'alpha-0' }]),
				vm('beta', [{ kind: 'minidisk', on: 'd0', size: 2 * MiB, serial: 'beta-0' }])
			]
		});
		for (const t of r.text) expect(t).toContain('diskcheck: OK');
		expect(r.text[0]).toContain('serial "alpha-0"');
		expect(r.text[1]).toContain('serial "beta-0"');
		const rep = diskReport(r.hv);
		expect(rep.disks[0].owned).toEqual({ alpha: 32, beta: 32 });
		expect(rep.vms.every((v) => v.requests > 0 && v.written === 16 * 1024)).toBe(true);
	});
});

/** Everything that must match between two runs: the hypervisor's state, the disks' bytes, the consoles. */
function digest(r: ReturnType<typeof run>) {
	const s = r.machine.snapshot();
	return {
		hv: JSON.stringify(r.hv.snapshot()),
		disks: s.disks?.map((d) => Buffer.from(d).toString('base64').length + ':' + hash(d)),
		events: s.events,
		text: r.text.join('|')
	};
}

function hash(bytes: Uint8Array): number {
	let h = 2166136261;
	for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 16777619);
	return h >>> 0;
}

describe('VM disks across snapshots', () => {
	const spec = (): HostSpec => ({
		host: { harts: 2, ram: 64 * MiB, disks: [{ name: 'd0', size: 4 * MiB, model: 'hdd' }] },
		vms: [
			{
				...vm('alpha', [{ kind: 'thin', on: 'd0', size: 3 * MiB, serial: 'a' }]),
				programs: ['diskbench']
			},
			{
				...vm('beta', [{ kind: 'minidisk', on: 'd0', size: 2 * MiB, serial: 'b' }]),
				programs: ['diskcheck']
			}
		]
	});

	it('restoring a snapshot taken with requests in flight and running on is the same run', () => {
		const a = run(spec(), 13_000_000);
		// On to a moment when the disk is serving a request (its completion event pending).
		for (let i = 0; i < 400 && !a.hv.s.disks.io.disks[0].busy; i++) a.machine.run(20_000);
		expect(a.hv.vmList.map((v) => v.s.status)).toContain('running');
		expect(a.hv.s.disks.io.disks[0].busy).not.toBeNull();
		const snap = a.machine.snapshot();
		const textAt = [...a.text];
		a.machine.run(60_000_000);
		const first = digest(a);
		a.machine.restore(snap);
		a.text.splice(0, a.text.length, ...textAt);
		a.machine.run(60_000_000);
		expect(digest(a)).toEqual(first);
	});
});

describe('lesson 04: seven VMs on three disks', () => {
	const dir = 'content/lessons/04-three-disks-seven-machines';
	function lesson(file: string) {
		const scenario = parseScenario(readFileSync(`${dir}/${file}`, 'utf8'), { baseDir: dir });
		const imgs = new Map(images);
		for (const v of scenario.vms) {
			imgs.set(v.image, new Uint8Array(readFileSync(v.image)));
			for (const d of v.disks ?? []) if (d.base) imgs.set(d.base, new Uint8Array(readFileSync(d.base)));
		}
		const text: string[] = scenario.vms.map(() => '');
		const host = buildHost(scenario, imgs, (vm, b) => (text[vm] += String.fromCharCode(b)));
		/** Run until `done` holds (checked every 5M steps) or the machine stops. */
		const until = (done: () => boolean, limit = 400_000_000) => {
			for (let n = 0; n < limit && !done(); n += 5_000_000)
				if (host.machine.run(5_000_000).kind !== 'budget') break;
		};
		return { ...host, text, until };
	}
	const ok = (t: string) => t.includes('diskown: OK');

	for (const file of ['minidisks.yaml', 'clones.yaml'])
		it(`${file}: every VM reads back exactly what it wrote`, () => {
			const r = lesson(file);
			r.until(() => r.hv.vmList.every((v) => v.s.status === 'shut-down'));
			expect(r.text.map(ok)).toEqual(r.text.map(() => true));
			const rep = diskReport(r.hv);
			// Every VM owns blocks on exactly the disk its scenario names, and no other.
			r.hv.vmList.forEach((v, i) => {
				const where = rep.disks.filter((d) => (d.owned[v.name] ?? 0) > 0).map((d) => d.name);
				expect(where).toEqual([r.hv.s.disks.layer.disks[r.hv.s.disks.layer.vdisks[i]!.disk].name]);
			});
			if (file === 'clones.yaml') expect(rep.disks.every((d) => d.shared === 16)).toBe(true);
		});

	it('thin.yaml: gus pauses on a full d2, and runs on once fay is destroyed', () => {
		const r = lesson('thin.yaml');
		const gus = r.hv.vmList.findIndex((v) => v.name === 'gus');
		const fay = r.hv.vmList.findIndex((v) => v.name === 'fay');
		const others = () => r.hv.vmList.filter((_, i) => i !== gus);
		r.until(
			() => others().every((v) => v.s.status === 'shut-down') && r.hv.vm(gus).s.status === 'paused'
		);
		expect(others().every((v) => ok(r.text[v.id]))).toBe(true);
		expect(r.hv.vm(gus).s.status).toBe('paused');
		expect(r.hv.vm(gus).s.reason).toBe('disk d2 is full: a write to its thin disk waits for space');
		expect(r.hv.disks.layer.freeBlocks(2)).toBe(0);
		r.hv.destroy(fay);
		r.until(() => r.hv.vm(gus).s.status === 'shut-down');
		expect(r.hv.vm(gus).s.status).toBe('shut-down');
		expect(r.text[gus]).toContain('diskbench: OK');
	});
});

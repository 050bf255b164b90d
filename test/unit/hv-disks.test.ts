/**
 * VMs' disks under the hypervisor: each VM's virtio-blk emulated over a virtual disk on shared host
 * disks. The teaching kernel's own driver (the one that runs on QEMU and on the bare machine) runs in
 * each VM; what each writes lands only in its own blocks of the physical disk.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildHost, type HostSpec } from '../../src/lib/sim/hv/host';
import { diskReport } from '../../src/lib/sim/hv/io/disk-report';

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

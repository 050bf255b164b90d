/**
 * `npm run bench`, section 6: exits per MiB, PIO against virtio-blk. The teaching kernel runs diskbench
 * (4 MiB moved: 1 MiB written and read sequentially, 512 KiB of random reads and writes, a 1 MiB
 * read-back) in one VM whose disk is a minidisk on an SSD, offered once as a virtio-blk and once as
 * the teaching PIO disk. Per MiB moved: the VM's MMIO exits (each a trap into the hypervisor and an
 * emulated device access), all its exits, the hypervisor's cycles, and the guest's own sequential
 * read throughput in simulated time (diskbench's figure). Simulated figures are the same on every
 * host; only the wall time is not.
 */
import { readFileSync } from 'node:fs';
import { EXIT_REASONS } from '../src/lib/sim/hv/costs';
import { buildHost, type HostSpec } from '../src/lib/sim/hv/host';

const KERNEL = 'static/guest/kernel.elf';
const images = new Map([[KERNEL, new Uint8Array(readFileSync(KERNEL))]]);
const MiB = 1 << 20;

function run(bus: 'virtio' | 'pio') {
	const spec: HostSpec = {
		host: { harts: 1, ram: 64 * MiB, disks: [{ name: 'd0', size: 8 * MiB, model: 'ssd' }] },
		vms: [
			{
				name: 'bench',
				image: KERNEL,
				memory: 16 * MiB,
				vcpus: 1,
				programs: ['diskbench'],
				disks: [{ kind: 'minidisk', on: 'd0', size: 4 * MiB, bus }]
			}
		]
	};
	let text = '';
	const t0 = performance.now();
	const host = buildHost(spec, images, (_vm, b) => (text += String.fromCharCode(b)));
	const why = host.machine.run(4_000_000_000);
	const seconds = (performance.now() - t0) / 1000;
	if (why.kind !== 'exited' || !text.includes('diskbench: OK'))
		throw new Error(`diskbench over ${bus} did not finish OK (${why.kind}):\n${text}`);
	const vm = host.hv.vm(0);
	const v = vm.virtio;
	const moved = v.pio ? v.pio.counters() : v.blks[0].counters();
	const mib = (moved.read + moved.written) / MiB;
	const c = vm.s.counters;
	const exits = EXIT_REASONS.reduce((n, r) => n + c.exits[r], 0);
	const seqRead = /diskbench: seq-read .*?: (\d+) KiB\/s/.exec(text)?.[1] ?? '?';
	return { mib, mmio: c.exits.mmio, exits, hvCycles: c.hvCycles, seqRead, seconds };
}

const rows = [
	[
		'bus',
		'MiB moved',
		'MMIO exits',
		'MMIO exits/MiB',
		'all exits/MiB',
		'hv cycles/MiB',
		'seq read KiB/s',
		'host s'
	]
];
const results = (['virtio', 'pio'] as const).map((bus) => [bus, run(bus)] as const);
for (const [bus, r] of results)
	rows.push([
		bus === 'pio' ? 'PIO' : 'virtio-blk',
		r.mib.toFixed(1),
		String(r.mmio),
		(r.mmio / r.mib).toFixed(0),
		(r.exits / r.mib).toFixed(0),
		(r.hvCycles / r.mib).toFixed(0),
		r.seqRead,
		r.seconds.toFixed(2)
	]);
console.log('\nexits per MiB: PIO vs virtio-blk (diskbench in one VM, a minidisk on an SSD):');
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows)
	console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
const [v, p] = [results[0][1], results[1][1]];
console.log(
	`PIO takes ${(p.mmio / p.mib / (v.mmio / v.mib)).toFixed(0)}x the MMIO exits and ` +
		`${(p.hvCycles / p.mib / (v.hvCycles / v.mib)).toFixed(1)}x the hypervisor cycles per MiB ` +
		'(128 trapped DATA accesses per 512-byte sector, plus STATUS polls; hv cycles at the default exit costs).'
);

/**
 * `npm run bench`, disk models: sequential and random 4 KiB reads and writes at queue depth 1 on each
 * preset (src/lib/sim/devices/media/), over 64 MiB from the start of the disk. Figures are of simulated
 * time (the models' cycle clock at 1 GHz), so they are the same on every host.
 */
import { DISK_PRESETS, diskService, initialDiskState, type DiskOp } from '../src/lib/sim/devices/media';

const HZ = 1e9;
const REQUESTS = 2000;
const SPAN = (64 * 1024 * 1024) / 512; // sectors

function run(model: (typeof DISK_PRESETS)[keyof typeof DISK_PRESETS], op: DiskOp, random: boolean) {
	let state = initialDiskState(model);
	let now = 0;
	let x = 12345;
	const lat: number[] = [];
	for (let i = 0; i < REQUESTS; i++) {
		x = (Math.imul(x, 1103515245) + 12345) >>> 0;
		const sector = random ? (x % (SPAN / 8)) * 8 : (i * 8) % SPAN;
		const r = diskService(model, state, { op, sector, count: 8 }, now, HZ);
		state = r.state;
		now += r.service.cycles;
		lat.push(r.service.cycles / HZ);
	}
	lat.sort((a, b) => a - b);
	const seconds = now / HZ;
	return {
		mibs: (REQUESTS * 4096) / 1048576 / seconds,
		mean: (seconds / REQUESTS) * 1e3,
		p95: lat[Math.ceil(0.95 * REQUESTS) - 1] * 1e3
	};
}

const rows = [['model', 'pattern', 'MiB/s', 'mean ms', 'p95 ms']];
for (const [name, model] of Object.entries(DISK_PRESETS))
	for (const random of [false, true])
		for (const op of ['read', 'write'] as const) {
			const r = run(model, op, random);
			rows.push([
				name,
				`${random ? 'random' : 'seq'} 4K ${op}`,
				r.mibs.toFixed(1),
				r.mean.toFixed(3),
				r.p95.toFixed(3)
			]);
		}
console.log('\nDisk models (simulated time, queue depth 1, 4 KiB requests):');
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows)
	console.log(r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));

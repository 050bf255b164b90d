/**
 * `npm run bench`, section 8: the hypervisor's virtual switch. Lesson 05's flood scenario (gamma
 * sends 600 datagrams of 1400 bytes to alpha while alpha and beta ping each other, 10 Mbit/s links)
 * and the same at 100 Mbit/s: frames through the switch, per simulated second and per host second,
 * drops, and the exits each frame cost the VMs (the NIC's register accesses trapped and emulated, and
 * every other exit while they ran, per frame sent or received).
 */
import { readFileSync } from 'node:fs';
import { buildHost } from '../src/lib/sim/hv/host';
import { parseScenario } from '../src/lib/sim/scenario';

const DIR = 'content/lessons/05-a-network-inside-one-computer';

function run(bandwidth: string) {
	const text = readFileSync(`${DIR}/flood.yaml`, 'utf8').replace(
		/bandwidth: [^,}]+/,
		`bandwidth: ${bandwidth}`
	);
	const scenario = parseScenario(text, { baseDir: DIR });
	const images = new Map(scenario.vms.map((v) => [v.image, new Uint8Array(readFileSync(v.image))]));
	const host = buildHost(scenario, images);
	const t0 = performance.now();
	host.machine.run(2_000_000_000);
	const seconds = (performance.now() - t0) / 1000;
	const sw = host.hv.s.net.switch;
	const frames = sw.ports.reduce((n, p) => n + p.stats.framesIn, 0);
	const drops = sw.ports.reduce((n, p) => n + Object.values(p.stats.drops).reduce((a, b) => a + b, 0), 0);
	const vms = host.hv.vmList;
	const nicFrames = vms.reduce((n, v) => {
		const c = v.virtio.nets[0]?.counters();
		return n + (c ? c.txFrames + c.rxFrames : 0);
	}, 0);
	const mmio = vms.reduce((n, v) => n + (v.s.counters.exits.mmio ?? 0), 0);
	const all = vms.reduce((n, v) => n + Object.values(v.s.counters.exits).reduce((a, b) => a + b, 0), 0);
	const simSeconds = host.machine.cycles / host.machine.cpuHz;
	return { bandwidth, frames, drops, simSeconds, seconds, nicFrames, mmio, all };
}

console.log('\n## 8. The virtual switch: lesson 05 flood scenario (3 VMs, 2 pCPUs)\n');
console.log('link        frames  dropped  frames/sim-s  frames/host-s  MMIO exits/frame  all exits/frame');
for (const bw of ['10 Mbit/s', '100 Mbit/s']) {
	const r = run(bw);
	console.log(
		[
			r.bandwidth.padEnd(10),
			String(r.frames).padStart(7),
			String(r.drops).padStart(8),
			Math.round(r.frames / r.simSeconds)
				.toLocaleString('en')
				.padStart(13),
			Math.round(r.frames / r.seconds)
				.toLocaleString('en')
				.padStart(14),
			(r.mmio / r.nicFrames).toFixed(2).padStart(17),
			(r.all / r.nicFrames).toFixed(1).padStart(16)
		].join('  ')
	);
}

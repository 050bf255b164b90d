/**
 * VMs with network cards on the hypervisor's virtual switch, running the teaching kernel's own
 * stack: each gets its address by DHCP through the switch's uplink, pings the gateway and talks UDP
 * to its echo service; the switch learns every MAC; a snapshot taken with frames in flight runs on
 * to the same end; a destroyed VM's port goes down; `--report` and `--pcap` say what crossed the
 * switch, and tshark decodes the capture.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildHost, type HostSpec } from '../../src/lib/sim/hv/host';
import { switchReport } from '../../src/lib/sim/hv/net/switch-report';

const KERNEL = 'static/guest/kernel.elf';
const images = new Map([[KERNEL, new Uint8Array(readFileSync(KERNEL))]]);
const MiB = 1 << 20;
const dir = mkdtempSync(join(tmpdir(), 'vmscope-hv-net-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = (programs: [string, string], ips?: [number, number]): HostSpec => ({
	host: { harts: 2, ram: 64 * MiB },
	vms: programs.map((p, i) => ({
		name: ['alpha', 'beta'][i],
		image: KERNEL,
		memory: 16 * MiB,
		vcpus: 1,
		programs: [p],
		nics: [{ mac: `52:54:00:00:00:0${i + 1}`, ...(ips && { ip: ips[i] }) }]
	}))
});
const IP = (host: number) => (0x0a000200 + host) >>> 0;

function run(s: HostSpec, budget = 200_000_000) {
	const text: string[] = s.vms.map(() => '');
	const host = buildHost(s, images, (vm, b) => (text[vm] += String.fromCharCode(b)));
	const why = host.machine.run(budget);
	return { ...host, text, why };
}

describe('VM networking through the virtual switch', () => {
	it('each VM gets an address by DHCP, pings the gateway and has its UDP echoed', () => {
		// beta has 10.0.2.15 reserved, so its udpclient uses the gateway's echo (not a udpserver VM).
		const r = run(spec(['ping', 'udpclient'], [IP(16), IP(15)]));
		expect(r.text[0]).toContain('DHCP gave 10.0.2.16/24');
		expect(r.text[1]).toContain('DHCP gave 10.0.2.15/24');
		expect(r.text[0]).toContain('ping: 4 packets transmitted, 4 received');
		expect(r.text[1]).toContain('udpclient: 4 of 4 echoed');
		const rep = switchReport(r.hv.s.net.switch, r.machine.cycles);
		expect(rep.ports.map((p) => p.port)).toEqual(['uplink', 'alpha', 'beta']);
		expect(rep.macs.map((m) => `${m.mac}@${m.port}`).sort()).toEqual([
			'52:54:00:00:00:01@alpha',
			'52:54:00:00:00:02@beta',
			'52:55:0a:00:02:02@uplink'
		]);
		// Every frame the VMs sent went through the switch: what alpha sent came in on its port.
		const alphaNic = r.hv.vmList[0].virtio.nets[0].counters();
		expect(rep.ports[1].framesIn).toBe(alphaNic.txFrames);
		expect(rep.ports[1].framesOut).toBe(alphaNic.rxFrames);
	});

	it('restoring a snapshot taken with frames in flight runs on to the same end', () => {
		const a = run(spec(['ping', 'ping']), 10_000_000);
		for (let i = 0; i < 2000 && !a.hv.s.net.switch.ports.some((p) => p.inFlight.length > 0); i++)
			a.machine.run(2_000);
		expect(a.hv.s.net.switch.ports.some((p) => p.inFlight.length > 0)).toBe(true);
		const snap = a.machine.snapshot();
		const textAt = [...a.text];
		a.machine.run(100_000_000);
		const first = { hv: JSON.stringify(a.hv.snapshot()), text: a.text.join('|') };
		a.machine.restore(snap);
		a.text.splice(0, a.text.length, ...textAt);
		a.machine.run(100_000_000);
		expect({ hv: JSON.stringify(a.hv.snapshot()), text: a.text.join('|') }).toEqual(first);
		expect(a.text.every((t) => t.includes('4 packets transmitted, 4 received'))).toBe(true);
	});

	it("a destroyed VM's port goes down and the switch forgets its address", () => {
		const r = run(spec(['ping', 'ping']), 30_000_000);
		r.hv.destroy(1);
		expect(r.hv.s.net.switch.ports[2].up).toBe(false);
		expect(r.hv.s.net.switch.macs.some((m) => m.port === 2)).toBe(false);
		r.machine.run(200_000_000);
		expect(r.text[0]).toContain('4 packets transmitted, 4 received');
	});
});

const hasTshark = spawnSync('tshark', ['--version']).status === 0;

describe('VM to VM', () => {
	const scenario = (file: string) => {
		const r = spawnSync('node', ['bin/vmscope.js', 'run', file, '--report'], { encoding: 'utf8' });
		return { status: r.status, out: r.stdout };
	};

	it('alpha and beta ping each other through the switch, every ping answered', () => {
		const r = scenario('content/lessons/05-a-network-inside-one-computer/two.yaml');
		expect(r.status).toBe(0);
		expect(r.out).toContain('[alpha] pingpeer: PING 10.0.2.16 from 10.0.2.15');
		expect(r.out).toMatch(/^\[alpha\] pingpeer: 8 of 8 replied/m);
		expect(r.out).toMatch(/^\[beta\] pingpeer: 8 of 8 replied/m);
	});

	it('beta sends UDP to udpserver in alpha and every datagram comes back', () => {
		const r = scenario('scenarios/udp-between-vms.yaml');
		expect(r.status).toBe(0);
		expect(r.out).toContain('[alpha] udpserver: echoed 4 datagrams');
		expect(r.out).toContain('[beta] udpclient: 4 of 4 echoed');
		// Both directions crossed the switch port to port: nothing went out of the uplink but DHCP and ARP.
		expect(r.out).toMatch(/^alpha +\d+ +\d+ +\d+ +\d+ +0 +-$/m);
	});
});

describe('vmscope run --report --pcap', () => {
	it('prints the switch table and writes a capture per port that tshark decodes', () => {
		const out = join(dir, 'pcap');
		const r = spawnSync(
			'node',
			['bin/vmscope.js', 'run', 'scenarios/ping-through-switch.yaml', '--report', '--pcap', out],
			{ encoding: 'utf8' }
		);
		expect(r.status).toBe(0);
		expect(r.stdout).toMatch(/^switch: 3 ports, 100 Mbit\/s, latency 5000 cycles, queue 64 frames$/m);
		expect(r.stdout).toMatch(/^mac table: 3 addresses$/m);
		if (!hasTshark) return;
		const t = spawnSync(
			'tshark',
			['-r', join(out, 'alpha.pcap'), '-T', 'fields', '-e', '_ws.col.Protocol', '-e', 'icmp.type'],
			{
				encoding: 'utf8'
			}
		);
		const lines = t.stdout.trim().split('\n');
		// Its own DHCP exchange and beta's: DHCP goes to the broadcast address, which the switch floods.
		expect(lines.filter((l) => l.startsWith('DHCP')).length).toBe(8);
		expect(lines.filter((l) => l === 'ICMP\t8').length).toBe(4);
		expect(lines.filter((l) => l === 'ICMP\t0').length).toBe(4);
		expect(lines.some((l) => l.startsWith('ARP'))).toBe(true);
	});
});

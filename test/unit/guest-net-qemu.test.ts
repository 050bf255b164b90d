/**
 * The teaching kernel's virtio-net driver and network stack against QEMU 7.2's virtio-net and slirp
 * (`-netdev user`, the reference), and the same boot on vmscope (`vmscope run --net user`, the NIC
 * cabled to the simulated outside host): ping's transcript must be the same on both, line for line,
 * with the round-trip times and tick counts blanked (they depend on each machine's timing).
 *
 * QEMU puts a `-device virtio-net-device` in the highest free slot (0x1000_8000); vmscope fills
 * slots from the lowest, so the comparison boot asks QEMU for bus=virtio-mmio-bus.0 (0x1000_1000).
 * A boot with the plain command line of the issue finds the card in the last slot instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBoot, comparable } from '../../src/lib/sim/guest/boot-checks';
import { patchBootPrograms } from '../../src/lib/sim/guest/boot-programs';
import { bootOnQemu, hasQemu, MINISBI, QEMU } from './qemu-guest';

if (!hasQemu) console.warn(`guest-net-qemu: ${QEMU} is not installed, the QEMU halves are skipped`);

const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));
const tmp = mkdtempSync(join(tmpdir(), 'vmscope-guest-net-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const NET = ['-global', 'virtio-mmio.force-legacy=false', '-netdev', 'user,id=n0'];

function onQemu(programs: string[], device = 'virtio-net-device,netdev=n0,bus=virtio-mmio-bus.0') {
	return bootOnQemu(patchBootPrograms(kernel, programs), tmp, MINISBI, [...NET, '-device', device]);
}

let n = 0;
function onVmscope(programs: string[], net: string[] = ['--net', 'user']) {
	const elf = join(tmp, `kernel-${n++}.elf`);
	writeFileSync(elf, patchBootPrograms(kernel, programs));
	const r = spawnSync('node', ['bin/vmscope.js', 'run', elf, ...net], { encoding: 'utf8' });
	return { status: r.status, out: r.stdout, err: r.stderr };
}

/** Round-trip times depend on the machine's timing: blank them. */
const blank = (out: string) =>
	comparable(out).map((l) => l.replace(/time=\d+ us/, 'time=N us').replace(/in \d+ us/, 'in N us'));

const PING_LINES = [
	'[kernel] net: virtio-net at 0x10001000, mac 52:54:00:12:34:56, link up',
	'[kernel] net: DHCP gave 10.0.2.15/24, router 10.0.2.2, dns 10.0.2.3',
	'ping: PING 10.0.2.2 from 10.0.2.15: 56 data bytes',
	'ping: 4 packets transmitted, 4 received',
	'[kernel] pid 1 (ping) exited with status 0',
	// Two DHCP messages, one ARP request and four echo requests; their answers.
	'[kernel] net: 7 frames sent, 7 received, 0 dropped'
];

describe('ping on vmscope (vmscope run --net user)', () => {
	it('DHCP from the outside host, then four echo replies from 10.0.2.2 with TTL 255', () => {
		const r = onVmscope(['ping']);
		expect(r.err).toBe('');
		expect(r.status).toBe(0);
		const problems = checkBoot(
			{ title: 'ping', programs: ['ping'], lines: PING_LINES, end: { started: 1, killed: 0 } },
			r.out
		);
		expect(problems).toEqual([]);
		for (let seq = 1; seq <= 4; seq++)
			expect(r.out).toMatch(
				new RegExp(`^ping: 64 bytes from 10\\.0\\.2\\.2: icmp_seq=${seq} ttl=255 time=\\d+ us$`, 'm')
			);
	});

	it('a MAC from the command line is the card’s; --stats counts the link’s frames', () => {
		const r = onVmscope(['ping'], ['--net', 'user,mac=52:54:00:ab:cd:ef', '--stats']);
		expect(r.out).toContain('mac 52:54:00:ab:cd:ef, link up');
		expect(r.err).toContain('virtio0 (52:54:00:ab:cd:ef): 7 frames sent, 7 delivered, 0 dropped');
		expect(r.out).toContain('ping: 4 packets transmitted, 4 received');
	});

	it('udpclient: four datagrams echoed by the outside host’s UDP echo service', () => {
		const r = onVmscope(['udpclient']);
		expect(r.status).toBe(0);
		// Its own address is the first lease (10.0.2.15), so the server is the gateway's echo.
		expect(r.out).toContain('udpclient: echoing off 10.0.2.2:7');
		expect(r.out).toContain('udpclient: "echo request 4" came back from 10.0.2.2:7 in');
		expect(r.out).toContain('udpclient: 4 of 4 echoed');
	});

	it('a process waiting in recvfrom is off the CPU: spin runs to its end before udpserver gives up', () => {
		const r = onVmscope(['udpserver', 'spin']);
		expect(r.status).toBe(0);
		const lines = r.out.split('\n');
		const spun = lines.findIndex((l) => l.startsWith('spin: pid 2 round 5/5'));
		const gaveUp = lines.indexOf('udpserver: nothing for 2 s, stopping');
		expect(spun).toBeGreaterThan(0);
		expect(gaveUp).toBeGreaterThan(spun);
		// Its 2 s (200 ticks) timeout counted on the timer, which kept ticking meanwhile.
		expect(r.out).toMatch(/all processes exited after 20\d ticks/);
	});

	it('ping without a card says so, and the kernel prints nothing about networking', () => {
		const r = onVmscope(['ping'], []);
		expect(r.out).toContain('ping: no network card');
		expect(r.out).not.toContain('[kernel] net:');
	});
});

describe.skipIf(!hasQemu)(`ping on ${QEMU} -netdev user (slirp), against vmscope`, () => {
	it('the same transcript on both, round-trip times blanked', () => {
		const q = onQemu(['ping']);
		expect(q.status).toBe(0);
		expect(
			checkBoot(
				{ title: 'ping', programs: ['ping'], lines: PING_LINES, end: { started: 1, killed: 0 } },
				q.out
			)
		).toEqual([]);
		const v = onVmscope(['ping']);
		expect(blank(v.out)).toEqual(blank(q.out));
	});

	it('the issue’s command line (no bus=): the card is found in the last slot, 0x1000_8000', () => {
		const q = onQemu(['ping'], 'virtio-net-device,netdev=n0');
		expect(q.out).toContain('[kernel] net: virtio-net at 0x10008000, mac 52:54:00:12:34:56, link up');
		expect(q.out).toContain('ping: 4 packets transmitted, 4 received');
	});

	it('a disk and a card together: the disk in slot 0, the card after it, on both', () => {
		const img = join(tmp, 'disk.img');
		writeFileSync(img, new Uint8Array(4096 * 512));
		const q = bootOnQemu(patchBootPrograms(kernel, ['ping']), tmp, MINISBI, [
			...NET,
			...['-drive', `file=${img},if=none,format=raw,id=d0`],
			...['-device', 'virtio-blk-device,drive=d0,bus=virtio-mmio-bus.0'],
			...['-device', 'virtio-net-device,netdev=n0,bus=virtio-mmio-bus.1']
		]);
		const v = onVmscope(['ping'], ['--disk', img, '--net', 'user']);
		expect(q.out).toContain('[kernel] net: virtio-net at 0x10002000');
		expect(blank(v.out)).toEqual(blank(q.out));
	});
});

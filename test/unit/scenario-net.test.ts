/** The scenario's network fields: host.switch and vms[].nics, their defaults and their errors. */
import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from '../../src/lib/sim/scenario';
import { defaultMac } from '../../src/lib/sim/scenario/mac';
import { formatRate, parseDuration, parseRate } from '../../src/lib/sim/scenario/rates';

const head = (host: string) => `name: t\nhost:\n  ram: 64 MiB\n${host}vms:\n`;
const VM = (name: string, extra: string) =>
	`  - name: ${name}\n    image: k.elf\n    memory: 16 MiB\n${extra}`;

function problems(text: string): string[] {
	try {
		parseScenario(text);
	} catch (e) {
		if (e instanceof ScenarioError) return e.problems.map((p) => `${p.path}: ${p.message}`);
		throw e;
	}
	throw new Error('the scenario parsed');
}

describe('scenario network', () => {
	it('parses the issue example: rates in bits per second, durations in nanoseconds', () => {
		const s = parseScenario(
			head('  switch: { bandwidth: 100 Mbit/s, latency: 50 us, queue: 64 }\n') +
				VM('alpha', '    nics: [{ mac: "52:54:00:00:00:01" }]\n') +
				VM('beta', '    nics: [{}]\n')
		);
		expect(s.host.switch).toEqual({ bandwidth: 100e6, latency: 50_000, queue: 64, ageing: 300e9 });
		expect(s.vms[0].nics).toEqual([{ mac: '52:54:00:00:00:01' }]);
		expect(s.vms[1].nics).toEqual([{ mac: defaultMac('beta', 0) }]);
		expect(defaultMac('beta', 0)).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
		expect(defaultMac('beta', 0)).not.toBe(defaultMac('beta', 1));
	});

	it('leaves a scenario without a network as it was', () => {
		const s = parseScenario(head('') + VM('a', ''));
		expect(s.host).toEqual({ harts: 1, ram: 64 << 20 });
		expect('nics' in s.vms[0]).toBe(false);
	});

	it('says what is wrong with a rate, a duration, a MAC, a clash and too many devices', () => {
		expect(
			problems(
				head('  switch: { bandwidth: 100 MB/s, latency: 5 minutes, queue: 0 }\n') +
					VM('a', '    nics: [{ mac: "01:00:5e:00:00:01" }, { mac: "52:54:00:00:00:0G" }]\n') +
					VM('b', '    nics: [{ mac: "52:54:00:00:00:02" }]\n') +
					VM('c', '    nics: [{ mac: "52:54:00:00:00:02" }]\n')
			)
		).toEqual([
			"host.switch.bandwidth: '100 MB/s' is not a link speed: write a number and bit/s, kbit/s, Mbit/s or Gbit/s, like '100 Mbit/s'",
			"host.switch.latency: '5 minutes' is not a duration: write a number and ns, us, ms or s, like '50 us'",
			'host.switch.queue: expected a whole number from 1 to 4096, got 0',
			"vms[0].nics[0].mac: 01:00:5e:00:00:01 is a group (multicast) address: a NIC's own address must be unicast (first octet even)",
			"vms[0].nics[1].mac: '52:54:00:00:00:0G' is not a MAC address: write six hex octets with colons, like 52:54:00:12:34:56 (lower case)",
			'vms[2].nics[0].mac: 52:54:00:00:00:02 is also the address of vms[1].nics[0]'
		]);
		const disks = Array.from(
			{ length: 6 },
			(_, i) => `      - { kind: minidisk, on: d0, size: 1 MiB, serial: s${i} }\n`
		).join('');
		expect(
			problems(
				head('  disks: [{ name: d0, size: 8 MiB }]\n') +
					VM('a', `    disks:\n${disks}    nics: [{}, {}, {}]\n`)
			)
		).toEqual([
			'vms[0].nics: 6 virtio disks and 3 network cards need more than the 8 virtio-mmio slots a VM has'
		]);
	});

	it('reads rates and durations exactly, and refuses what is not whole', () => {
		expect(parseRate('1.5 Mbit/s')).toBe(1_500_000);
		expect(parseRate('10 Gbit/s')).toBe(10e9);
		expect(parseRate(9600)).toBe(9600);
		expect(() => parseRate('0.5 bit/s')).toThrow('not a whole number');
		expect(formatRate(100e6)).toBe('100 Mbit/s');
		expect(parseDuration('2.5 ms')).toBe(2_500_000);
		expect(parseDuration('50 µs')).toBe(50_000);
		expect(parseDuration('0')).toBe(0);
		expect(() => parseDuration('1.5 ns')).toThrow('not a whole number of nanoseconds');
	});
});

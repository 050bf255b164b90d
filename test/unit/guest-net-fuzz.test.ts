/**
 * The guest network stack's receive path, fuzzed: the teaching kernel boots ping on vmscope's bare
 * machine with a NIC, and frames fast-check makes (random bytes, and frames valid down to some
 * layer with garbage below it: ARP, IPv4 with odd lengths, ICMP, UDP to the DHCP client, to closed
 * ports) arrive on the wire at random cycles among the real traffic. Whatever arrives, the kernel
 * must neither panic nor hang, and must end with its summary having given back every page it took.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import './fast-check-seed';
import { parseSummary, transcriptLines } from '../../src/lib/sim/guest/boot-checks';
import { patchBootPrograms } from '../../src/lib/sim/guest/boot-programs';
import { loadElf } from '../../src/lib/sim/isa/elf';
import { Machine } from '../../src/lib/sim/machine/machine';
import {
	buildEthernet,
	buildIcmp,
	buildIpv4,
	buildUdp,
	ETHERTYPE_ARP,
	ETHERTYPE_IPV4
} from '../../src/lib/sim/net/frame';
import { GATEWAY_MAC } from '../../src/lib/sim/net/outside-host';

const kernel = patchBootPrograms(new Uint8Array(readFileSync('static/guest/kernel.elf')), ['ping']);
const GUEST_MAC = '52:54:00:12:34:56';
const GUEST = 0x0a00020f;
const GW = 0x0a000202;
const BUDGET = 300_000_000;
const FREE_AT_BOOT = /^\[kernel\] paging on \(satp 0x[0-9a-f]{8}\), (\d+) free pages of 4 KiB$/;

const bytes = (max: number) => fc.uint8Array({ maxLength: max });
const dstMac = fc.constantFrom(GUEST_MAC, 'ff:ff:ff:ff:ff:ff');

const frame: fc.Arbitrary<Uint8Array> = fc.oneof(
	// Anything at all, addressed so that it passes the MAC filter.
	fc
		.tuple(dstMac, bytes(1500))
		.map(([d, b]) => buildEthernet(d, GATEWAY_MAC, b.length >= 2 ? (b[0] << 8) | b[1] : 0x0800, b)),
	// ARP with random contents (lengths, operations, addresses).
	fc.tuple(dstMac, bytes(64)).map(([d, b]) => buildEthernet(d, GATEWAY_MAC, ETHERTYPE_ARP, b)),
	// IPv4 with a good header checksum and a random protocol and payload.
	fc
		.tuple(
			dstMac,
			fc.constantFrom(1, 17, 6, 0, 255),
			bytes(1400),
			fc.constantFrom(GUEST, 0xffffffff, 0x0a0002ff)
		)
		.map(([d, proto, p, dst]) =>
			buildEthernet(d, GATEWAY_MAC, ETHERTYPE_IPV4, buildIpv4({ src: GW, dst, protocol: proto }, p))
		),
	// IPv4 headers with their length fields damaged after the checksum was made.
	fc.tuple(bytes(200), fc.nat(255), fc.nat(0xffff)).map(([p, ihl, total]) => {
		const ip = buildIpv4({ src: GW, dst: GUEST, protocol: 17 }, p);
		ip[0] = 0x40 | (ihl & 15);
		ip[2] = total >> 8;
		ip[3] = total & 255;
		return buildEthernet(GUEST_MAC, GATEWAY_MAC, ETHERTYPE_IPV4, ip);
	}),
	// Echo requests the kernel must answer, with any data.
	fc
		.tuple(fc.nat(0xffff), bytes(1400))
		.map(([seq, data]) =>
			buildEthernet(
				GUEST_MAC,
				GATEWAY_MAC,
				ETHERTYPE_IPV4,
				buildIpv4(
					{ src: GW, dst: GUEST, protocol: 1 },
					buildIcmp({ type: 8, code: 0, id: 1, seq, data })
				)
			)
		),
	// Valid UDP to the DHCP client's port, to ping's (none) and elsewhere, with garbage inside.
	fc
		.tuple(fc.constantFrom(68, 7, 49152, 1234), bytes(1400))
		.map(([port, payload]) =>
			buildEthernet(
				'ff:ff:ff:ff:ff:ff',
				GATEWAY_MAC,
				ETHERTYPE_IPV4,
				buildIpv4(
					{ src: GW, dst: 0xffffffff, protocol: 17 },
					buildUdp(GW, 0xffffffff, { srcPort: 67, dstPort: port, payload })
				)
			)
		)
);

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('the guest stack under random frames (vmscope, ping with a NIC)', () => {
	it('never panics or hangs, and gives back every page', () => {
		let injected = 0;
		fc.assert(
			fc.property(
				fc.array(fc.tuple(frame, fc.nat(40_000_000)), { minLength: 1, maxLength: 40 }),
				(arrivals) => {
					const m = new Machine({ nics: [{ backend: 'user' }] });
					m.load(loadElf(kernel));
					for (const [f, at] of arrivals) m.events.schedule(at, 'virtio0.rx', hex(f));
					const why = m.run(BUDGET);
					const out = m.consoleText();
					expect(why, out).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
					expect(out).not.toContain('PANIC');
					const summary = parseSummary(out);
					expect(summary, out).toBeDefined();
					const free = Number(
						transcriptLines(out)
							.map((l) => FREE_AT_BOOT.exec(l)?.[1])
							.find((x) => x !== undefined)
					);
					expect(summary!.free).toBe(free);
					expect(out).toContain('ping: 4 packets transmitted');
					// The outside host's seven answers, and the fuzzer's frames that found a buffer.
					injected += m.nets[0].counters().delivered - 7;
				}
			),
			{ numRuns: 30 }
		);
		// Many frames reach the kernel; the rest come before its driver is up, after it is gone, or
		// while its eight receive buffers are full between two ticks.
		expect(injected).toBeGreaterThan(50);
	}, 120_000);
});

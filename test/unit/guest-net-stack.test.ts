/**
 * The guest stack as a host on the network sees it: the teaching kernel boots udpserver on vmscope
 * with a NIC, and frames from "outside" arrive on its link once DHCP is done: an ARP request for
 * 10.0.2.15, an echo request, a UDP datagram to port 7. The link's observers catch what the guest
 * sends back, decoded with frame.ts: an ARP reply (RFC 826), an echo reply with the same id, seq
 * and data (RFC 792), and the datagram echoed by udpserver from port 7 (RFC 768 checksum valid).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { patchBootPrograms } from '../../src/lib/sim/guest/boot-programs';
import { loadElf } from '../../src/lib/sim/isa/elf';
import { Machine } from '../../src/lib/sim/machine/machine';
import {
	buildArp,
	buildEthernet,
	buildIcmp,
	buildIpv4,
	buildUdp,
	decodeFrame,
	ETHERTYPE_ARP,
	ETHERTYPE_IPV4,
	type DecodedFrame
} from '../../src/lib/sim/net/frame';
import { GATEWAY_MAC } from '../../src/lib/sim/net/outside-host';

const kernel = patchBootPrograms(new Uint8Array(readFileSync('static/guest/kernel.elf')), ['udpserver']);
const GUEST_MAC = '52:54:00:12:34:56';
const GUEST = 0x0a00020f;
const GW = 0x0a000202;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** 100 ms into the boot: DHCP is long over, udpserver waits (2 s) for datagrams. */
const AT = 10_000_000;

describe('the guest stack answers the network (vmscope, udpserver with a NIC)', () => {
	it('ARP for its address, ping, and a datagram to udpserver, each answered correctly', () => {
		const m = new Machine({ nics: [{ backend: 'user' }] });
		m.load(loadElf(kernel));
		const sent: DecodedFrame[] = [];
		m.nets[0].hooks.frame.add((what, f) => {
			if (what === 'sent') sent.push(decodeFrame(f.slice()));
		});
		const arp = buildArp({
			op: 1,
			senderMac: GATEWAY_MAC,
			senderIp: GW,
			targetMac: '00:00:00:00:00:00',
			targetIp: GUEST
		});
		m.events.schedule(
			AT,
			'virtio0.rx',
			hex(buildEthernet('ff:ff:ff:ff:ff:ff', GATEWAY_MAC, ETHERTYPE_ARP, arp))
		);
		const data = Uint8Array.from({ length: 100 }, (_, i) => 255 - i);
		const icmp = buildIcmp({ type: 8, code: 0, id: 0x5151, seq: 9, data });
		const ping = buildIpv4({ src: GW, dst: GUEST, protocol: 1, id: 1 }, icmp);
		m.events.schedule(
			AT + 1_000_000,
			'virtio0.rx',
			hex(buildEthernet(GUEST_MAC, GATEWAY_MAC, ETHERTYPE_IPV4, ping))
		);
		const msg = new TextEncoder().encode('hello, server');
		const udp = buildIpv4(
			{ src: GW, dst: GUEST, protocol: 17, id: 2 },
			buildUdp(GW, GUEST, { srcPort: 5000, dstPort: 7, payload: msg })
		);
		m.events.schedule(
			AT + 2_000_000,
			'virtio0.rx',
			hex(buildEthernet(GUEST_MAC, GATEWAY_MAC, ETHERTYPE_IPV4, udp))
		);

		const why = m.run(300_000_000);
		const out = m.consoleText();
		expect(why, out).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
		expect(out).toContain('udpserver: 13 bytes from 10.0.2.2:5000, echoed');

		const after = sent.filter((d) => !d.dhcp); // the boot's DHCP messages came first
		expect(after.every((d) => d.error === undefined)).toBe(true);
		expect(after[0].eth).toMatchObject({ dst: GATEWAY_MAC, src: GUEST_MAC });
		expect(after[0].arp).toEqual({
			op: 2,
			senderMac: GUEST_MAC,
			senderIp: GUEST,
			targetMac: GATEWAY_MAC,
			targetIp: GW
		});
		expect(after[1].ip).toMatchObject({ src: GUEST, dst: GW, protocol: 1, ttl: 64 });
		expect(after[1].icmp).toEqual({ type: 0, code: 0, id: 0x5151, seq: 9, data });
		// The reply to udpserver's datagram needs no ARP: the gateway's MAC came with its request.
		expect(after[2].eth?.dst).toBe(GATEWAY_MAC);
		expect(after[2].udp).toEqual({ srcPort: 7, dstPort: 5000, payload: msg });
		expect(after).toHaveLength(3);
	});

	it('a snapshot taken while ping runs restores into a fresh machine and ends the same', () => {
		const image = loadElf(
			patchBootPrograms(new Uint8Array(readFileSync('static/guest/kernel.elf')), ['ping'])
		);
		const whole = new Machine({ nics: [{ backend: 'user' }] });
		whole.load(image);
		whole.run(300_000_000);
		const a = new Machine({ nics: [{ backend: 'user' }] });
		a.load(image);
		expect(whole.instret).toBeGreaterThan(6_000_000);
		const pending = () => a.events.pending().some((e) => e.kind === 'virtio0.rx');
		const check = () => {
			const snap = structuredClone(a.snapshot());
			const b = new Machine({ nics: [{ backend: 'user' }] });
			b.load(image);
			b.restore(snap);
			b.run(300_000_000);
			expect(a.consoleText() + b.consoleText()).toBe(whole.consoleText());
			expect(b.cycles).toBe(whole.cycles);
			expect(b.nets[0].counters()).toEqual(whole.nets[0].counters());
		};
		// Found, not hard-coded, so a change to the kernel does not move them: the first moment an
		// answer is on its way (DHCP's), the next one after it arrived (ARP's or the first ping's),
		// and a moment with nothing in flight while ping sleeps between two requests.
		let answers = 0;
		for (let n = 0; n < 40_000 && answers < 2; n++) {
			a.run(250);
			if (!pending()) continue;
			check();
			answers++;
			while (pending()) a.run(250);
		}
		expect(answers).toBe(2);
		a.run(2_000_000);
		expect(pending()).toBe(false);
		check();
	});
});

/**
 * pcap files as Wireshark reads them: an ARP request and a UDP datagram, built by hand here, written
 * by PcapWriter at machine cycles and decoded by tshark (Debian's `tshark`; skipped with a reason
 * when it is not installed): the fields and the nanosecond timestamps come back as written.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PcapWriter } from '../../src/lib/sim/net/pcap';

const hasTshark = spawnSync('tshark', ['--version']).status === 0;
if (!hasTshark) console.warn('net-pcap: tshark is not installed, the decoding checks are skipped');
const dir = mkdtempSync(join(tmpdir(), 'vmscope-pcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (hex: string) => Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));

// RFC 826: who has 10.0.2.2? tell 10.0.2.15, from 52:54:00:12:34:56, broadcast.
const ARP =
	'ffffffffffff' +
	'525400123456' +
	'0806' +
	'0001' +
	'0800' +
	'06' +
	'04' +
	'0001' +
	'525400123456' +
	'0a00020f' +
	'000000000000' +
	'0a000202' +
	'00'.repeat(18);

function udp(): Uint8Array {
	// RFC 791/768: 10.0.2.15:4000 -> 10.0.2.2:40007 (no dissector claims it, so tshark shows the data), payload "hello"; checksums left 0 (UDP allows it).
	const payload = '68656c6c6f';
	const udpLen = 8 + 5;
	const ipLen = 20 + udpLen;
	const ip = bytes(
		'45' +
			'00' +
			ipLen.toString(16).padStart(4, '0') +
			'0001' +
			'0000' +
			'40' +
			'11' +
			'0000' +
			'0a00020f' +
			'0a000202'
	);
	let sum = 0;
	for (let i = 0; i < 20; i += 2) sum += (ip[i] << 8) | ip[i + 1];
	while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
	ip[10] = (~sum >>> 8) & 0xff;
	ip[11] = ~sum & 0xff;
	const head = bytes('525500' + '0a0202' + '525400123456' + '0800');
	const u = bytes('0fa0' + '9c47' + udpLen.toString(16).padStart(4, '0') + '0000' + payload);
	return Uint8Array.from([...head, ...ip, ...u]);
}

describe.skipIf(!hasTshark)('pcap files', () => {
	it('tshark decodes an ARP request and a UDP datagram at the cycles they were seen', () => {
		const w = new PcapWriter(100_000_000);
		w.add(150_000_123, bytes(ARP));
		w.add(250_000_000, udp());
		const file = join(dir, 'port.pcap');
		writeFileSync(file, w.bytes());
		const fields = [
			'frame.time_epoch',
			'eth.src',
			'arp.opcode',
			'arp.dst.proto_ipv4',
			'ip.src',
			'ip.dst',
			'udp.dstport',
			'data.data'
		];
		const r = spawnSync('tshark', ['-r', file, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])], {
			encoding: 'utf8'
		});
		// tshark warns when run as root (CI runs as root); anything else on stderr is a failure.
		expect(r.stderr.replace(/^Running as user .*\n+/m, '')).toBe('');
		const [arp, dgram] = r.stdout
			.trim()
			.split('\n')
			.map((l) => l.split('\t'));
		// 150,000,123 cycles at 100 MHz: 1.50000123 s.
		expect(arp.slice(0, 4)).toEqual(['1.500001230', '52:54:00:12:34:56', '1', '10.0.2.2']);
		expect(dgram.slice(0, 2)).toEqual(['2.500000000', '52:54:00:12:34:56']);
		expect(dgram.slice(4)).toEqual(['10.0.2.15', '10.0.2.2', '40007', '68656c6c6f']);
		expect(w.count).toBe(2);
	});
});

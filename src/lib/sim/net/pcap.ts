/**
 * Packet capture files in the classic pcap format (the format libpcap, tcpdump and Wireshark read:
 * https://www.ietf.org/archive/id/draft-gharris-opsawg-pcap-01.html), little-endian, with nanosecond
 * timestamps (magic 0xa1b23c4d, §4) so a frame's time is its machine cycle exactly at 100 MHz, and
 * link type 1 (LINKTYPE_ETHERNET): each record is one Ethernet frame without its FCS.
 */

const MAGIC_NS = 0xa1b23c4d;
const LINKTYPE_ETHERNET = 1;
const SNAPLEN = 65535;
const HEADER = 24;
const RECORD = 16;

export class PcapWriter {
	private chunks: Uint8Array[] = [];
	private size = 0;
	/** Frames written. */
	count = 0;

	/** `hz`: the clock the cycles count, to turn them into seconds and nanoseconds. */
	constructor(private readonly hz: number) {
		const h = new Uint8Array(HEADER);
		const v = new DataView(h.buffer);
		v.setUint32(0, MAGIC_NS, true);
		v.setUint16(4, 2, true); // version 2.4 (§4)
		v.setUint16(6, 4, true);
		v.setUint32(16, SNAPLEN, true);
		v.setUint32(20, LINKTYPE_ETHERNET, true);
		this.push(h);
	}

	/** One frame seen at machine cycle `cycle`. */
	add(cycle: number, frame: Uint8Array): void {
		const r = new Uint8Array(RECORD);
		const v = new DataView(r.buffer);
		const seconds = Math.floor(cycle / this.hz);
		const nanos = Math.floor(((cycle - seconds * this.hz) * 1e9) / this.hz);
		const kept = Math.min(frame.length, SNAPLEN);
		v.setUint32(0, seconds, true);
		v.setUint32(4, nanos, true);
		v.setUint32(8, kept, true);
		v.setUint32(12, frame.length, true);
		this.push(r);
		this.push(frame.slice(0, kept));
		this.count++;
	}

	/** The whole file so far. */
	bytes(): Uint8Array {
		const out = new Uint8Array(this.size);
		let at = 0;
		for (const c of this.chunks) {
			out.set(c, at);
			at += c.length;
		}
		return out;
	}

	private push(b: Uint8Array): void {
		this.chunks.push(b);
		this.size += b.length;
	}
}

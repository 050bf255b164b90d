/**
 * The device side of a split virtqueue (virtio 1.2 §2.7): take the next available descriptor chain as
 * readable and writable segments, give a used element back, and decide whether the driver wants an
 * interrupt for it (VIRTIO_F_EVENT_IDX or the avail ring's NO_INTERRUPT flag).
 *
 * Every ring and descriptor access goes through a DmaPort, so the queue never reaches into RAM and a
 * hypervisor can give it a guest-physical view. Anything malformed (a ring outside memory, a head or
 * next index past the queue, a loop, an indirect table inside an indirect table, a readable
 * descriptor after a writable one) is a driver error: pop() answers 'error' and the transport sets
 * DEVICE_NEEDS_RESET (§2.1.2). A walk visits at most `num` descriptors (§2.7.5.3.1: a chain is no
 * longer than the queue), or the indirect table's length, so no table makes it loop. It never throws.
 */
import type { DmaPort } from '../device';

/** A queue's registers and the device's private ring indices, as plain data. */
export interface QueueState {
	/** QueueNum: the size the driver chose (a power of two up to QueueNumMax). */
	num: number;
	ready: boolean;
	/** Guest-physical addresses as low/high words (RV32: a non-zero high word is outside memory). */
	desc: [number, number];
	driver: [number, number];
	device: [number, number];
	/** The next avail ring index the device will take. */
	lastAvail: number;
	/** The used ring's idx as the device last wrote it. */
	usedIdx: number;
}

export function emptyQueue(numMax: number): QueueState {
	return {
		num: numMax,
		ready: false,
		desc: [0, 0],
		driver: [0, 0],
		device: [0, 0],
		lastAvail: 0,
		usedIdx: 0
	};
}

/** A buffer segment of a chain: guest-physical address and length. */
export interface Segment {
	addr: number;
	len: number;
}

/** An available descriptor chain: its head (the used element's id) and its buffers in order. */
export interface Chain {
	head: number;
	readable: Segment[];
	writable: Segment[];
}

/** The features a queue honours once negotiated. */
export interface QueueFeatures {
	indirect: boolean;
	eventIdx: boolean;
}

const DESC_SIZE = 16;
// §2.7.5 struct virtq_desc flags
export const VIRTQ_DESC_F_NEXT = 1;
export const VIRTQ_DESC_F_WRITE = 2;
export const VIRTQ_DESC_F_INDIRECT = 4;
// §2.7.6 / §2.7.7
const VIRTQ_AVAIL_F_NO_INTERRUPT = 1;

/** An address held as low/high words, or -1 when it does not fit in 32 bits. */
export function addr32(a: readonly [number, number]): number {
	return a[1] === 0 ? a[0] >>> 0 : -1;
}

function readU16(dma: DmaPort, addr: number): number | undefined {
	if (addr < 0) return undefined;
	const b = dma.read(addr, 2);
	return b && b[0] | (b[1] << 8);
}

function writeU16(dma: DmaPort, addr: number, v: number): boolean {
	return addr >= 0 && dma.write(addr, Uint8Array.of(v & 0xff, (v >>> 8) & 0xff));
}

function readDesc(dma: DmaPort, table: number, i: number) {
	const b = table < 0 ? undefined : dma.read(table + i * DESC_SIZE, DESC_SIZE);
	if (!b) return undefined;
	const v = new DataView(b.buffer, b.byteOffset, DESC_SIZE);
	const hi = v.getUint32(4, true);
	return {
		addr: hi === 0 ? v.getUint32(0, true) : -1,
		len: v.getUint32(8, true),
		flags: v.getUint16(12, true),
		next: v.getUint16(14, true)
	};
}

/** The next available chain, 'empty' when the driver has made none available, 'error' on bad rings. */
export function popChain(dma: DmaPort, q: QueueState, f: QueueFeatures): Chain | 'empty' | 'error' {
	const driver = addr32(q.driver);
	const availIdx = readU16(dma, driver + 2);
	if (availIdx === undefined) return 'error';
	const pending = (availIdx - q.lastAvail) & 0xffff;
	if (pending === 0) return 'empty';
	// §2.7.13.3: the driver never has more than num buffers outstanding; more is a corrupt idx.
	if (pending > q.num) return 'error';
	const head = readU16(dma, driver + 4 + 2 * (q.lastAvail % q.num));
	if (head === undefined || head >= q.num) return 'error';
	q.lastAvail = (q.lastAvail + 1) & 0xffff;
	// §2.7.10: avail_event tells the driver which idx to notify at; we ask for the very next one.
	if (f.eventIdx && !writeU16(dma, addr32(q.device) + 4 + 8 * q.num, q.lastAvail)) return 'error';
	return walkChain(dma, q, f, head);
}

function walkChain(dma: DmaPort, q: QueueState, f: QueueFeatures, head: number): Chain | 'error' {
	const chain: Chain = { head, readable: [], writable: [] };
	let table = addr32(q.desc);
	let size = q.num;
	let i = head;
	let indirect = false;
	// §2.7.5.3.1: a chain holds at most num descriptors (an indirect table: len/16); more is a loop.
	for (let seen = 0; ; seen++) {
		if (seen >= size || i >= size) return 'error';
		const d = readDesc(dma, table, i);
		if (!d) return 'error';
		if (d.flags & VIRTQ_DESC_F_INDIRECT) {
			// §2.7.5.3.1: no INDIRECT inside an indirect table, nor with NEXT; len a whole number of entries.
			if (!f.indirect || indirect || d.flags & VIRTQ_DESC_F_NEXT) return 'error';
			if (d.len === 0 || d.len % DESC_SIZE !== 0 || d.addr < 0) return 'error';
			[table, size, i, seen, indirect] = [d.addr, d.len / DESC_SIZE, 0, -1, true];
			continue;
		}
		if (d.flags & VIRTQ_DESC_F_WRITE) chain.writable.push({ addr: d.addr, len: d.len });
		// §2.7.4.2: device-readable descriptors come before device-writable ones.
		else if (chain.writable.length > 0) return 'error';
		else chain.readable.push({ addr: d.addr, len: d.len });
		if (!(d.flags & VIRTQ_DESC_F_NEXT)) return chain;
		i = d.next;
	}
}

/**
 * Put chain `head` in the used ring with `len` bytes written (§2.7.8). Returns whether the driver
 * wants an interrupt for it (§2.7.7, §2.7.10), or 'error' when the ring is not memory.
 */
export function pushUsed(
	dma: DmaPort,
	q: QueueState,
	f: QueueFeatures,
	head: number,
	len: number
): boolean | 'error' {
	const device = addr32(q.device);
	if (device < 0) return 'error';
	const elem = new Uint8Array(8);
	const v = new DataView(elem.buffer);
	v.setUint32(0, head, true);
	v.setUint32(4, len >>> 0, true);
	if (!dma.write(device + 4 + 8 * (q.usedIdx % q.num), elem)) return 'error';
	const old = q.usedIdx;
	q.usedIdx = (q.usedIdx + 1) & 0xffff;
	if (!writeU16(dma, device + 2, q.usedIdx)) return 'error';
	const driver = addr32(q.driver);
	if (f.eventIdx) {
		const usedEvent = readU16(dma, driver + 4 + 2 * q.num);
		if (usedEvent === undefined) return 'error';
		return needEvent(usedEvent, q.usedIdx, old);
	}
	const flags = readU16(dma, driver);
	if (flags === undefined) return 'error';
	return (flags & VIRTQ_AVAIL_F_NO_INTERRUPT) === 0;
}

/** §2.7.10 vring_need_event: has idx passed event in moving from old to now? (16-bit arithmetic) */
export function needEvent(event: number, now: number, old: number): boolean {
	return ((now - event - 1) & 0xffff) < ((now - old) & 0xffff);
}

/** Total bytes of segments. */
export function totalLength(segs: readonly Segment[]): number {
	let n = 0;
	for (const s of segs) n += s.len;
	return n;
}

/** Gather `length` bytes from offset `at` of segments; undefined when short or not memory. */
export function gather(
	dma: DmaPort,
	segs: readonly Segment[],
	at: number,
	length: number
): Uint8Array | undefined {
	const out = new Uint8Array(length);
	let done = 0;
	for (const s of segs) {
		if (done === length) break;
		if (at >= s.len) {
			at -= s.len;
			continue;
		}
		const n = Math.min(s.len - at, length - done);
		const b = s.addr < 0 ? undefined : dma.read(s.addr + at, n);
		if (!b) return undefined;
		out.set(b, done);
		done += n;
		at = 0;
	}
	return done === length ? out : undefined;
}

/** Scatter bytes into segments from offset `at`; false when short or not memory. */
export function scatter(dma: DmaPort, segs: readonly Segment[], at: number, bytes: Uint8Array): boolean {
	let done = 0;
	for (const s of segs) {
		if (done === bytes.length) break;
		if (at >= s.len) {
			at -= s.len;
			continue;
		}
		const n = Math.min(s.len - at, bytes.length - done);
		if (s.addr < 0 || !dma.write(s.addr + at, bytes.subarray(done, done + n))) return false;
		done += n;
		at = 0;
	}
	return done === bytes.length;
}

/**
 * virtio-blk (virtio 1.2 §5.2) over a BlockStore (a disk image, or a VM's virtual disk): one request queue; IN, OUT, FLUSH, GET_ID and
 * DISCARD; capacity and blk_size in config space. A request is taken from the queue when the driver
 * notifies, and completes as an event on the machine's queue at the cycle the BlockTiming model
 * says: only then are the bytes moved, the status written and the used element pushed, so the
 * driver sees a request finish when the disk would have finished it. Requests in flight are plain
 * data in the snapshot (their chains' segments), their events are in the event queue's.
 *
 * A request the device cannot make sense of completes with a status (§5.2.6): IOERR for a bad
 * header, a range past the end, a buffer outside memory or a write to a read-only disk; UNSUPP for
 * an unknown type. A chain with no status byte to write cannot be answered at all: the device
 * then needs a reset (§2.1.2).
 */
import type { AccessSize, DeviceHost } from '../device';
import type { EventPayload } from '../../machine/events';
import { fixedTiming, type BlockOp, type BlockQueuePort, type BlockTiming } from './blk-timing';
import type { BlockStore } from './block-store';
import type { VirtioBackend, VirtioQueues } from './mmio';
import { gather, scatter, totalLength, type Segment } from './virtqueue';

export const VIRTIO_ID_BLOCK = 2;
// §5.2.3 feature bits
export const VIRTIO_BLK_F_SIZE_MAX = 1;
export const VIRTIO_BLK_F_SEG_MAX = 2;
export const VIRTIO_BLK_F_RO = 5;
export const VIRTIO_BLK_F_BLK_SIZE = 6;
export const VIRTIO_BLK_F_FLUSH = 9;
export const VIRTIO_BLK_F_DISCARD = 13;
// §5.2.6 request types and status
export const VIRTIO_BLK_T_IN = 0;
export const VIRTIO_BLK_T_OUT = 1;
export const VIRTIO_BLK_T_FLUSH = 4;
export const VIRTIO_BLK_T_GET_ID = 8;
export const VIRTIO_BLK_T_DISCARD = 11;
export const VIRTIO_BLK_S_OK = 0;
export const VIRTIO_BLK_S_IOERR = 1;
export const VIRTIO_BLK_S_UNSUPP = 2;
/** §5.2.6: GET_ID answers a serial of up to 20 bytes, NUL-padded. */
export const VIRTIO_BLK_ID_BYTES = 20;

const SECTOR = 512;
const HEADER = 16;
const QUEUE_SIZE = 256;
const SEG_MAX = 128;
const SIZE_MAX = 1 << 20;
const DISCARD_MAX_SECTORS = 1 << 16;
const DISCARD_SEGMENT = 16;
/** Config space length up to discard_sector_alignment (§5.2.4). */
const CONFIG_BYTES = 48;

export interface VirtioBlkOptions {
	serial?: string;
	readonly?: boolean;
	/** When a request completes (default fixedTiming()). */
	timing?: BlockTiming;
	/** Offer VIRTIO_BLK_F_DISCARD (default true). */
	discard?: boolean;
	/** A queue shared with other devices, which says when requests complete (instead of `timing`). */
	queue?: BlockQueuePort;
	/** A write waits for space on a full physical disk (queue's 'no-space'): its VM should pause. */
	onNoSpace?: () => void;
}

/** A request taken from the queue, waiting for its completion event. */
interface InFlight {
	/** The request's number (the completion event's payload; heads are reused, numbers are not). */
	id: number;
	head: number;
	type: number;
	sector: number;
	readable: Segment[];
	writable: Segment[];
	/** The event's handle (cancelled on reset); -1 while a shared queue holds it, or it waits for space. */
	event: number;
	/** Waiting for space (queue's 'no-space'), not yet submitted. */
	stalled?: boolean;
}

export interface VirtioBlkState {
	inflight: InFlight[];
	nextId: number;
	timing: unknown;
	/** Requests completed, bytes read and written (for reports). */
	stats: { requests: number; read: number; written: number };
}

export class VirtioBlk implements VirtioBackend<VirtioBlkState> {
	readonly deviceId = VIRTIO_ID_BLOCK;
	readonly features: readonly [number, number];
	readonly queueCount = 1;
	readonly queueNumMax = QUEUE_SIZE;
	readonly timing: BlockTiming;
	private readonly serial: Uint8Array;
	private readonly readonly: boolean;
	private readonly config = new DataView(new ArrayBuffer(CONFIG_BYTES));
	private readonly kind: string;
	private q!: VirtioQueues;
	private inflight: InFlight[] = [];
	private nextId = 0;
	private stats = { requests: 0, read: 0, written: 0 };

	constructor(
		private readonly host: DeviceHost,
		readonly image: BlockStore,
		private readonly o: VirtioBlkOptions = {},
		name = image.name
	) {
		this.readonly = o.readonly ?? false;
		this.timing = o.timing ?? fixedTiming();
		this.serial = new TextEncoder().encode(o.serial ?? '').slice(0, VIRTIO_BLK_ID_BYTES);
		const bits = [
			VIRTIO_BLK_F_SIZE_MAX,
			VIRTIO_BLK_F_SEG_MAX,
			VIRTIO_BLK_F_BLK_SIZE,
			VIRTIO_BLK_F_FLUSH,
			...(this.readonly ? [VIRTIO_BLK_F_RO] : []),
			...((o.discard ?? true) && !this.readonly ? [VIRTIO_BLK_F_DISCARD] : [])
		];
		// Indirect descriptors and event index come from the transport's queue core.
		this.features = [bits.reduce((f, b) => f | (1 << b), (1 << 28) | (1 << 29)) >>> 0, 0];
		const c = this.config;
		c.setBigUint64(0, BigInt(image.sectors), true); // capacity
		c.setUint32(8, SIZE_MAX, true); // size_max
		c.setUint32(12, SEG_MAX, true); // seg_max
		c.setUint32(20, SECTOR, true); // blk_size
		c.setUint32(36, DISCARD_MAX_SECTORS, true); // max_discard_sectors
		c.setUint32(40, 1, true); // max_discard_seg
		c.setUint32(44, 1, true); // discard_sector_alignment
		this.kind = `${name}.done`;
		host.events.on(this.kind, (p) => this.complete(p));
	}

	attach(queues: VirtioQueues): void {
		this.q = queues;
	}

	configRead(offset: number, size: AccessSize): number | undefined {
		if (offset + size > CONFIG_BYTES) return 0;
		const c = this.config;
		return size === 1
			? c.getUint8(offset)
			: size === 2
				? c.getUint16(offset, true)
				: c.getUint32(offset, true);
	}

	/** Nothing in this config space is writable (writeback needs CONFIG_WCE, not offered). */
	configWrite(): void {}

	reset(): void {
		for (const r of this.inflight) if (r.event >= 0) this.host.events.cancel(r.event);
		this.o.queue?.cancel(this.kind);
		this.inflight = [];
		this.nextId = 0;
		this.timing.reset();
	}

	snapshot(): VirtioBlkState {
		return structuredClone({
			inflight: this.inflight,
			nextId: this.nextId,
			timing: this.timing.snapshot(),
			stats: this.stats
		});
	}

	restore(s: VirtioBlkState): void {
		this.inflight = structuredClone(s.inflight);
		this.nextId = s.nextId ?? 0;
		this.stats = { ...s.stats };
		this.timing.restore(structuredClone(s.timing));
	}

	/** Requests completed and bytes moved since power-on. */
	counters(): Readonly<VirtioBlkState['stats']> {
		return this.stats;
	}

	notify(): void {
		for (;;) {
			const c = this.q.pop(0);
			if (c === 'empty' || c === 'error') return;
			if (totalLength(c.writable) === 0) {
				this.q.fail(); // no status byte: the request cannot be answered (§5.2.6)
				return;
			}
			const hdr = gather(this.host.dma, c.readable, 0, HEADER);
			const v = hdr && new DataView(hdr.buffer);
			// A short or unreadable header still gets an answer: type -1 completes with IOERR.
			const type = v ? v.getUint32(0, true) : -1;
			const sector = v ? Number(v.getBigUint64(8, true)) : 0;
			const r: InFlight = {
				id: this.nextId++,
				head: c.head,
				type,
				sector,
				readable: c.readable,
				writable: c.writable,
				event: -1
			};
			this.inflight.push(r);
			// Behind a request waiting for space, later ones wait too: the driver sees them in order.
			if (this.inflight.some((x) => x.stalled)) r.stalled = true;
			else this.submit(r);
		}
	}

	/** Space was freed on the physical disk: submit the requests that waited for it, in order. */
	retry(): void {
		for (const r of this.inflight) {
			if (!r.stalled) continue;
			r.stalled = false;
			if (!this.submit(r)) return;
		}
	}

	/** Requests waiting for space on a full physical disk. */
	get stalled(): number {
		return this.inflight.filter((r) => r.stalled).length;
	}

	/** Hand `r` to the timing model or the shared queue; false when it must wait for space. */
	private submit(r: InFlight): boolean {
		const { op, count } = this.shape(r.type, r.readable, r.writable);
		const req = { op, sector: r.sector, count };
		const now = this.host.now();
		if (this.o.queue) {
			// An out-of-range request is answered IOERR at completion; the queue must not locate it.
			const inRange = r.sector + count <= this.image.sectors;
			const taken = this.o.queue.submit(
				inRange ? req : { ...req, op: 'get-id', count: 0 },
				now,
				this.kind,
				r.id
			);
			if (taken === 'no-space') {
				r.stalled = true;
				this.o.onNoSpace?.();
				return false;
			}
			return true;
		}
		const at = Math.max(now, Math.ceil(this.timing.service(req, now)));
		r.event = this.host.events.schedule(at, this.kind, r.id);
		return true;
	}

	/** What the timing model is told a request does. */
	private shape(type: number, readable: Segment[], writable: Segment[]): { op: BlockOp; count: number } {
		const dataIn = Math.max(0, totalLength(writable) - 1);
		const dataOut = Math.max(0, totalLength(readable) - HEADER);
		if (type === VIRTIO_BLK_T_IN) return { op: 'read', count: Math.floor(dataIn / SECTOR) };
		if (type === VIRTIO_BLK_T_OUT) return { op: 'write', count: Math.floor(dataOut / SECTOR) };
		if (type === VIRTIO_BLK_T_DISCARD) return { op: 'discard', count: 0 };
		if (type === VIRTIO_BLK_T_FLUSH) return { op: 'flush', count: 0 };
		// GET_ID, and requests answered UNSUPP or IOERR: the controller answers, the media is not touched.
		return { op: 'get-id', count: 0 };
	}

	private complete(payload: EventPayload): void {
		const i = this.inflight.findIndex((r) => r.id === payload && !r.stalled);
		if (i < 0) return;
		const [r] = this.inflight.splice(i, 1);
		const { status, written } = this.perform(r);
		const statusAt = totalLength(r.writable) - 1;
		if (!scatter(this.host.dma, r.writable, statusAt, Uint8Array.of(status))) {
			this.q.fail(); // the status byte is not memory: nothing can tell the driver
			return;
		}
		this.stats.requests++;
		this.q.push(0, r.head, written + 1);
	}

	/** Do the request: its status and the data bytes written into the driver's buffers. */
	private perform(r: InFlight): { status: number; written: number } {
		const dma = this.host.dma;
		const img = this.image;
		const ioerr = { status: VIRTIO_BLK_S_IOERR, written: 0 };
		if (r.type === -1) return ioerr;
		const dataIn = totalLength(r.writable) - 1;
		const dataOut = totalLength(r.readable) - HEADER;
		const inRange = (bytes: number) =>
			bytes % SECTOR === 0 && r.sector <= img.sectors && bytes / SECTOR <= img.sectors - r.sector;
		switch (r.type) {
			case VIRTIO_BLK_T_IN: {
				if (!inRange(dataIn)) return ioerr;
				const data = img.read(r.sector * SECTOR, dataIn);
				if (!scatter(dma, r.writable, 0, data)) return ioerr;
				this.stats.read += dataIn;
				return { status: VIRTIO_BLK_S_OK, written: dataIn };
			}
			case VIRTIO_BLK_T_OUT: {
				// §5.2.6.2: a device offering VIRTIO_BLK_F_RO fails writes.
				if (this.readonly || !inRange(dataOut)) return ioerr;
				const data = gather(dma, r.readable, HEADER, dataOut);
				if (!data) return ioerr;
				img.write(r.sector * SECTOR, data);
				this.stats.written += dataOut;
				return { status: VIRTIO_BLK_S_OK, written: 0 };
			}
			case VIRTIO_BLK_T_FLUSH:
				img.flushed();
				return { status: VIRTIO_BLK_S_OK, written: 0 };
			case VIRTIO_BLK_T_GET_ID: {
				const id = new Uint8Array(Math.min(VIRTIO_BLK_ID_BYTES, dataIn));
				id.set(this.serial.subarray(0, id.length));
				if (!scatter(dma, r.writable, 0, id)) return ioerr;
				return { status: VIRTIO_BLK_S_OK, written: id.length };
			}
			case VIRTIO_BLK_T_DISCARD:
				if (this.readonly || !(this.features[0] & (1 << VIRTIO_BLK_F_DISCARD)))
					return { status: VIRTIO_BLK_S_UNSUPP, written: 0 };
				return this.discard(r, dataOut);
			default:
				return { status: VIRTIO_BLK_S_UNSUPP, written: 0 };
		}
	}

	/** §5.2.6: discard segments { le64 sector; le32 num_sectors; le32 flags }; the sectors read 0 after. */
	private discard(r: InFlight, dataOut: number): { status: number; written: number } {
		const ioerr = { status: VIRTIO_BLK_S_IOERR, written: 0 };
		if (dataOut !== DISCARD_SEGMENT) return ioerr; // max_discard_seg is 1
		const seg = gather(this.host.dma, r.readable, HEADER, DISCARD_SEGMENT);
		if (!seg) return ioerr;
		const v = new DataView(seg.buffer);
		const sector = Number(v.getBigUint64(0, true));
		const count = v.getUint32(8, true);
		// §5.2.6.2: the unmap flag is for WRITE_ZEROES only; other flag bits are reserved.
		if (v.getUint32(12, true) !== 0) return { status: VIRTIO_BLK_S_UNSUPP, written: 0 };
		if (count > DISCARD_MAX_SECTORS || sector > this.image.sectors || count > this.image.sectors - sector)
			return ioerr;
		this.image.discard(sector * SECTOR, count * SECTOR);
		return { status: VIRTIO_BLK_S_OK, written: 0 };
	}
}

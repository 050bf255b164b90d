/**
 * virtio-net (virtio 1.2 §5.1) over the virtio-mmio transport: queue 0 is the receiveq, queue 1 the
 * transmitq (no control queue, no multiqueue). The wire behind it is a NetPort: the bare machine's
 * link to the simulated outside host (machine/net-slot.ts) or, under the hypervisor, a switch port.
 *
 * Features offered (§5.1.3): VIRTIO_NET_F_MAC (the MAC in config space) and VIRTIO_NET_F_STATUS
 * (link status, always up), with VIRTIO_F_VERSION_1 from the transport and the queue core's
 * INDIRECT_DESC and EVENT_IDX. No checksum or segmentation offloads, no mergeable receive buffers:
 * every packet is one buffer of the 12-byte virtio_net_hdr (§5.1.6: num_buffers is present with
 * VERSION_1) followed by one Ethernet frame of at most 1514 bytes.
 *
 * Transmit: a notify on queue 1 takes every available chain, hands its frame to the port at that
 * cycle and returns the chain (used length 0: nothing written). Receive: receive(frame) puts the
 * frame in the next posted buffer and returns it; with none posted (or the driver not ready) the
 * frame is dropped and counted, and receive answers false. Interrupts are the transport's, as the
 * driver asks for them (blk's way). Frames that cannot be sent (a chain shorter than the header, a
 * frame over 1514 bytes) are dropped and counted; a receive buffer too small for a frame gets the
 * frame dropped and the buffer back with length 0 (Linux counts that as a length error and
 * recycles the buffer); a chain of the wrong direction is a driver error: DEVICE_NEEDS_RESET
 * (§2.1.2). Nothing here throws on guest input.
 */
import type { AccessSize, DeviceHost } from '../device';
import type { VirtioBackend, VirtioQueues } from './mmio';
import { VIRTIO_F_EVENT_IDX, VIRTIO_F_INDIRECT_DESC } from './mmio';
import { gather, scatter, totalLength } from './virtqueue';
import { ETH_MAX_FRAME, macString, parseMac } from '../../net/frame';

export const VIRTIO_ID_NET = 1;
// §5.1.3 feature bits
export const VIRTIO_NET_F_MAC = 5;
export const VIRTIO_NET_F_STATUS = 16;
/** §5.1.4 status: link up. */
export const VIRTIO_NET_S_LINK_UP = 1;
/** §5.1.6: struct virtio_net_hdr with num_buffers (VERSION_1). */
export const VIRTIO_NET_HDR = 12;
export const RECEIVEQ = 0;
export const TRANSMITQ = 1;
const QUEUE_SIZE = 256;
/** Config space: mac[6], status (le16). max_virtqueue_pairs and mtu exist only with MQ / MTU. */
const CONFIG_BYTES = 8;

/** Where transmitted frames go: the other end of the NIC's cable. */
export interface NetPort {
	/** A frame the guest sent at cycle `now` (the bytes are the port's to keep). */
	transmit(frame: Uint8Array, now: number): void;
}

export interface VirtioNetStats {
	txFrames: number;
	txBytes: number;
	/** Transmit chains dropped: shorter than the header, or a frame over 1514 bytes. */
	txDropped: number;
	rxFrames: number;
	rxBytes: number;
	/** Frames dropped because no receive buffer was posted (or the driver was not ready). */
	rxNoBuffer: number;
	/** Frames dropped because the posted buffer was too small for them. */
	rxTooSmall: number;
}

export interface VirtioNetState {
	stats: VirtioNetStats;
}

const noStats = (): VirtioNetStats => ({
	txFrames: 0,
	txBytes: 0,
	txDropped: 0,
	rxFrames: 0,
	rxBytes: 0,
	rxNoBuffer: 0,
	rxTooSmall: 0
});

export interface VirtioNetOptions {
	/** The NIC's MAC (default 52:54:00:12:34:56, QEMU's default for the first NIC). */
	mac?: string;
}

export const DEFAULT_MAC = '52:54:00:12:34:56';

export class VirtioNet implements VirtioBackend<VirtioNetState> {
	readonly deviceId = VIRTIO_ID_NET;
	readonly features: readonly [number, number] = [
		((1 << VIRTIO_NET_F_MAC) |
			(1 << VIRTIO_NET_F_STATUS) |
			(1 << VIRTIO_F_INDIRECT_DESC) |
			(1 << VIRTIO_F_EVENT_IDX)) >>>
			0,
		0
	];
	readonly queueCount = 2;
	readonly queueNumMax = QUEUE_SIZE;
	readonly mac: string;
	private readonly config = new Uint8Array(CONFIG_BYTES);
	private q!: VirtioQueues;
	private stats = noStats();
	/** Where transmitted frames go (none: they vanish, counted as sent). */
	port: NetPort | undefined;

	constructor(
		private readonly host: DeviceHost,
		o: VirtioNetOptions = {},
		port?: NetPort
	) {
		const mac = parseMac(o.mac ?? DEFAULT_MAC);
		if (!mac)
			throw new RangeError(`virtio-net: '${o.mac}' is not a MAC address (like 52:54:00:12:34:56)`);
		// IEEE 802: bit 0 of the first byte marks a group (multicast) address, never a NIC's own.
		if (mac[0] & 1) throw new RangeError(`virtio-net: ${o.mac} is a multicast address, not a NIC's`);
		this.mac = macString(mac);
		this.config.set(mac, 0);
		this.config[6] = VIRTIO_NET_S_LINK_UP;
		this.port = port;
	}

	attach(queues: VirtioQueues): void {
		this.q = queues;
	}

	configRead(offset: number, size: AccessSize): number | undefined {
		if (offset + size > CONFIG_BYTES) return 0;
		let v = 0;
		for (let i = size - 1; i >= 0; i--) v = (v << 8) | this.config[offset + i];
		return v >>> 0;
	}

	/** §5.1.4: mac is writable only with VIRTIO_NET_F_CTRL_MAC_ADDR (not offered); status is read-only. */
	configWrite(): void {}

	reset(): void {}

	snapshot(): VirtioNetState {
		return { stats: { ...this.stats } };
	}

	restore(s: VirtioNetState): void {
		this.stats = { ...noStats(), ...s.stats };
	}

	counters(): Readonly<VirtioNetStats> {
		return this.stats;
	}

	private get dma() {
		return this.host.dma;
	}

	notify(q: number): void {
		// Receive buffers posted: nothing waits for them here (frames that found none were dropped).
		if (q === TRANSMITQ) this.transmitAll();
	}

	private transmitAll(): void {
		for (;;) {
			const c = this.q.pop(TRANSMITQ);
			if (c === 'empty' || c === 'error') return;
			// §5.1.6.2: transmit buffers are device-readable only.
			if (c.writable.length > 0) {
				this.q.fail();
				return;
			}
			const len = totalLength(c.readable);
			const frameLen = len - VIRTIO_NET_HDR;
			const bytes =
				frameLen > 0 && frameLen <= ETH_MAX_FRAME
					? gather(this.dma, c.readable, VIRTIO_NET_HDR, frameLen)
					: undefined;
			if (bytes) {
				this.stats.txFrames++;
				this.stats.txBytes += frameLen;
			} else this.stats.txDropped++;
			// §2.7.8: len is the bytes written into the buffer: none, for a transmit buffer.
			this.q.push(TRANSMITQ, c.head, 0);
			if (bytes) this.port?.transmit(bytes, this.host.now());
		}
	}

	/**
	 * A frame from the wire. true: it is in the next receive buffer (and the driver interrupted if it
	 * asked); false: dropped (no buffer posted, the driver not ready, a buffer too small, a bad frame).
	 */
	receive(frame: Uint8Array): boolean {
		if (frame.length === 0 || frame.length > ETH_MAX_FRAME || !this.q.live) {
			this.stats.rxNoBuffer++;
			return false;
		}
		const c = this.q.pop(RECEIVEQ);
		if (c === 'empty' || c === 'error') {
			this.stats.rxNoBuffer++;
			return false;
		}
		// §5.1.6.3: receive buffers are device-writable only.
		if (c.readable.length > 0) {
			this.q.fail();
			this.stats.rxNoBuffer++;
			return false;
		}
		const need = VIRTIO_NET_HDR + frame.length;
		if (totalLength(c.writable) < need) {
			this.stats.rxTooSmall++;
			this.q.push(RECEIVEQ, c.head, 0);
			return false;
		}
		const packet = new Uint8Array(need);
		// §5.1.6.4.1: no offloads: flags 0, gso_type NONE; num_buffers 1 without MRG_RXBUF.
		packet[10] = 1;
		packet.set(frame, VIRTIO_NET_HDR);
		if (!scatter(this.dma, c.writable, 0, packet)) {
			this.q.fail(); // the buffer is not memory: the driver broke its queue
			this.stats.rxNoBuffer++;
			return false;
		}
		this.stats.rxFrames++;
		this.stats.rxBytes += frame.length;
		this.q.push(RECEIVEQ, c.head, need);
		return true;
	}
}

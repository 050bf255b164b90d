/**
 * The hypervisor's virtual switch: a learning bridge (IEEE 802.1D §7.7–7.9: learn each frame's source
 * address on the port it came in on, forward a known unicast destination to its port only, flood
 * broadcast, multicast and unknown destinations to every other port, discard a frame whose
 * destination is on the port it came from, forget an address not seen for the ageing time), one port
 * per VM NIC and one for the uplink. Each port's outgoing link has a bandwidth and a latency on the
 * machine's cycle clock and a queue with a limit: a frame that finds the queue full is dropped and
 * counted. Everything is plain data (SwitchState) with the frames' bytes in it, every transmission
 * and delivery is an event on the machine's queue, and each frame's path (sent, switched, queued,
 * dropped, delivered) is reported as it happens.
 */
import type { EventQueue } from '../../machine/events';

export interface SwitchConfig {
	/** Link speed of every port, in bits per second. */
	bandwidth: number;
	/** Propagation and switching delay after a frame's last bit leaves, in cycles. */
	latency: number;
	/** Frames a port's outgoing queue holds, the one on the wire included. */
	queue: number;
	/** Cycles after which an address not seen again is forgotten (802.1D's default: 300 s). */
	ageing: number;
}

/** Per 802.3 a frame on the wire also carries a preamble (8), its FCS (4) and an inter-frame gap (12). */
const WIRE_OVERHEAD = 24;
/** The smallest frame a port accepts: an Ethernet header (6 + 6 + 2). */
const MIN_FRAME = 14;
/** The largest (1500 bytes of payload and the header; no jumbo frames, no VLAN tags). */
export const MAX_FRAME = 1514;
/** How many frames the switch remembers, bytes and all, for the views (the packet inspector). */
export const RECENT_FRAMES = 64;

export type DropReason = 'queue-full' | 'filtered' | 'malformed' | 'no-receive-buffer' | 'port-down';
export type FrameStage = 'sent' | 'switched' | 'queued' | 'dropped' | 'delivered';

export interface PortStats {
	framesIn: number;
	bytesIn: number;
	framesOut: number;
	bytesOut: number;
	drops: Record<DropReason, number>;
}

interface QueuedFrame {
	id: number;
	bytes: Uint8Array;
	/** The port it came in on. */
	from: number;
	enqueued: number;
}

export interface PortState {
	name: string;
	/** The VM whose NIC it is, -1 for the uplink. */
	vm: number;
	up: boolean;
	/** Waiting to go out, the one being transmitted first. */
	queue: QueuedFrame[];
	/** While a frame is on the wire: when its last bit leaves. */
	busyUntil: number;
	/** Sent, waiting for its latency to pass; delivered in order. */
	inFlight: (QueuedFrame & { deliverAt: number })[];
	stats: PortStats;
}

export interface MacEntry {
	mac: string;
	port: number;
	seen: number;
}

/** One frame's trip, for the views: where it came from, where it went, and when. */
export interface FrameRecord {
	id: number;
	from: number;
	/** The ports it was forwarded to (several when flooded). */
	to: number[];
	src: string;
	dst: string;
	length: number;
	/** The frame as sent (a copy; the packet inspector decodes it). */
	bytes: Uint8Array;
	flooded: boolean;
	sent: number;
	/** Per destination port: when it started on the wire and when it was delivered (-1: not yet). */
	started: Record<number, number>;
	delivered: Record<number, number>;
	dropped: { port: number; reason: DropReason }[];
}

export interface SwitchState {
	config: SwitchConfig;
	ports: PortState[];
	macs: MacEntry[];
	nextId: number;
	recent: FrameRecord[];
}

/** What the switch tells its owner: a frame reached a port's far end, or a stage of a frame's trip. */
export interface SwitchHost {
	/** Hand the frame to the NIC (or uplink) behind `port`; false: it had nowhere to put it. */
	deliver(port: number, frame: Uint8Array, now: number): boolean;
	report?(stage: FrameStage, port: number, record: FrameRecord, reason?: DropReason): void;
	/** Each frame as a capture on `port` would see it: sent into the switch there, or delivered there. */
	capture?(port: number, frame: Uint8Array, cycle: number): void;
}

const TX = 'hv.net-tx';
const DELIVER = 'hv.net-deliver';

export const mac = (b: Uint8Array, at: number) =>
	[...b.subarray(at, at + 6)].map((x) => x.toString(16).padStart(2, '0')).join(':');

const emptyStats = (): PortStats => ({
	framesIn: 0,
	bytesIn: 0,
	framesOut: 0,
	bytesOut: 0,
	drops: { 'queue-full': 0, filtered: 0, malformed: 0, 'no-receive-buffer': 0, 'port-down': 0 }
});

const newPort = (name: string, vm: number): PortState => ({
	name,
	vm,
	up: true,
	queue: [],
	busyUntil: 0,
	inFlight: [],
	stats: emptyStats()
});

export function newSwitchState(config: SwitchConfig, ports: { name: string; vm: number }[]): SwitchState {
	return {
		config: { ...config },
		ports: ports.map((p) => newPort(p.name, p.vm)),
		macs: [],
		nextId: 1,
		recent: []
	};
}

export class VirtualSwitch {
	constructor(
		private readonly state: () => SwitchState,
		private readonly events: EventQueue,
		private readonly hz: number,
		private readonly host: SwitchHost
	) {
		events.on(TX, (p) => this.sent(p as number));
		events.on(DELIVER, (p) => this.arrive(p as number));
	}

	private get s(): SwitchState {
		return this.state();
	}

	/** A frame a NIC (or the uplink) put on `port` at `now`. */
	input(port: number, frame: Uint8Array, now: number): void {
		const s = this.s;
		const p = s.ports[port];
		p.stats.framesIn++;
		p.stats.bytesIn += frame.length;
		const r: FrameRecord = {
			id: s.nextId++,
			from: port,
			to: [],
			src: frame.length >= 12 ? mac(frame, 6) : '',
			dst: frame.length >= 6 ? mac(frame, 0) : '',
			length: frame.length,
			bytes: frame.slice(0, MAX_FRAME),
			flooded: false,
			sent: now,
			started: {},
			delivered: {},
			dropped: []
		};
		this.remember(r);
		this.host.capture?.(port, frame, now);
		this.host.report?.('sent', port, r);
		if (!p.up) return this.drop(r, port, 'port-down');
		if (frame.length < MIN_FRAME || frame.length > MAX_FRAME) return this.drop(r, port, 'malformed');
		this.age(now);
		// A group address (I/G bit set) is never a source (802.1D §7.8): it is not learnt.
		if ((frame[6] & 1) === 0) this.learn(r.src, port, now);
		const known = (frame[0] & 1) === 0 ? s.macs.find((m) => m.mac === r.dst) : undefined;
		if (known && known.port === port) return this.drop(r, port, 'filtered');
		r.flooded = !known;
		r.to = known ? [known.port] : s.ports.flatMap((q, i) => (i !== port && q.up ? [i] : []));
		this.host.report?.('switched', port, r);
		const bytes = r.bytes;
		for (const out of r.to) this.enqueue(out, { id: r.id, bytes, from: port, enqueued: now }, r, now);
	}

	/** A new port (a VM's NIC plugged in); its number. */
	addPort(name: string, vm: number): number {
		return this.s.ports.push(newPort(name, vm)) - 1;
	}

	setPort(port: number, up: boolean): void {
		this.s.ports[port].up = up;
	}

	/** Forget every address learnt on `port` (its VM was destroyed or its NIC reset). */
	flush(port: number): void {
		this.s.macs = this.s.macs.filter((m) => m.port !== port);
	}

	private enqueue(port: number, f: QueuedFrame, r: FrameRecord, now: number): void {
		const p = this.s.ports[port];
		if (p.queue.length >= this.s.config.queue) return this.drop(r, port, 'queue-full');
		p.queue.push(f);
		r.started[port] = -1;
		r.delivered[port] = -1;
		this.host.report?.('queued', port, r);
		if (p.queue.length === 1) this.transmit(port, Math.max(now, p.busyUntil));
	}

	/** Put the head of `port`'s queue on the wire at `at`. */
	private transmit(port: number, at: number): void {
		const s = this.s;
		const p = s.ports[port];
		const f = p.queue[0];
		const bits = (Math.max(f.bytes.length, 60) + WIRE_OVERHEAD) * 8;
		p.busyUntil = at + Math.max(1, Math.ceil((bits * this.hz) / s.config.bandwidth));
		const r = this.record(f.id);
		if (r) r.started[port] = at;
		this.events.schedule(p.busyUntil, TX, port);
	}

	/** `port`'s frame has left: it arrives after the latency; the next one goes on the wire. */
	private sent(port: number): void {
		const p = this.s.ports[port];
		const f = p.queue.shift();
		if (!f) return;
		const deliverAt = p.busyUntil + this.s.config.latency;
		p.inFlight.push({ ...f, deliverAt });
		this.events.schedule(deliverAt, DELIVER, port);
		if (p.queue.length > 0) this.transmit(port, p.busyUntil);
	}

	private arrive(port: number): void {
		const p = this.s.ports[port];
		const f = p.inFlight.shift();
		if (!f) return;
		const r = this.record(f.id);
		if (!p.up || !this.host.deliver(port, f.bytes, f.deliverAt)) {
			if (r) this.drop(r, port, p.up ? 'no-receive-buffer' : 'port-down');
			else p.stats.drops[p.up ? 'no-receive-buffer' : 'port-down']++;
			return;
		}
		p.stats.framesOut++;
		p.stats.bytesOut += f.bytes.length;
		this.host.capture?.(port, f.bytes, f.deliverAt);
		if (r) {
			r.delivered[port] = f.deliverAt;
			this.host.report?.('delivered', port, r);
		}
	}

	private drop(r: FrameRecord, port: number, reason: DropReason): void {
		this.s.ports[port].stats.drops[reason]++;
		r.dropped.push({ port, reason });
		this.host.report?.('dropped', port, r, reason);
	}

	private learn(address: string, port: number, now: number): void {
		const e = this.s.macs.find((m) => m.mac === address);
		if (e) {
			e.port = port;
			e.seen = now;
		} else this.s.macs.push({ mac: address, port, seen: now });
	}

	private age(now: number): void {
		const limit = this.s.config.ageing;
		if (this.s.macs.some((m) => now - m.seen > limit))
			this.s.macs = this.s.macs.filter((m) => now - m.seen <= limit);
	}

	private remember(r: FrameRecord): void {
		const recent = this.s.recent;
		recent.push(r);
		if (recent.length > RECENT_FRAMES) recent.splice(0, recent.length - RECENT_FRAMES);
	}

	private record(id: number): FrameRecord | undefined {
		return this.s.recent.find((r) => r.id === id);
	}
}

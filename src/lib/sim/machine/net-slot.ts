/**
 * The bare machine's NICs: each NicSpec is a virtio-net in the next virtio-mmio slot after the
 * virtio disks (virtio-slots.ts), cabled to its own simulated outside host, as QEMU's
 * `-netdev user` gives each NIC its own slirp (net/outside-host.ts).
 *
 * The cable is a UserNetLink: a frame the guest transmits goes to the outside host at that cycle,
 * and each answer arrives as an event on the machine's queue at the cycle the host said (kind
 * `${slot}.rx`, the frame's bytes as a hex string in the payload, so pending frames travel in the
 * event queue's snapshot). The link is a component of its own (the outside host's state); the
 * device's state is in its slot's. A switch uplink reuses OutsideHost the same way.
 */
import type { DeviceHost, Lifecycle } from '../devices/device';
import { HookList } from '../hart/hooks';
import { VirtioNet, type NetPort } from '../devices/virtio/net';
import { macString, parseMac } from '../net/frame';
import { OutsideHost, type OutsideHostOptions, type OutsideHostState } from '../net/outside-host';

export interface NicSpec {
	/** What the NIC is cabled to: 'user', the simulated outside host (QEMU's -netdev user). */
	backend: 'user';
	/** Its MAC (default 52:54:00:12:34:56, then …:57 and so on per NIC, as QEMU numbers them). */
	mac?: string;
	/** The outside host's latency and services. */
	outside?: OutsideHostOptions;
}

/** Frames seen on one link (for reports and benches). */
export interface LinkStats {
	/** Frames the guest sent, and frames delivered to it / dropped at its NIC. */
	sent: number;
	delivered: number;
	dropped: number;
}

/**
 * A frame on the link, for observers (a trace, a pcap writer): 'sent' by the guest (at the cycle
 * it transmitted), 'delivered' into its receive buffer or 'dropped' at its NIC (at arrival). The
 * bytes are the link's: copy them to keep them.
 */
export type LinkFrameHook = (
	what: 'sent' | 'delivered' | 'dropped',
	frame: Uint8Array,
	cycle: number
) => void;

export interface UserNetLinkState {
	host: OutsideHostState;
	stats: LinkStats;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** A frame as event payload: hex, which JSON and structuredClone keep as it is. */
function toHex(b: Uint8Array): string {
	let s = '';
	for (let i = 0; i < b.length; i++) s += HEX[b[i]];
	return s;
}
function fromHex(s: string): Uint8Array {
	const nibble = (c: number) => (c <= 57 ? c - 48 : (c | 32) - 87);
	const b = new Uint8Array(s.length >> 1);
	for (let i = 0; i < b.length; i++)
		b[i] = (nibble(s.charCodeAt(2 * i)) << 4) | nibble(s.charCodeAt(2 * i + 1));
	return b;
}

export class UserNetLink implements NetPort, Lifecycle<UserNetLinkState> {
	readonly outside: OutsideHost;
	private device: VirtioNet | undefined;
	private host: DeviceHost | undefined;
	private kind = '';
	private stats: LinkStats = { sent: 0, delivered: 0, dropped: 0 };
	/** Observers of every frame on the link; `add` returns the remover. */
	readonly hooks = { frame: new HookList<LinkFrameHook>() };

	constructor(
		readonly name: string,
		readonly mac: string,
		options: OutsideHostOptions = {}
	) {
		this.outside = new OutsideHost(options);
	}

	/** Cable the NIC in: called when the slot's device is built. */
	connect(host: DeviceHost, device: VirtioNet): void {
		this.host = host;
		this.device = device;
		device.port = this;
		this.kind = `${this.name}.rx`;
		host.events.on(this.kind, (p, ev) => {
			if (typeof p !== 'string') return;
			const frame = fromHex(p);
			const ok = this.device?.receive(frame) ?? false;
			if (ok) this.stats.delivered++;
			else this.stats.dropped++;
			this.hooks.frame.fire?.(ok ? 'delivered' : 'dropped', frame, ev.cycle);
		});
	}

	transmit(frame: Uint8Array, now: number): void {
		this.stats.sent++;
		this.hooks.frame.fire?.('sent', frame, now);
		for (const d of this.outside.receive(frame, now))
			this.host?.events.schedule(Math.max(now, d.at), this.kind, toHex(d.frame));
	}

	counters(): Readonly<LinkStats> {
		return this.stats;
	}

	reset(): void {
		this.outside.reset();
		this.stats = { sent: 0, delivered: 0, dropped: 0 };
	}

	snapshot(): UserNetLinkState {
		return { host: this.outside.snapshot(), stats: { ...this.stats } };
	}

	restore(s: UserNetLinkState): void {
		this.outside.restore(s.host);
		this.stats = { ...s.stats };
	}
}

/** QEMU's MAC for NIC k: 52:54:00:12:34:56 + k. */
export function defaultMac(k: number): string {
	return `52:54:00:12:34:${(0x56 + k).toString(16).padStart(2, '0')}`;
}

/** The links for `nics`, named by the slots they will sit in (virtio<slot>). */
export function userNetLinks(nics: readonly NicSpec[], firstSlot: number): UserNetLink[] {
	const macs = new Set<string>();
	return nics.map((n, k) => {
		const bytes = parseMac(n.mac ?? defaultMac(k));
		if (!bytes)
			throw new RangeError(`NIC ${k}: '${n.mac}' is not a MAC address (like 52:54:00:12:34:56)`);
		if (bytes[0] & 1) throw new RangeError(`NIC ${k}: ${n.mac} is a multicast address, not a NIC's`);
		const link = new UserNetLink(`virtio${firstSlot + k}`, macString(bytes), n.outside);
		if (macs.has(link.mac)) throw new RangeError(`two NICs have the MAC ${link.mac}`);
		macs.add(link.mac);
		return link;
	});
}

/**
 * The host's network: the virtual switch (net/switch.ts) with a port per VM NIC and port 0 the
 * uplink to the simulated outside network (net/outside-host.ts, which answers as QEMU's `-netdev
 * user` does: gateway 10.0.2.2, DHCP of 10.0.2.15 and up, one address per MAC). A VM's virtio-net
 * hands each frame it sends to its port; the switch delivers to another VM's NIC (its receive
 * buffers) or to the uplink, whose answers come back into port 0 as events at the cycles the outside
 * host gave. Everything is plain data (HostNetState, in the hypervisor's snapshot): the switch's
 * queues with their bytes, the outside host's leases, the answers on their way.
 */
import type { EventQueue } from '../machine/events';
import type { OutsideHostState } from '../net/outside-host';
import { OutsideHost } from '../net/outside-host';
import { newSwitchState, VirtualSwitch, type SwitchConfig, type SwitchState } from './net/switch';
import type { Vm } from './vm';

/** Defaults when a VM has a NIC and the scenario says nothing of the switch: 100 Mbit/s, 50 µs. */
export const DEFAULT_SWITCH: SwitchConfig = {
	bandwidth: 100_000_000,
	latency: 5000,
	queue: 64,
	ageing: 30_000_000_000
};

export interface HostNetOptions {
	/** The switch's links, in cycles (absent: DEFAULT_SWITCH, once a VM has a NIC). */
	switch?: SwitchConfig;
	/** Addresses the outside network's DHCP server keeps for particular MACs. */
	reservations?: Readonly<Record<string, number>>;
}

/** One of a VM's NICs as plain state: its address and its switch port. */
export interface VmNic {
	mac: string;
	port: number;
}

export interface HostNetState {
	switch: SwitchState;
	outside: OutsideHostState;
	/** Per switch port: the NIC's index in its VM (-1: the uplink). */
	nicOf: number[];
	/** The outside host's answers, waiting for their cycle to enter the switch at the uplink. */
	answers: { id: number; hex: string }[];
	nextAnswer: number;
}

/** What a VM's NICs need of the host. */
export interface VmNetHost {
	transmit(vm: number, nic: number, frame: Uint8Array, now: number): void;
}

export interface HostNetOwner {
	readonly vms: readonly Vm[];
	readonly events: EventQueue;
	report(kind: string, vm: number, fields: Record<string, unknown>): void;
	/** A frame reached the VM's NIC: a vCPU blocked in WFI runs again to see it. */
	wake(vm: number): void;
}

const UPLINK = 0;
const ANSWER = 'hv.net-uplink';

const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const fromHex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));

export class HostNet {
	readonly switch: VirtualSwitch;
	readonly outside: OutsideHost;
	readonly vmHost: VmNetHost;
	/** Who captures frames (vmscope run --pcap): not machine state, so not in snapshots. */
	capture: ((port: number, frame: Uint8Array, cycle: number) => void) | undefined = undefined;

	constructor(
		private readonly state: () => HostNetState,
		private readonly owner: HostNetOwner,
		hz: number,
		opts: HostNetOptions = {}
	) {
		this.outside = new OutsideHost({ reservations: opts.reservations });
		this.switch = new VirtualSwitch(() => this.s.switch, owner.events, hz, {
			deliver: (port, frame, now) => this.deliver(port, frame, now),
			capture: (port, frame, cycle) => this.capture?.(port, frame, cycle),
			report: (stage, port, r, reason) =>
				owner.report('net-frame', this.s.switch.ports[port]?.vm ?? -1, {
					stage,
					id: r.id,
					port,
					from: r.from,
					src: r.src,
					dst: r.dst,
					length: r.length,
					flooded: r.flooded,
					...(reason && { reason })
				})
		});
		owner.events.on(ANSWER, (p, e) => this.answer(p as number, e.cycle));
		this.vmHost = {
			transmit: (vm, nic, frame, now) => {
				const port = this.owner.vms[vm]?.s.nics?.[nic]?.port;
				if (port !== undefined) this.switch.input(port, frame, now);
			}
		};
	}

	static newState(opts: HostNetOptions): HostNetState {
		return {
			switch: newSwitchState(opts.switch ?? DEFAULT_SWITCH, [{ name: 'uplink', vm: -1 }]),
			outside: new OutsideHost().snapshot(),
			nicOf: [-1],
			answers: [],
			nextAnswer: 1
		};
	}

	private get s(): HostNetState {
		return this.state();
	}

	/** Ports for VM `vm`'s NICs, named after the VM (and the NIC's index when it has several). */
	create(vm: number, name: string, macs: readonly string[]): VmNic[] {
		return macs.map((mac, k) => {
			const port = this.switch.addPort(macs.length > 1 ? `${name}.${k}` : name, vm);
			this.s.nicOf[port] = k;
			return { mac, port };
		});
	}

	/** Does any VM have a NIC (the switch has more than its uplink)? */
	get used(): boolean {
		return this.s.switch.ports.length > 1;
	}

	/** A destroyed VM's ports go down, and the switch forgets the addresses it learnt there. */
	release(vm: number): void {
		this.s.switch.ports.forEach((p, i) => {
			if (p.vm !== vm) return;
			this.switch.setPort(i, false);
			this.switch.flush(i);
		});
	}

	/** Bring the outside host's state into the plain state (before a snapshot). */
	sync(): void {
		this.s.outside = this.outside.snapshot();
	}

	/** After a restore: the outside host takes its state back. */
	restored(): void {
		this.outside.restore(this.s.outside);
	}

	private deliver(port: number, frame: Uint8Array, now: number): boolean {
		if (port === UPLINK) {
			for (const d of this.outside.receive(frame, now)) {
				const id = this.s.nextAnswer++;
				this.s.answers.push({ id, hex: toHex(d.frame) });
				this.owner.events.schedule(Math.max(now, d.at), ANSWER, id);
			}
			return true;
		}
		const vm = this.s.switch.ports[port]?.vm ?? -1;
		const nic = this.owner.vms[vm]?.virtio.nets[this.s.nicOf[port]];
		if (!nic?.receive(frame)) return false;
		this.owner.wake(vm);
		return true;
	}

	private answer(id: number, at: number): void {
		const i = this.s.answers.findIndex((a) => a.id === id);
		if (i < 0) return;
		const [a] = this.s.answers.splice(i, 1);
		this.switch.input(UPLINK, fromHex(a.hex), at);
	}
}

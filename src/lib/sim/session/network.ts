/**
 * The host's network as the session shows it: the switch's ports (whose NIC each is, up or down,
 * frames waiting and on the wire, counters), its MAC table, the latest frames with their bytes and
 * their trip (sent, queued, started on the wire, delivered, dropped), each VM's addresses, and the
 * report `vmscope run --report` prints. Plain data, built from the hypervisor's state on request.
 */
import type { Hypervisor } from '../hv/hypervisor';
import type { FrameRecord, MacEntry, PortStats } from '../hv/net/switch';
import { switchReport, type SwitchReport } from '../hv/net/switch-report';
import { ipString } from '../net/frame';

export interface PortView {
	name: string;
	/** The VM whose NIC it is (-1: the uplink to the outside network). */
	vm: number;
	up: boolean;
	/** Frames waiting to go out of it, the one on the wire included. */
	queued: number;
	/** Frames on the wire towards its NIC, past the switch. */
	inFlight: number;
	stats: PortStats;
}

export interface NetView {
	/** Link speed (bits/s), latency and MAC ageing (cycles), queue limit (frames). */
	bandwidth: number;
	latency: number;
	ageing: number;
	queue: number;
	now: number;
	ports: PortView[];
	macs: MacEntry[];
	/** The latest frames, oldest first. */
	frames: FrameRecord[];
	/** VMs by id: name and each NIC's MAC and port. */
	vms: { id: number; name: string; status: string; nics: { mac: string; port: number }[] }[];
	/** The addresses the outside network's DHCP server has handed out, by MAC. */
	leases: Record<string, string>;
	report: SwitchReport;
}

export function netView(hv: Hypervisor, now: number): NetView | null {
	if (!hv.net.used) return null;
	const s = hv.s.net.switch;
	return {
		bandwidth: s.config.bandwidth,
		latency: s.config.latency,
		ageing: s.config.ageing,
		queue: s.config.queue,
		now,
		ports: s.ports.map((p) => ({
			name: p.name,
			vm: p.vm,
			up: p.up,
			queued: p.queue.length,
			inFlight: p.inFlight.length,
			stats: structuredClone(p.stats)
		})),
		macs: s.macs.map((m) => ({ ...m })),
		frames: structuredClone(s.recent),
		vms: hv.vmList.map((vm) => ({
			id: vm.id,
			name: vm.name,
			status: vm.s.status,
			nics: (vm.s.nics ?? []).map((n) => ({ ...n }))
		})),
		leases: Object.fromEntries(hv.net.outside.leases.map((l) => [l.mac, ipString(l.ip)])),
		report: switchReport(s, now)
	};
}

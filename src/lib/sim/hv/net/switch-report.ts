/**
 * What the virtual switch did, from its state: per port (each VM's NIC and the uplink) the frames
 * and bytes in and out and the drops by reason, and the MAC table as learnt. The CLI prints it after
 * `--report` and writes it into `--report-json` as `net`; the session shows it.
 */
import { formatRate } from '../../scenario/rates';
import { textTable } from '../../report/text-table';
import type { DropReason, SwitchState } from './switch';

export interface PortRow {
	port: string;
	framesIn: number;
	bytesIn: number;
	framesOut: number;
	bytesOut: number;
	drops: number;
	dropsBy: Record<DropReason, number>;
}

export interface MacRow {
	mac: string;
	port: string;
	/** Cycles since the address was last seen. */
	age: number;
}

export interface SwitchReport {
	bandwidth: number;
	/** Cycles. */
	latency: number;
	queue: number;
	ports: PortRow[];
	macs: MacRow[];
}

export function switchReport(s: SwitchState, now: number): SwitchReport {
	const name = (p: number) => s.ports[p]?.name ?? `port ${p}`;
	return {
		bandwidth: s.config.bandwidth,
		latency: s.config.latency,
		queue: s.config.queue,
		ports: s.ports.map((p) => ({
			port: p.name,
			framesIn: p.stats.framesIn,
			bytesIn: p.stats.bytesIn,
			framesOut: p.stats.framesOut,
			bytesOut: p.stats.bytesOut,
			drops: Object.values(p.stats.drops).reduce((a, b) => a + b, 0),
			dropsBy: { ...p.stats.drops }
		})),
		macs: [...s.macs]
			.sort((a, b) => a.port - b.port || a.mac.localeCompare(b.mac))
			.map((m) => ({ mac: m.mac, port: name(m.port), age: now - m.seen }))
	};
}

export function switchReportTable(r: SwitchReport): string {
	const reasons = (d: Record<DropReason, number>) =>
		Object.entries(d)
			.filter(([, n]) => n > 0)
			.map(([k, n]) => `${k} ${n}`)
			.join(', ') || '-';
	const out = [
		`switch: ${r.ports.length} ports, ${formatRate(r.bandwidth)}, latency ${r.latency} cycles, queue ${r.queue} frames`,
		...textTable(
			['port', 'frames-in', 'bytes-in', 'frames-out', 'bytes-out', 'drops', 'why'],
			r.ports.map((p) => [
				p.port,
				String(p.framesIn),
				String(p.bytesIn),
				String(p.framesOut),
				String(p.bytesOut),
				String(p.drops),
				reasons(p.dropsBy)
			])
		),
		`mac table: ${r.macs.length} address${r.macs.length === 1 ? '' : 'es'}`,
		...(r.macs.length
			? textTable(
					['mac', 'port', 'age'],
					r.macs.map((m) => [m.mac, m.port, String(m.age)])
				)
			: [])
	];
	return out.join('\n') + '\n';
}

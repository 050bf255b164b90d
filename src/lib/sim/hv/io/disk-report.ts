/**
 * What the host's disks did, from the hypervisor's state: per physical disk, the blocks each VM owns,
 * the shared ones (a base image, blocks held by copy-on-write snapshots), the free ones and how busy
 * the disk was; per VM, its requests, bytes and latency (submission to completion, in cycles). The
 * CLI prints it after `--report` and writes it into `--report-json` as `io`; the session shows it.
 */
import { DISK_PRESETS, type DiskModel } from '../../devices/media';
import { textTable } from '../../report/text-table';
import type { Hypervisor } from '../hypervisor';
import type { IoPolicy } from './disk-queue';

export interface DiskUsageRow {
	name: string;
	/** A preset's name, or 'hdd (custom)' / 'ssd (custom)' for a table of parameters. */
	model: string;
	sectors: number;
	blockSectors: number;
	blocks: number;
	/** Blocks owned by each VM, by name. */
	owned: Record<string, number>;
	/** Blocks of base images and blocks more than one table refers to. */
	shared: number;
	free: number;
	requests: number;
	/** Cycles the disk spent serving requests. */
	busy: number;
}

export interface VmIoRow {
	name: string;
	requests: number;
	read: number;
	written: number;
	latencyP50: number;
	latencyP95: number;
	latencyMax: number;
	/** Cycles its requests waited behind others' before being served. */
	queued: number;
}

export interface DiskReport {
	policy: IoPolicy;
	disks: DiskUsageRow[];
	vms: VmIoRow[];
}

export function modelName(model: DiskModel): string {
	const json = JSON.stringify(model);
	const preset = Object.entries(DISK_PRESETS).find(([, p]) => JSON.stringify(p) === json);
	return preset ? preset[0] : `${model.kind} (custom)`;
}

/** The p-th percentile (nearest rank) of `sorted`; 0 when empty. */
function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return 0;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function diskReport(hv: Hypervisor): DiskReport {
	const io = hv.s.disks.io;
	const layer = hv.disks.layer;
	const names = hv.vmList.map((v) => v.name);
	const disks = io.disks.map((d, i): DiskUsageRow => {
		const u = layer.usage(i);
		const owned: Record<string, number> = {};
		u.byVm.forEach((n, vm) => n > 0 && (owned[names[vm] ?? `vm${vm}`] = n));
		return {
			name: d.name,
			model: modelName(d.model),
			sectors: layer.state.disks[i].sectors,
			blockSectors: layer.state.blockSectors,
			blocks: u.total,
			owned,
			shared: u.shared + u.base,
			free: u.free,
			requests: d.served,
			busy: d.busyCycles
		};
	});
	const vms = names.map((name, vm): VmIoRow => {
		const s = io.vms[vm];
		const sorted = [...(s?.latencies ?? [])].sort((a, b) => a - b);
		return {
			name,
			requests: s?.requests ?? 0,
			read: s?.read ?? 0,
			written: s?.written ?? 0,
			latencyP50: percentile(sorted, 50),
			latencyP95: percentile(sorted, 95),
			latencyMax: sorted.at(-1) ?? 0,
			queued: s?.queued ?? 0
		};
	});
	return { policy: io.policy, disks, vms };
}

/** The report as text: a table of the physical disks, then one of the VMs' I/O. */
export function diskReportTable(r: DiskReport): string {
	const table = textTable;
	const vmNames = r.vms.map((v) => v.name);
	const out = [`disks: ${r.disks.length}, I/O scheduler ${r.policy}`];
	out.push(
		...table(
			['disk', 'model', 'blocks', ...vmNames, 'shared', 'free', 'requests', 'busy'],
			r.disks.map((d) => [
				d.name,
				d.model,
				String(d.blocks),
				...vmNames.map((n) => String(d.owned[n] ?? 0)),
				String(d.shared),
				String(d.free),
				String(d.requests),
				String(d.busy)
			])
		)
	);
	out.push(
		...table(
			['vm', 'requests', 'read', 'written', 'latency-p50', 'latency-p95', 'latency-max', 'queued'],
			r.vms.map((v) => [
				v.name,
				String(v.requests),
				String(v.read),
				String(v.written),
				String(v.latencyP50),
				String(v.latencyP95),
				String(v.latencyMax),
				String(v.queued)
			])
		)
	);
	return out.join('\n') + '\n';
}

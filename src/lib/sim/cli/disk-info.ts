/**
 * What `vmscope disk info` says about an image: its format and sizes, how much of it the image holds
 * itself (allocated clusters: the rest reads from the backing file, or as zeros), the backing chain
 * down to the base, and the snapshots. Pure: built from an opened chain, printed as text or JSON.
 */
import { formatSize } from '../scenario/sizes';
import { Qcow2Image, type ChainLink, type ImageFormat } from '../devices/virtio/qcow2';

export interface LinkInfo {
	file: string;
	format: ImageFormat;
	virtualSize: number;
	/** qcow2 only. */
	clusterSize?: number;
	allocatedClusters?: number;
	/** The backing file name as the image's header stores it. */
	backingName?: string;
}

export interface SnapshotInfo {
	id: string;
	name: string;
	virtualSize: number;
	/** Data clusters its tables map (shared with the image, or its own). */
	clusters: number;
	/** Seconds since 1970 when it was taken (0: not recorded). */
	date: number;
}

export interface ImageInfo extends LinkInfo {
	version?: number;
	fileSize: number;
	totalClusters?: number;
	allocatedBytes?: number;
	/** Clusters with a refcount above their references (harmless; qemu-img check -r leaks frees them). */
	leakedClusters?: number;
	/** The images under this one, nearest first. */
	backingChain: LinkInfo[];
	snapshots: SnapshotInfo[];
}

function linkInfo(l: ChainLink): LinkInfo {
	const s = l.store;
	if (!(s instanceof Qcow2Image)) return { file: l.name, format: 'raw', virtualSize: s.size };
	return {
		file: l.name,
		format: 'qcow2',
		virtualSize: s.size,
		clusterSize: s.cs,
		allocatedClusters: s.allocatedClusters,
		...(s.header.backingFile !== undefined ? { backingName: s.header.backingFile } : {})
	};
}

export function imageInfo(links: readonly ChainLink[]): ImageInfo {
	const [top, ...below] = links;
	const s = top.store;
	if (!(s instanceof Qcow2Image))
		return { ...linkInfo(top), fileSize: s.file.size, backingChain: below.map(linkInfo), snapshots: [] };
	return {
		...linkInfo(top),
		version: s.header.version,
		fileSize: s.file.size,
		totalClusters: Math.ceil(s.size / s.cs),
		allocatedBytes: s.allocatedClusters * s.cs,
		leakedClusters: s.leaked,
		backingChain: below.map(linkInfo),
		snapshots: s.snapshots.map((x) => ({
			id: x.id,
			name: x.name,
			virtualSize: x.diskSize ?? s.size,
			clusters: s.clustersOf(s.snapshotL1(x)),
			date: x.dateSec
		}))
	};
}

/** '1 cluster', '3 clusters'. */
export const clusters = (n: number) => `${n} cluster${n === 1 ? '' : 's'}`;
const size = (n: number) => `${formatSize(n)} (${n} bytes)`;
const table = (rows: string[][]) => {
	const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
	return rows.map((r) =>
		`  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]))).join('  ')}`.trimEnd()
	);
};

export function formatInfo(i: ImageInfo): string {
	const lines = [`image: ${i.file}`, `format: ${i.format}${i.version ? ` (version ${i.version})` : ''}`];
	lines.push(`virtual size: ${size(i.virtualSize)}`, `file size: ${size(i.fileSize)}`);
	if (i.clusterSize !== undefined) {
		lines.push(`cluster size: ${formatSize(i.clusterSize)}`);
		const rest = i.backingChain.length ? 'the rest from the backing file' : 'the rest reads as zeros';
		lines.push(
			`allocated: ${i.allocatedClusters} of ${i.totalClusters} clusters (${formatSize(i.allocatedBytes!)}), ${rest}`
		);
		if (i.leakedClusters)
			lines.push(`leaked: ${clusters(i.leakedClusters)} (in the file, used by nothing)`);
	}
	if (i.backingChain.length) {
		lines.push('backing chain:');
		const rows = [i, ...i.backingChain].map((l) => [
			l.file,
			l.format,
			formatSize(l.virtualSize),
			l.allocatedClusters !== undefined ? `${clusters(l.allocatedClusters)} allocated` : 'base'
		]);
		lines.push(...table(rows));
	}
	if (i.snapshots.length) {
		lines.push('snapshots:');
		const rows = i.snapshots.map((s) => [
			s.id,
			s.name,
			formatSize(s.virtualSize),
			clusters(s.clusters),
			s.date ? new Date(s.date * 1000).toISOString() : '-'
		]);
		lines.push(...table([['ID', 'NAME', 'SIZE', 'MAPS', 'DATE'], ...rows]));
	} else if (i.format === 'qcow2') lines.push('snapshots: none');
	return `${lines.join('\n')}\n`;
}

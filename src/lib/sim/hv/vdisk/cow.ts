/**
 * A copy-on-write overlay over a read-only base image: a linked clone, a simplified qcow2 with a
 * backing file (qemu docs/interop/qcow2.txt). Its clusters are the allocation blocks.
 *
 * - Two-level table: cluster c is entry c % l2Entries of the L2 table l1[c / l2Entries]. An entry is a
 *   physical block of the overlay's disk, UNALLOCATED (read the base's cluster, or zeros past its end)
 *   or ZERO_CLUSTER (reads zeros: a discarded cluster, qcow2 v3's zero flag). qcow2 keeps the tables
 *   in clusters of the image file; here they are in the layer's state, so no block holds metadata.
 * - Reference counts per physical block (qcow2's refcount table), in the layer's block space.
 * - The first write to a cluster the overlay does not own alone takes a new block, copies the
 *   cluster's current bytes into it (from the base, or from the block a snapshot shares), then writes.
 * - A snapshot freezes the tables (a copy of them) and adds one reference to every block they name,
 *   so the next write to any of those clusters copies it first; deleting it drops the references.
 * The same design as a real qcow2 file (tables and refcounts in the file's own clusters, which
 * qemu-img reads too) is devices/virtio/qcow2/, behind `vmscope disk` and `run --disk`.
 */
import type { Span } from './blocks';
import { BASE, UNALLOCATED, ZERO_CLUSTER, type CowState, type L1Table } from './state';
import { VdiskStore, type Location } from './store';

/** Clusters a set of tables maps to blocks. */
export function* mappedBlocks(l1: L1Table): Generator<number> {
	for (const l2 of l1) if (l2) for (const e of l2) if (e >= 0) yield e;
}

export class CowDisk extends VdiskStore<CowState> {
	readonly kind = 'cow';

	private entry(vb: number): number {
		const n = this.layer.state.l2Entries;
		return this.v.l1[Math.floor(vb / n)]?.[vb % n] ?? UNALLOCATED;
	}

	private setEntry(vb: number, e: number): void {
		const n = this.layer.state.l2Entries;
		const l1 = this.v.l1;
		const i = Math.floor(vb / n);
		// An L2 table is made when a cluster it covers is first written, as qcow2 allocates them.
		l1[i] ??= new Array<number>(n).fill(UNALLOCATED);
		l1[i][vb % n] = e;
	}

	protected resolve(vb: number): Location | 'zero' {
		const v = this.v;
		const e = this.entry(vb);
		if (e >= 0) return { disk: v.disk, block: e, who: v.vm };
		if (e === ZERO_CLUSTER) return 'zero';
		const base = this.layer.state.bases[v.base];
		return vb < base.blocks.length ? { disk: base.disk, block: base.blocks[vb], who: BASE } : 'zero';
	}

	protected needs(vb: number): boolean {
		const e = this.entry(vb);
		return !(e >= 0) || this.space.refs(this.v.disk, e) > 1;
	}

	protected reserve(vbs: number[]): boolean {
		const v = this.v;
		const got = this.space.allocate(v.disk, v.vm, vbs.length);
		if (!got) return false;
		vbs.forEach((vb, i) => {
			const from = this.resolve(vb);
			// A new block is zeroed already: a cluster that read as zeros needs no copy.
			if (from !== 'zero')
				this.space.copy({ disk: from.disk, block: from.block, who: from.who }, v.disk, got[i], v.vm);
			const old = this.entry(vb);
			if (old >= 0) this.space.unref(v.disk, old); // a snapshot still holds it
			this.setEntry(vb, got[i]);
		});
		return true;
	}

	/** Parts of clusters that do not read as zeros and are not the overlay's alone need a block. */
	protected override reserveDiscard(ss: Span[]): boolean {
		const vbs = this.partialNeeds(ss);
		return vbs.length === 0 || this.reserve(vbs);
	}

	private partialNeeds(ss: Span[]): number[] {
		return ss
			.filter((s) => !this.whole(s))
			.map((s) => s.block)
			.filter((vb) => this.resolve(vb) !== 'zero' && this.needs(vb));
	}

	protected discardSpan(s: Span, whole: boolean): void {
		const v = this.v;
		const e = this.entry(s.block);
		if (whole) {
			if (e >= 0) this.space.unref(v.disk, e);
			this.setEntry(s.block, ZERO_CLUSTER);
			return;
		}
		if (this.resolve(s.block) === 'zero') return;
		// Reserved by locate('discard'); without it, and with the disk full, these sectors keep their
		// bytes, as a device that cannot unmap would (Linux: discard_zeroes_data = 0).
		if (this.needs(s.block) && !this.reserve([s.block])) return;
		const at = this.resolve(s.block) as Location;
		this.space.fill(at.disk, at.block, s.at, s.length, at.who);
	}

	/** Clusters the overlay holds in blocks of its own. */
	get clusters(): number {
		return [...mappedBlocks(this.v.l1)].length;
	}

	references(): number[] {
		const v = this.v;
		return [...mappedBlocks(v.l1), ...v.snapshots.flatMap((s) => [...mappedBlocks(s.l1)])];
	}

	/** Freeze the tables as they are: every block they name gets one more reference. */
	takeSnapshot(name: string): void {
		const v = this.v;
		const l1 = structuredClone(v.l1);
		for (const b of mappedBlocks(l1)) this.space.ref(v.disk, b);
		v.snapshots.push({ name, l1, clusters: this.clusters });
	}

	/** Drop a snapshot's references; blocks nothing else holds are free. */
	deleteSnapshot(name: string): void {
		const v = this.v;
		const i = v.snapshots.findIndex((s) => s.name === name);
		const [gone] = v.snapshots.splice(i, 1);
		for (const b of mappedBlocks(gone.l1)) this.space.unref(v.disk, b);
	}
}

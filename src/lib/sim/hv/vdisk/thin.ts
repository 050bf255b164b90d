/**
 * A thin disk: its virtual size may exceed the free space (overcommit), and a block of the physical
 * disk is given to it only when a block is first written, the lowest free block first. A block never
 * written reads as zeros; a discard of a whole block gives it back. When the physical disk has no
 * block left, locate('write') says 'no-space' and the VM waits (QEMU's werror=enospc pauses it).
 */
import type { Span } from './blocks';
import { UNALLOCATED, type ThinState } from './state';
import { VdiskStore, type Location } from './store';

export class ThinDisk extends VdiskStore<ThinState> {
	readonly kind = 'thin';

	protected resolve(vb: number): Location | 'zero' {
		const v = this.v;
		const b = v.map[vb];
		return b >= 0 ? { disk: v.disk, block: b, who: v.vm } : 'zero';
	}

	protected needs(vb: number): boolean {
		return !(this.v.map[vb] >= 0);
	}

	protected reserve(vbs: number[]): boolean {
		const v = this.v;
		const got = this.space.allocate(v.disk, v.vm, vbs.length);
		if (!got) return false;
		vbs.forEach((vb, i) => (v.map[vb] = got[i]));
		return true;
	}

	protected discardSpan(s: Span, whole: boolean): void {
		const v = this.v;
		const b = v.map[s.block];
		if (!(b >= 0)) return; // never written: reads as zeros already
		if (whole) {
			v.map[s.block] = UNALLOCATED;
			this.space.unref(v.disk, b);
		} else this.space.fill(v.disk, b, s.at, s.length, v.vm);
	}

	references(): number[] {
		return this.v.map.filter((b) => b >= 0);
	}
}

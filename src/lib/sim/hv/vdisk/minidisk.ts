/**
 * A minidisk: a fixed, contiguous run of one physical disk's blocks, given to a VM when it is defined,
 * as IBM VM's directory gives each user's minidisks cylinder ranges of a real DASD (z/VM CP Planning
 * and Administration, "Minidisks"). Nothing is allocated later, so it never runs out of space; every
 * access is checked against its extent, since nothing else would stop it reaching a neighbour's.
 */
import type { Span } from './blocks';
import type { MinidiskState } from './state';
import { VdiskStore, type Location } from './store';

export class Minidisk extends VdiskStore<MinidiskState> {
	readonly kind = 'minidisk';

	protected resolve(vb: number): Location {
		const v = this.v;
		// The device bounds-checked the request against `sectors`, which lies within the extent: this
		// failing is a bug in a layer above (the VENOM class), never a guest's doing.
		if (!(vb >= 0 && vb < v.blocks))
			throw new RangeError(`${this.name}: block ${vb} is outside its extent of ${v.blocks} blocks`);
		return { disk: v.disk, block: v.first + vb, who: v.vm };
	}

	protected needs(): boolean {
		return false;
	}

	protected reserve(): boolean {
		return true;
	}

	protected discardSpan(s: Span): void {
		const at = this.resolve(s.block);
		this.space.fill(at.disk, at.block, s.at, s.length, at.who);
	}

	references(): number[] {
		const v = this.v;
		return Array.from({ length: v.blocks }, (_, i) => v.first + i);
	}
}

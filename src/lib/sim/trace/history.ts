/**
 * Snapshots for stepping backwards, in bounded memory. Every paged store of the machine (RAM now,
 * disk images later) is kept as page versions (page-versions.ts); the rest of the machine is each
 * checkpoint's component state, plain data, counted at its real size against the cap.
 *
 * Over the memory cap, snapshots are merged away: the one whose loss widens the gaps least,
 * weighted by age, so recent history stays dense (the last few million steps stay close to a snapshot)
 * and old history thins out. The first snapshot and the newest are never dropped.
 */
import type { Machine, MachineSnapshot } from '../machine/machine';
import { PageVersions } from './page-versions';
import { plainSize } from './plain-size';

export interface Checkpoint<Extra> {
	readonly id: number;
	/** The session's position (steps taken) when it was taken. */
	readonly steps: number;
	readonly state: MachineSnapshot;
	readonly extra: Extra;
	/** Bytes the state (and extra) hold, counted against the cap. */
	readonly stateBytes: number;
}

export interface HistoryOptions {
	/** Memory for stored pages and states, in bytes (default 64 MiB). */
	capBytes?: number;
	/** Most checkpoints kept (default 512). */
	maxCheckpoints?: number;
}

export class History<Extra> {
	private readonly machine: Machine;
	private readonly cap: number;
	private readonly maxCheckpoints: number;
	private checkpoints: Checkpoint<Extra>[] = [];
	/** One set of page versions per paged store of the machine. */
	private readonly stores: PageVersions[];
	private nextId = 0;
	/** Bytes of the checkpoints' states. */
	private stateBytes = 0;

	constructor(machine: Machine, opts: HistoryOptions = {}) {
		this.machine = machine;
		this.cap = opts.capBytes ?? 64 * 1024 * 1024;
		this.maxCheckpoints = Math.max(2, opts.maxCheckpoints ?? 512);
		this.stores = machine.pagedStores().map((store) => new PageVersions(store));
	}

	get size(): number {
		return this.checkpoints.length;
	}

	/** Bytes of memory the history holds: page versions of every store, and the checkpoints' states. */
	get bytes(): number {
		let n = this.stateBytes;
		for (const s of this.stores) n += s.bytes;
		return n;
	}

	/** Bytes held per paged store ('ram', later each disk), and for the states ('state'). */
	usage(): Record<string, number> {
		const out: Record<string, number> = { state: this.stateBytes };
		for (const s of this.stores) out[s.store.name] = s.bytes;
		return out;
	}

	list(): readonly Checkpoint<Extra>[] {
		return this.checkpoints;
	}

	clear(): void {
		this.checkpoints = [];
		for (const s of this.stores) s.clear();
		this.stateBytes = 0;
	}

	/** Take a checkpoint at `steps` (after the newest one). Returns false if it could not fit. */
	take(steps: number, extra: Extra): boolean {
		const last = this.checkpoints[this.checkpoints.length - 1];
		if (last && steps < last.steps) throw new RangeError('checkpoints must be taken in step order');
		if (last && steps === last.steps) {
			// Same position: the newer state wins (its page versions are merged into the new id below).
			this.stateBytes -= last.stateBytes;
			this.checkpoints.pop();
		}
		const id = this.nextId++;
		for (const s of this.stores) s.take(id);
		const state = this.machine.snapshot({ ram: false });
		const stateBytes = plainSize(state) + plainSize(extra);
		this.stateBytes += stateBytes;
		this.checkpoints.push({ id, steps, state, extra, stateBytes });
		while (
			this.checkpoints.length > 2 &&
			(this.bytes > this.cap || this.checkpoints.length > this.maxCheckpoints)
		)
			this.drop(this.victim());
		return this.bytes <= this.cap;
	}

	/** The newest checkpoint at or before `steps`. */
	before(steps: number): Checkpoint<Extra> | undefined {
		let found: Checkpoint<Extra> | undefined;
		for (const c of this.checkpoints) {
			if (c.steps > steps) break;
			found = c;
		}
		return found;
	}

	/** Put the machine back to checkpoint c (each paged store page by page, then everything else). */
	restore(c: Checkpoint<Extra>): void {
		for (const s of this.stores) s.restore(c.id);
		this.machine.restore(c.state, { ram: 'kept' });
	}

	/** Forget checkpoints after `steps` (the future that stepping back undid is replaced). */
	truncateAfter(steps: number): void {
		while (this.checkpoints.length > 1 && this.checkpoints[this.checkpoints.length - 1].steps > steps) {
			const gone = this.checkpoints.pop() as Checkpoint<Extra>;
			this.stateBytes -= gone.stateBytes;
			for (const s of this.stores) s.truncateFrom(gone.id);
		}
	}

	/** The checkpoint to merge away: the smallest neighbour gap, weighted by age. */
	private victim(): number {
		const cs = this.checkpoints;
		const newest = cs[cs.length - 1].steps;
		let best = 1;
		let bestScore = Infinity;
		for (let j = 1; j < cs.length - 1; j++) {
			const gap = cs[j + 1].steps - cs[j - 1].steps;
			const score = gap / (1 + newest - cs[j].steps);
			if (score < bestScore) [best, bestScore] = [j, score];
		}
		return best;
	}

	/** Merge checkpoint j into j + 1: its page versions hold j + 1's bytes unless j + 1 has its own. */
	private drop(j: number): void {
		const gone = this.checkpoints[j];
		const next = this.checkpoints[j + 1];
		for (const s of this.stores) s.merge(gone.id, next.id);
		this.stateBytes -= gone.stateBytes;
		this.checkpoints.splice(j, 1);
	}
}

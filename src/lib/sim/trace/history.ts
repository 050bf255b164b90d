/**
 * Snapshots for stepping backwards, in bounded memory. RAM is kept as page versions: the first
 * snapshot stores every non-zero 4 KiB page, later ones only the pages that differ from the newest
 * version already stored (found by comparing at snapshot time, so the interpreter's hot loop does no
 * dirty tracking). Restoring snapshot k writes back just the pages whose current bytes differ from
 * their version at k, then restores the rest of the machine.
 *
 * Over the memory cap, snapshots are merged away: the one whose loss widens the gaps least,
 * weighted by age, so recent history stays dense (the last few million steps stay close to a snapshot)
 * and old history thins out. The first snapshot and the newest are never dropped.
 */
import type { Machine, MachineSnapshot } from '../machine/machine';
import { PAGE } from './page-codec';

export interface Checkpoint<Extra> {
	readonly id: number;
	/** The session's position (steps taken) when it was taken. */
	readonly steps: number;
	readonly state: MachineSnapshot;
	readonly extra: Extra;
}

interface Version {
	/** Checkpoint id from which the page held these bytes (null: all zero). */
	id: number;
	data: Uint8Array | null;
}

export interface HistoryOptions {
	/** Memory for stored pages and states, in bytes (default 64 MiB). */
	capBytes?: number;
	/** Most checkpoints kept (default 512). */
	maxCheckpoints?: number;
}

/** Rough size of one checkpoint's non-RAM state (harts, devices, queue), for the cap. */
const STATE_BYTES = 4096;

export class History<Extra> {
	private readonly machine: Machine;
	private readonly cap: number;
	private readonly maxCheckpoints: number;
	private checkpoints: Checkpoint<Extra>[] = [];
	/** Per page, its versions in id order; an empty list means the page was zero when first seen. */
	private versions: Version[][] = [];
	private nextId = 0;
	/** Bytes held in page versions. */
	private pageBytes = 0;

	constructor(machine: Machine, opts: HistoryOptions = {}) {
		this.machine = machine;
		this.cap = opts.capBytes ?? 64 * 1024 * 1024;
		this.maxCheckpoints = Math.max(2, opts.maxCheckpoints ?? 512);
	}

	get size(): number {
		return this.checkpoints.length;
	}

	/** Bytes of memory the history holds (pages plus an estimate per checkpoint). */
	get bytes(): number {
		return this.pageBytes + this.checkpoints.length * STATE_BYTES;
	}

	list(): readonly Checkpoint<Extra>[] {
		return this.checkpoints;
	}

	clear(): void {
		this.checkpoints = [];
		this.versions = [];
		this.pageBytes = 0;
	}

	/** Take a checkpoint at `steps` (after the newest one). Returns false if it could not fit. */
	take(steps: number, extra: Extra): boolean {
		const last = this.checkpoints[this.checkpoints.length - 1];
		if (last && steps < last.steps) throw new RangeError('checkpoints must be taken in step order');
		if (last && steps === last.steps) this.checkpoints.pop(); // same position: the newer state wins
		const id = this.nextId++;
		const ram = this.machine.ram;
		const words = ram.i32;
		const pages = ram.size / PAGE;
		if (this.versions.length !== pages) this.versions = Array.from({ length: pages }, () => []);
		for (let p = 0; p < pages; p++) {
			const list = this.versions[p];
			const newest = list.length ? list[list.length - 1].data : null;
			if (samePage(words, p, newest)) continue;
			const data = isZeroPage(words, p) ? null : ram.u8.slice(p * PAGE, (p + 1) * PAGE);
			list.push({ id, data });
			if (data) this.pageBytes += PAGE;
		}
		const state = this.machine.snapshot({ ram: false });
		this.checkpoints.push({ id, steps, state, extra });
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

	/** Put the machine back to checkpoint c (RAM page by page, then everything else). */
	restore(c: Checkpoint<Extra>): void {
		const ram = this.machine.ram;
		const words = ram.i32;
		for (let p = 0; p < this.versions.length; p++) {
			const data = versionAt(this.versions[p], c.id);
			if (samePage(words, p, data)) continue;
			if (data) ram.u8.set(data, p * PAGE);
			else ram.u8.fill(0, p * PAGE, (p + 1) * PAGE);
			ram.dropDecodedPage(p);
		}
		this.machine.restore(c.state, { ram: 'kept' });
	}

	/** Forget checkpoints after `steps` (the future that stepping back undid is replaced). */
	truncateAfter(steps: number): void {
		while (this.checkpoints.length > 1 && this.checkpoints[this.checkpoints.length - 1].steps > steps) {
			const gone = this.checkpoints.pop() as Checkpoint<Extra>;
			for (const list of this.versions)
				while (list.length && list[list.length - 1].id >= gone.id) {
					if (list.pop()?.data) this.pageBytes -= PAGE;
				}
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
		for (const list of this.versions) {
			const i = list.findIndex((v) => v.id === gone.id);
			if (i < 0) continue;
			if (list[i + 1]?.id === next.id) {
				if (list[i].data) this.pageBytes -= PAGE;
				list.splice(i, 1);
			} else list[i].id = next.id;
		}
		this.checkpoints.splice(j, 1);
	}
}

function versionAt(list: Version[], id: number): Uint8Array | null {
	let data: Uint8Array | null = null;
	for (const v of list) {
		if (v.id > id) break;
		data = v.data;
	}
	return data;
}

function isZeroPage(words: Int32Array, p: number): boolean {
	// OR-accumulate 16 words at a time: one branch per 64 bytes instead of one per word.
	for (let i = p * 1024, end = i + 1024; i < end; i += 16) {
		const acc =
			words[i] |
			words[i + 1] |
			words[i + 2] |
			words[i + 3] |
			words[i + 4] |
			words[i + 5] |
			words[i + 6] |
			words[i + 7] |
			words[i + 8] |
			words[i + 9] |
			words[i + 10] |
			words[i + 11] |
			words[i + 12] |
			words[i + 13] |
			words[i + 14] |
			words[i + 15];
		if (acc !== 0) return false;
	}
	return true;
}

/** Whether RAM page p holds exactly `data` (null: zeros). */
function samePage(words: Int32Array, p: number, data: Uint8Array | null): boolean {
	if (data === null) return isZeroPage(words, p);
	const d = new Int32Array(data.buffer, data.byteOffset, 1024);
	for (let i = 0, w = p * 1024; i < 1024; i += 8, w += 8) {
		const diff =
			(words[w] ^ d[i]) |
			(words[w + 1] ^ d[i + 1]) |
			(words[w + 2] ^ d[i + 2]) |
			(words[w + 3] ^ d[i + 3]) |
			(words[w + 4] ^ d[i + 4]) |
			(words[w + 5] ^ d[i + 5]) |
			(words[w + 6] ^ d[i + 6]) |
			(words[w + 7] ^ d[i + 7]);
		if (diff !== 0) return false;
	}
	return true;
}

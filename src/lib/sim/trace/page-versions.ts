/**
 * Page versions of one paged store (RAM now, disk images later) for the history: the first
 * checkpoint stores every non-zero 4 KiB page, later ones only the pages that differ from the newest
 * version already stored (found by comparing at checkpoint time, so the interpreter's hot loop does
 * no dirty tracking). Restoring checkpoint k writes back just the pages whose bytes differ from their
 * version at k.
 */
import { PAGE } from './page-codec';

/** Memory the history versions page by page. Its size is a whole number of pages. */
export interface PagedStore {
	/** For messages and the history's accounting ('ram', a disk's name). */
	readonly name: string;
	readonly u8: Uint8Array;
	readonly i32: Int32Array;
	/** Called after page p was written back (RAM drops the instructions it decoded there). */
	pageRestored?(p: number): void;
	/**
	 * Pages written since the last call, for a store that knows (a disk image: only its device writes
	 * it). take() then compares just those, instead of every page.
	 */
	takeDirty?(): number[];
}

interface Version {
	/** Checkpoint id from which the page held these bytes (null: all zero). */
	id: number;
	data: Uint8Array | null;
}

export class PageVersions {
	/** Per page, its versions in id order; an empty list means the page was zero when first seen. */
	private versions: Version[][] = [];
	/** Bytes held in page versions. */
	bytes = 0;
	/** The next take() compares every page: the newest versions may not match what the store holds. */
	private scanAll = true;

	constructor(readonly store: PagedStore) {}

	clear(): void {
		this.versions = [];
		this.bytes = 0;
		this.scanAll = true;
	}

	/** Record the pages that changed since the newest version, as of checkpoint `id`. */
	take(id: number): void {
		const { u8, i32 } = this.store;
		const pages = u8.length / PAGE;
		if (this.versions.length !== pages) {
			this.versions = Array.from({ length: pages }, () => []);
			this.scanAll = true;
		}
		const dirty = this.store.takeDirty?.();
		const all = this.scanAll || dirty === undefined;
		this.scanAll = false;
		const todo = all ? pages : dirty.length;
		for (let k = 0; k < todo; k++) {
			const p = all ? k : dirty[k];
			const list = this.versions[p];
			const newest = list.length ? list[list.length - 1].data : null;
			if (samePage(i32, p, newest)) continue;
			const data = isZeroPage(i32, p) ? null : u8.slice(p * PAGE, (p + 1) * PAGE);
			list.push({ id, data });
			if (data) this.bytes += PAGE;
		}
	}

	/** Put back every page as it was at checkpoint `id`. */
	restore(id: number): void {
		const { u8, i32 } = this.store;
		for (let p = 0; p < this.versions.length; p++) {
			const data = versionAt(this.versions[p], id);
			if (samePage(i32, p, data)) continue;
			if (data) u8.set(data, p * PAGE);
			else u8.fill(0, p * PAGE, (p + 1) * PAGE);
			this.store.pageRestored?.(p);
		}
		this.scanAll = true;
	}

	/** Forget the versions of checkpoints from `id` on. */
	truncateFrom(id: number): void {
		this.scanAll = true;
		for (const list of this.versions)
			while (list.length && list[list.length - 1].id >= id) if (list.pop()?.data) this.bytes -= PAGE;
	}

	/** Merge checkpoint `gone` into `next`: its versions hold next's bytes unless next has its own. */
	merge(gone: number, next: number): void {
		for (const list of this.versions) {
			const i = list.findIndex((v) => v.id === gone);
			if (i < 0) continue;
			if (list[i + 1]?.id === next) {
				if (list[i].data) this.bytes -= PAGE;
				list.splice(i, 1);
			} else list[i].id = next;
		}
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

/** Whether page p holds exactly `data` (null: zeros). */
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

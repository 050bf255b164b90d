/**
 * Physical RAM: one ArrayBuffer seen through several typed-array views, so an aligned access is a
 * single indexed load. Every host running Node or a browser is little-endian, as RISC-V is
 * (unprivileged §1.5, "RISC-V ... memory system is little-endian"), so the views need no byte swaps.
 *
 * The RAM also carries the hart's pre-decoded instruction cache (one byte per word: 0 = not decoded)
 * because every write to RAM must invalidate it; keeping both here makes that impossible to forget.
 */
export const RAM_BASE = 0x8000_0000;

/**
 * `code[word]`: 0 = not decoded; else op | cycles << 8 (the hart's op, see hart/execute.ts, and its
 * cost from the machine's cost table, so one load gives both). Markers below carry no cost.
 */
export const CODE_NONE = 0;
/** A breakpoint: fetching this word stops the hart (machine/breakpoints). Survives stores. */
export const CODE_BREAK = 254;
/** The word is watched (e.g. HTIF tohost): stores to it call the watcher. Never cached as code. */
export const CODE_WATCH = 255;

export type WordWatcher = (wordIndex: number) => void;

/**
 * Told when code entries change other than by decoding: word `lo` to `hi` inclusive lost their decoded
 * instruction or gained or lost a marker (lo = 0, hi = Infinity: possibly all of RAM). Block
 * translations (hart/jit) are built from these entries and drop what they covered.
 */
export type CodeListener = (lo: number, hi: number) => void;

export class Ram {
	readonly base: number;
	readonly size: number;
	readonly u8: Uint8Array;
	readonly i8: Int8Array;
	readonly u16: Uint16Array;
	readonly i16: Int16Array;
	readonly i32: Int32Array;
	/** Pre-decoded instruction per word: op | cost << 8, CODE_NONE, or a marker (CODE_BREAK, CODE_WATCH). */
	readonly code: Uint16Array;
	/** Per word, the decoded immediate (branches, jumps, auipc: the pc-relative offset). Valid when code != 0. */
	readonly imm: Int32Array;
	/**
	 * One byte per 4 KiB page: non-zero once any word in the page was decoded or marked. A store
	 * checks this small table first, so stores to data pages never touch `code` (kinder to the cache).
	 */
	readonly codePages: Uint8Array;
	private readonly watchers = new Map<number, WordWatcher>();
	/** Translation caches built over `code` (one per hart running the translator). */
	readonly codeListeners: CodeListener[] = [];
	/** Lowest and highest word index decoded since the last flush, so FENCE.I clears only that. */
	private decodedLo = Infinity;
	private decodedHi = -1;

	constructor(sizeBytes: number, base = RAM_BASE) {
		if (!Number.isInteger(sizeBytes) || sizeBytes <= 0 || sizeBytes % 4096 !== 0)
			throw new RangeError(`RAM size must be a positive multiple of 4096 bytes, got ${sizeBytes}`);
		if (base + sizeBytes > 2 ** 32) throw new RangeError('RAM does not fit below 4 GiB');
		this.base = base;
		this.size = sizeBytes;
		const buf = new ArrayBuffer(sizeBytes);
		this.u8 = new Uint8Array(buf);
		this.i8 = new Int8Array(buf);
		this.u16 = new Uint16Array(buf);
		this.i16 = new Int16Array(buf);
		this.i32 = new Int32Array(buf);
		this.code = new Uint16Array(sizeBytes >>> 2);
		this.imm = new Int32Array(sizeBytes >>> 2);
		this.codePages = new Uint8Array(sizeBytes >>> 12);
	}

	/** Offset of a physical address inside RAM, or -1. */
	offset(addr: number, len = 1): number {
		const off = (addr - this.base) >>> 0;
		return off + len <= this.size ? off : -1;
	}

	/** Record that a word now holds a decoded instruction (the hart calls this when caching). */
	noteDecoded(word: number): void {
		this.codePages[word >>> 10] = 1;
		if (word < this.decodedLo) this.decodedLo = word;
		if (word > this.decodedHi) this.decodedHi = word;
	}

	/** A store hit a word whose code byte is non-zero: drop the cached decode or call the watcher. */
	touched(word: number): void {
		const c = this.code[word];
		if (c === CODE_WATCH) this.watchers.get(word)?.(word);
		else if (c !== CODE_BREAK) {
			this.code[word] = CODE_NONE;
			this.codeChanged(word, word);
		}
	}

	private codeChanged(lo: number, hi: number): void {
		for (const f of this.codeListeners) f(lo, hi);
	}

	/** FENCE.I (Zifencei §3.1): forget every decoded instruction (watch markers stay). */
	flushDecoded(): void {
		const code = this.code;
		for (let w = this.decodedLo; w <= this.decodedHi; w++)
			if (code[w] !== CODE_BREAK && code[w] !== CODE_WATCH) code[w] = CODE_NONE;
		this.decodedLo = Infinity;
		this.decodedHi = -1;
		this.codeChanged(0, Infinity);
	}

	/** Call fn after every store to the word holding physical address addr. */
	watch(addr: number, fn: WordWatcher): void {
		const off = this.offset(addr, 4);
		if (off < 0 || off & 3) throw new RangeError(`cannot watch 0x${addr.toString(16)}`);
		this.watchers.set(off >>> 2, fn);
		this.code[off >>> 2] = CODE_WATCH;
		this.codePages[off >>> 12] = 1;
		this.codeChanged(off >>> 2, off >>> 2);
	}

	/** Set or clear a breakpoint marker on the word holding addr; false if addr is not in RAM. */
	setBreak(addr: number, on: boolean): boolean {
		const off = this.offset(addr, 4);
		if (off < 0) return false;
		const w = off >>> 2;
		if (on) {
			this.code[w] = CODE_BREAK;
			this.codePages[w >>> 10] = 1;
		} else if (this.code[w] === CODE_BREAK) this.code[w] = CODE_NONE;
		this.codeChanged(w, w);
		return true;
	}

	unwatchAll(): void {
		for (const w of this.watchers.keys()) {
			this.code[w] = CODE_NONE;
			this.codeChanged(w, w);
		}
		this.watchers.clear();
	}

	/**
	 * Replace all of RAM (restoring a snapshot). Decoded instructions are dropped page by page where
	 * any were cached; breakpoint and watch markers stay.
	 */
	restoreAll(bytes: Uint8Array): void {
		if (bytes.length !== this.size)
			throw new RangeError(`snapshot RAM is ${bytes.length} bytes, not ${this.size}`);
		this.u8.set(bytes);
		for (let page = 0; page < this.codePages.length; page++) this.dropDecodedPage(page);
	}

	/**
	 * Forget decoded instructions in one 4 KiB page whose bytes were replaced behind the RAM's back
	 * (a snapshot's pages put back); breakpoint and watch markers stay.
	 */
	dropDecodedPage(page: number): void {
		if (!this.codePages[page]) return;
		const code = this.code;
		for (let w = page << 10, end = w + 1024; w < end; w++)
			if (code[w] !== CODE_BREAK && code[w] !== CODE_WATCH) code[w] = CODE_NONE;
		this.codeChanged(page << 10, (page << 10) + 1023);
	}

	/** Copy bytes in (loader, DMA); invalidates decoded code and notifies watchers. */
	writeBytes(off: number, bytes: Uint8Array): void {
		this.u8.set(bytes, off);
		this.touchRange(off, bytes.length);
	}

	fill(off: number, len: number, value = 0): void {
		this.u8.fill(value, off, off + len);
		this.touchRange(off, len);
	}

	private touchRange(off: number, len: number): void {
		if (len <= 0) return;
		const code = this.code;
		for (let w = off >>> 2, end = (off + len - 1) >>> 2; w <= end; w++) if (code[w]) this.touched(w);
	}

	/** Little-endian read of 1, 2 or 4 bytes at any alignment (the caller checked bounds). */
	read(off: number, size: number): number {
		const u8 = this.u8;
		if (size === 1) return u8[off];
		if (size === 2) return u8[off] | (u8[off + 1] << 8);
		return u8[off] | (u8[off + 1] << 8) | (u8[off + 2] << 16) | (u8[off + 3] << 24);
	}

	/** Little-endian write of 1, 2 or 4 bytes at any alignment (the caller checked bounds). */
	write(off: number, size: number, value: number): void {
		const u8 = this.u8;
		u8[off] = value;
		if (size >= 2) u8[off + 1] = value >>> 8;
		if (size === 4) {
			u8[off + 2] = value >>> 16;
			u8[off + 3] = value >>> 24;
		}
		const code = this.code;
		const w0 = off >>> 2;
		const w1 = (off + size - 1) >>> 2;
		if (code[w0]) this.touched(w0);
		if (w1 !== w0 && code[w1]) this.touched(w1);
	}
}

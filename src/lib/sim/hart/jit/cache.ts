/**
 * The block translator's cache and runner for one hart. The interpreter (execute.ts) asks it at each
 * fetch it serves inline whether a translated block starts at that RAM word; words are counted, and a
 * word fetched HOT times becomes the start of a block compiled with `new Function` (emit.ts).
 *
 * Why blocks are keyed by physical word and virtual pc only, not by mode, satp or ASID: a block holds
 * fast-path instructions alone (block.ts), which reach memory through the interpreter's windows
 * (passed in at every entry, moved only by the interpreter's own slow path, slow.ts) and through the
 * TLB, and a block is entered only where the fetch window maps the pc onto its first word and
 * covers all of it. Whatever changes translation (a satp or mstatus write, SFENCE.VMA, a trap or xRET,
 * MPRV) already resets those windows, so a block sees translation exactly as the interpreter's next
 * instruction would. What a block does depend on is the decode cache it was built from: the RAM tells
 * every change of it (stores into decoded words, FENCE.I, breakpoints and watches, restored pages) to
 * `codeChanged`, which drops the blocks covering those words.
 *
 * Nothing here is architectural state: it is never in a snapshot, and a restore drops it (flush()).
 */
import { div, divu, mulh, mulhsu, mulhu, rem, remu } from '../arith';
import type { Hart } from '../hart';
import { scanBlock } from './block';
import { slowLoad, slowStore } from './slow';
import { BLOCK_PARAMS, BLOCK_SCOPE, emitBlock } from './emit';

/** Fetches of a word before a block is compiled from it. */
export const HOT = 24;
/** The longest block (instructions). */
export const MAX_BLOCK = 64;
/** Words per cache page (a 4 KiB page of RAM). */
const PAGE_WORDS = 1024;

type BlockFn = (
	budget: number,
	lbase: number,
	lsize: number,
	ldelta: number,
	sbase: number,
	ssize: number,
	sdelta: number
) => number;

interface Block {
	/** First RAM word and length in words. */
	start: number;
	words: number;
	/** The virtual pc it was compiled for (int32): its constants are folded for this pc. */
	pc: number;
	run: BlockFn;
	/** False once dropped: a successor link to it is then stale. */
	alive: boolean;
	/**
	 * The last two blocks that followed this one (a branch's two ways, a return's last caller), so
	 * chaining from block to block skips the lookup. Checked for pc and `alive` before use.
	 */
	next0: Block | undefined;
	next1: Block | undefined;
}

/** Per 4 KiB page of RAM: fetch counts, the blocks starting in it, and every block overlapping it. */
interface CachePage {
	heat: Uint8Array;
	starts: (Block | undefined)[];
	overlapping: Block[];
}

/** What a generated block reports besides the next pc. */
export interface BlockOut {
	steps: number;
	cycles: number;
	/**
	 * Set when the block left early: at an instruction for the interpreter's slow path, or after a
	 * store that hit a decoded word (which may have rewritten the block, or stopped the machine).
	 */
	exit: number;
}

export class BlockCache {
	private pages: (CachePage | undefined)[] = [];
	private readonly out: BlockOut = { steps: 0, cycles: 0, exit: 0 };
	private readonly scope: unknown[];
	/** After run(): the next pc (int32) and the cycles taken. */
	pc = 0;
	cycles = 0;
	/**
	 * After run(): whether the last block left early (out.exit), so the instruction at pc is most
	 * likely one for the slow path: the interpreter runs it without asking here again.
	 */
	exited = false;
	/** Blocks compiled (a statistic for tests and the bench). */
	compiled = 0;
	/** Fetches of a word before it starts a block (tests set 1 to translate everything at once). */
	hot = HOT;

	constructor(private readonly h: Hart) {
		const ram = h.ram;
		const values: Record<(typeof BLOCK_SCOPE)[number], unknown> = {
			x: h.x,
			m32: ram.i32,
			m16: ram.i16,
			u16: ram.u16,
			m8: ram.i8,
			u8: ram.u8,
			code: ram.code,
			pages: ram.codePages,
			ram,
			out: this.out,
			h,
			slowLoad,
			slowStore,
			mulh,
			mulhsu,
			mulhu,
			div,
			divu,
			rem,
			remu
		};
		this.scope = BLOCK_SCOPE.map((k) => values[k]);
		ram.codeListeners.push((lo, hi) => this.codeChanged(lo, hi));
	}

	/** Forget every block and count (a restore, a reload). */
	flush(): void {
		this.pages = [];
	}

	/** Code entries lo..hi changed: drop the blocks over them. */
	private codeChanged(lo: number, hi: number): void {
		if (hi - lo >= PAGE_WORDS * 64) return this.flush();
		for (let p = lo >>> 10; p <= hi >>> 10; p++) {
			const page = this.pages[p];
			if (page === undefined || page.overlapping.length === 0) continue;
			for (const b of [...page.overlapping]) if (b.start <= hi && b.start + b.words > lo) this.drop(b);
		}
	}

	private drop(b: Block): void {
		b.alive = false;
		const first = this.pages[b.start >>> 10];
		if (first !== undefined && first.starts[b.start & (PAGE_WORDS - 1)] === b)
			first.starts[b.start & (PAGE_WORDS - 1)] = undefined;
		for (let p = b.start >>> 10; p <= (b.start + b.words - 1) >>> 10; p++) {
			const page = this.pages[p];
			if (page !== undefined) page.overlapping = page.overlapping.filter((o) => o !== b);
		}
	}

	private page(p: number): CachePage {
		let page = this.pages[p];
		if (page === undefined) {
			page = { heat: new Uint8Array(PAGE_WORDS), starts: [], overlapping: [] };
			this.pages[p] = page;
		}
		return page;
	}

	/**
	 * The interpreter is about to fetch RAM word `i` at `pc` (int32), inside its fetch window. Run
	 * translated blocks from there, chaining from block to block while each fits in `budget` steps and
	 * in the fetch window. Returns the steps taken (0: none; the interpreter goes on), with this.pc and
	 * this.cycles set. A block that ends inside the budget's last steps is left to the interpreter.
	 */
	run(pc: number, i: number, budget: number): number {
		const h = this.h;
		const slot = i & (PAGE_WORDS - 1);
		let found = this.pages[i >>> 10]?.starts[slot];
		if (found === undefined || found.pc !== pc) {
			const page = this.page(i >>> 10);
			if (++page.heat[slot] < this.hot) return 0;
			page.heat[slot] = 0;
			found = this.compile(pc, i);
			if (found === undefined) return 0;
		}
		let b: Block = found;
		const fbase = h.fetchBase;
		const fsize = h.fetchSize;
		const fword = h.fetchWord;
		let lbase = h.loadBase;
		let lsize = h.loadSize;
		let ldelta = h.loadDelta;
		let sbase = h.storeBase;
		let ssize = h.storeSize;
		let sdelta = h.storeDelta;
		const out = this.out;
		let steps = 0;
		let cycles = 0;
		this.exited = false;
		for (;;) {
			const off = (pc - fbase) | 0;
			if (b.words > budget - steps || (off >>> 0) + 4 * b.words > fsize) break;
			pc = b.run(budget - steps, lbase, lsize, ldelta, sbase, ssize, sdelta);
			// A block may have moved the data windows (slow.ts): the next one starts from where they are.
			lbase = h.loadBase;
			lsize = h.loadSize;
			ldelta = h.loadDelta;
			sbase = h.storeBase;
			ssize = h.storeSize;
			sdelta = h.storeDelta;
			steps += out.steps;
			cycles += out.cycles;
			if (out.exit !== 0) {
				out.exit = 0;
				this.exited = true;
				break;
			}
			const o = (pc - fbase) | 0;
			if (o >>> 0 >= fsize) break;
			// The fetch window maps pc onto word j; a linked block at this pc was built from word j
			// only if it is the one starting there, which `alive` and the lookup that linked it say.
			let next: Block | undefined = b.next0;
			if (next === undefined || next.pc !== pc || !next.alive || next.start !== (o >>> 2) + fword) {
				next = b.next1;
				if (next === undefined || next.pc !== pc || !next.alive || next.start !== (o >>> 2) + fword) {
					const j = (o >>> 2) + fword;
					next = this.pages[j >>> 10]?.starts[j & (PAGE_WORDS - 1)];
					if (next === undefined || next.pc !== pc) break;
					b.next1 = b.next0;
					b.next0 = next;
				}
			}
			b = next;
		}
		this.pc = pc;
		this.cycles = cycles;
		return steps;
	}

	/** Compile the block at word i (pc); undefined when its first instruction is not translatable. */
	private compile(pc: number, i: number): Block | undefined {
		const h = this.h;
		const off = (pc - h.fetchBase) | 0;
		const room = Math.min(MAX_BLOCK, (h.fetchSize - (off >>> 0)) >>> 2);
		const insns = scanBlock(h, i, room);
		if (insns.length === 0) return undefined;
		const body = emitBlock(insns, pc);
		const factory = new Function(
			...BLOCK_SCOPE,
			`return function (${BLOCK_PARAMS.join(', ')}) {\n${body}\n};`
		);
		const run = factory(...this.scope) as BlockFn;
		const b: Block = {
			start: i,
			words: insns.length,
			pc,
			run,
			alive: true,
			next0: undefined,
			next1: undefined
		};
		const old = this.pages[i >>> 10]?.starts[i & (PAGE_WORDS - 1)];
		if (old !== undefined) this.drop(old);
		this.page(i >>> 10).starts[i & (PAGE_WORDS - 1)] = b;
		for (let p = i >>> 10; p <= (i + b.words - 1) >>> 10; p++) this.page(p).overlapping.push(b);
		this.compiled++;
		return b;
	}
}

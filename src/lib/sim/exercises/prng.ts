/**
 * The exercises' own seeded PRNG (sfc32, from PractRand): a seed fixes every random choice, in Node and
 * in the browser alike, because the simulator never reads Math.random (DESIGN.md, "Determinism").
 */

/** FNV-1a over UTF-16 code units: a student's name or ID hashed into a 32-bit seed. */
export function hashText(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** A seed as typed (`42`, `0x2a`) or any other text (a name), as an unsigned 32-bit number. */
export function parseSeed(text: string): number {
	const t = text.trim();
	if (/^\d{1,10}$/.test(t) && Number(t) <= 0xffff_ffff) return Number(t);
	if (/^0x[0-9a-f]{1,8}$/i.test(t)) return Number.parseInt(t.slice(2), 16);
	return hashText(t);
}

/**
 * A student's own seed, from their name or ID and the instructor's seed text (if any): what a
 * per-student link carries, and what the grader recomputes to check a handed-in file.
 */
export function studentSeed(seedText: string | undefined, student: string): number {
	return hashText(seedText ? `${seedText}:${student}` : student);
}

/** Combine a seed with a label, so that problem 3 of a set does not repeat problem 1's choices. */
export function deriveSeed(seed: number, label: string): number {
	return hashText(`${seed >>> 0}/${label}`);
}

export class Prng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	constructor(seed: number) {
		this.a = 0x9e3779b9;
		this.b = 0x243f6a88;
		this.c = 0xb7e15162;
		this.d = seed >>> 0;
		// sfc32's authors advise discarding the first outputs so nearby seeds diverge.
		for (let i = 0; i < 15; i++) this.next();
	}

	/** A uniform unsigned 32-bit integer. */
	next(): number {
		const t = (((this.a + this.b) | 0) + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return t >>> 0;
	}

	/** An integer in [lo, hi], both inclusive. */
	int(lo: number, hi: number): number {
		return lo + Math.floor((this.next() / 2 ** 32) * (hi - lo + 1));
	}

	/** True with probability p. */
	chance(p: number): boolean {
		return this.next() / 2 ** 32 < p;
	}

	pick<T>(items: readonly T[]): T {
		return items[this.int(0, items.length - 1)];
	}

	/** A shuffled copy (Fisher–Yates). */
	shuffle<T>(items: readonly T[]): T[] {
		const out = [...items];
		for (let i = out.length - 1; i > 0; i--) {
			const j = this.int(0, i);
			[out[i], out[j]] = [out[j], out[i]];
		}
		return out;
	}

	/** `n` distinct items, in random order. */
	sample<T>(items: readonly T[], n: number): T[] {
		return this.shuffle(items).slice(0, n);
	}
}

/**
 * What diskcheck and diskbench (src/lib/sim/guest/user/) write, recomputed here so a test can check
 * a disk image's bytes after a boot, on QEMU or on vmscope: the same functions as
 * user/diskpattern.c, and a fresh image whose first sectors hold known text.
 */

export const SECTOR = 512;
export const CHECK_SALT = 0xd15cc0de; // diskcheck.c SALT
export const CHECK_FIRST = 64; // the sectors diskcheck writes: 64..95
export const CHECK_COUNT = 32;
export const BENCH_SEQ_SALT = 0xbe9c0001; // diskbench.c
export const BENCH_RAND_SALT = 0xbe9c0002;
export const BENCH_FIRST = 2048;

/** Word i of sector s as the writer with `salt` writes it (diskpattern.c pattern_word). */
export function patternWord(salt: number, sector: number, i: number): number {
	return (Math.imul(sector * 128 + i, 2654435761) ^ salt) >>> 0;
}

/** `count` sectors of the pattern from `sector`, as bytes (little-endian words). */
export function patternBytes(salt: number, sector: number, count: number): Uint8Array {
	const out = new Uint8Array(count * SECTOR);
	const view = new DataView(out.buffer);
	for (let s = 0; s < count; s++)
		for (let i = 0; i < 128; i++)
			view.setUint32(s * SECTOR + i * 4, patternWord(salt, sector + s, i), true);
	return out;
}

/** FNV-1a, 32 bits (diskpattern.c fnv1a). */
export function fnv1a(bytes: Uint8Array, h = 2166136261): number {
	for (const b of bytes) h = Math.imul(h ^ b, 16777619) >>> 0;
	return h;
}

/** A fresh image of `sectors` sectors: zeros, except sectors 0..7, each filled with a line naming it. */
export function freshImage(sectors: number): Uint8Array {
	const img = new Uint8Array(sectors * SECTOR);
	for (let s = 0; s < 8; s++) {
		const line = new TextEncoder().encode(`vmscope disk image, sector ${s}\n`);
		for (let i = 0; i < SECTOR; i++) img[s * SECTOR + i] = line[i % line.length];
	}
	return img;
}

/** The bytes of sectors [first, first + count) of an image. */
export const sectors = (img: Uint8Array, first: number, count: number) =>
	img.subarray(first * SECTOR, (first + count) * SECTOR);

/** Equal byte arrays (without printing megabytes when they differ). */
export const sameBytes = (a: Uint8Array, b: Uint8Array) =>
	a.length === b.length && a.every((x, i) => x === b[i]);

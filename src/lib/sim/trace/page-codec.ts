/**
 * RAM as compact bytes: 4 KiB pages, each stored as zero (elided), raw, or run-length encoded
 * (PackBits: a control byte n < 128 is followed by n + 1 literal bytes; n ≥ 128 by one byte repeated
 * n − 125 times, 3 to 130). Deterministic: the same RAM always encodes to the same bytes.
 */
export const PAGE = 4096;
const ZERO = 0;
const RAW = 1;
const RLE = 2;

function isZero(words: Int32Array, from: number): boolean {
	for (let i = from, end = from + PAGE / 4; i < end; i++) if (words[i] !== 0) return false;
	return true;
}

/** PackBits-encode src[from, from+len) into out at o; returns the new o, or -1 past `limit`. */
function packBits(src: Uint8Array, from: number, len: number, out: Uint8Array, o: number, limit: number) {
	const end = from + len;
	let i = from;
	while (i < end) {
		let run = 1;
		while (i + run < end && run < 130 && src[i + run] === src[i]) run++;
		if (run >= 3) {
			if (o + 2 > limit) return -1;
			out[o++] = run + 125;
			out[o++] = src[i];
			i += run;
			continue;
		}
		// Literals up to the next run of 3 (or 128 bytes).
		let n = 0;
		while (i + n < end && n < 128) {
			if (i + n + 2 < end && src[i + n] === src[i + n + 1] && src[i + n] === src[i + n + 2]) break;
			n++;
		}
		if (o + 1 + n > limit) return -1;
		out[o++] = n - 1;
		out.set(src.subarray(i, i + n), o);
		o += n;
		i += n;
	}
	return o;
}

/** Encode RAM (a multiple of 4 KiB). */
export function encodePages(ram: Uint8Array): Uint8Array {
	if (ram.length % PAGE) throw new RangeError(`RAM length ${ram.length} is not a multiple of ${PAGE}`);
	const words = new Int32Array(ram.buffer, ram.byteOffset, ram.length >>> 2);
	const pages = ram.length / PAGE;
	// Worst case: every page raw plus its tag byte.
	const out = new Uint8Array(pages * (PAGE + 1));
	let o = 0;
	for (let p = 0; p < pages; p++) {
		const from = p * PAGE;
		if (isZero(words, from >>> 2)) {
			out[o++] = ZERO;
			continue;
		}
		const tagAt = o;
		const end = packBits(ram, from, PAGE, out, o + 1, o + 1 + PAGE - 1);
		if (end >= 0) {
			out[tagAt] = RLE;
			o = end;
		} else {
			out[o++] = RAW;
			out.set(ram.subarray(from, from + PAGE), o);
			o += PAGE;
		}
	}
	return out.slice(0, o);
}

/** Decode into a RAM of `size` bytes; throws RangeError naming the page that is damaged. */
export function decodePages(bytes: Uint8Array, size: number): Uint8Array {
	const ram = new Uint8Array(size);
	let o = 0;
	for (let p = 0; p < size / PAGE; p++) {
		const tag = bytes[o++];
		const base = p * PAGE;
		if (tag === ZERO) continue;
		if (tag === RAW) {
			if (o + PAGE > bytes.length) throw new RangeError(`ram: page ${p} is truncated`);
			ram.set(bytes.subarray(o, o + PAGE), base);
			o += PAGE;
			continue;
		}
		if (tag !== RLE) throw new RangeError(`ram: page ${p} has unknown encoding ${tag ?? 'end of data'}`);
		let i = 0;
		while (i < PAGE) {
			if (o >= bytes.length) throw new RangeError(`ram: page ${p} is truncated`);
			const n = bytes[o++];
			const count = n < 128 ? n + 1 : n - 125;
			if (i + count > PAGE) throw new RangeError(`ram: page ${p} decodes past its end`);
			if (n < 128) {
				if (o + count > bytes.length) throw new RangeError(`ram: page ${p} is truncated`);
				ram.set(bytes.subarray(o, o + count), base + i);
				o += count;
			} else ram.fill(bytes[o++], base + i, base + i + count);
			i += count;
		}
	}
	if (o !== bytes.length) throw new RangeError(`ram: ${bytes.length - o} bytes after the last page`);
	return ram;
}

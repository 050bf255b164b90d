/**
 * What every parser in net/ shares: the ParseError it answers instead of throwing, big-endian field
 * access, and MAC addresses as text and bytes.
 */

/** What a parser says about bytes it cannot read: where, and why. */
export interface ParseError {
	error: string;
	offset: number;
}

export type Parsed<T> = T | ParseError;

export function isParseError<T extends object>(p: Parsed<T>): p is ParseError {
	return 'error' in p && typeof (p as ParseError).offset === 'number';
}

export const fail = (offset: number, error: string): ParseError => ({ error, offset });

// ---- addresses ----

/** "52:54:00:12:34:56" as six bytes; undefined unless it is six two-digit hex bytes. */
export function parseMac(s: string): Uint8Array | undefined {
	const m = /^([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2})$/i.exec(
		s
	);
	return m ? Uint8Array.from(m.slice(1), (h) => parseInt(h, 16)) : undefined;
}

export function macString(b: Uint8Array, at = 0): string {
	return Array.from(b.subarray(at, at + 6), (x) => x.toString(16).padStart(2, '0')).join(':');
}

export function macBytes(mac: string | Uint8Array): Uint8Array {
	if (typeof mac !== 'string') return mac;
	const b = parseMac(mac);
	if (!b) throw new RangeError(`not a MAC address: '${mac}'`);
	return b;
}

// ---- byte helpers ----

export const u16 = (b: Uint8Array, o: number) => (b[o] << 8) | b[o + 1];
export const u32 = (b: Uint8Array, o: number) =>
	((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
export function put16(b: Uint8Array, o: number, v: number): void {
	b[o] = (v >>> 8) & 0xff;
	b[o + 1] = v & 0xff;
}
export function put32(b: Uint8Array, o: number, v: number): void {
	put16(b, o, v >>> 16);
	put16(b, o + 2, v & 0xffff);
}

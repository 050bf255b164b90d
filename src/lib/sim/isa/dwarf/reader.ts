/**
 * A little-endian cursor over one DWARF section. Every read checks bounds against a limit (the
 * section end, or the end of the unit being read) and throws DwarfReadError when it would cross it;
 * the line-table decoder catches that error at unit level and reports it, so nothing escapes the
 * public API.
 */

/** A read ran past its limit or met an impossible encoding; `offset` is where, in the section. */
export class DwarfReadError extends Error {
	constructor(
		readonly offset: number,
		message: string
	) {
		super(message);
		this.name = 'DwarfReadError';
	}
}

/** One problem found while decoding: the section, the byte offset in it, and what was wrong. */
export interface DwarfError {
	readonly section: string;
	readonly offset: number;
	readonly message: string;
}

const TWO_32 = 2 ** 32;
const decoder = new TextDecoder('utf-8', { fatal: false });

export class DwarfReader {
	/** Offset of the next byte to read. */
	pos: number;
	/** One past the last byte this reader may read. */
	limit: number;

	constructor(
		readonly bytes: Uint8Array,
		pos = 0,
		limit = bytes.length
	) {
		this.pos = pos;
		this.limit = Math.min(limit, bytes.length);
	}

	get remaining(): number {
		return this.limit - this.pos;
	}

	/** Throws unless n more bytes are available. */
	need(n: number, what: string): void {
		if (n < 0 || this.pos + n > this.limit)
			throw new DwarfReadError(
				this.pos,
				`${what}: needs ${n} bytes, only ${Math.max(0, this.limit - this.pos)} left`
			);
	}

	u8(what = 'u8'): number {
		this.need(1, what);
		return this.bytes[this.pos++];
	}

	s8(what = 's8'): number {
		return (this.u8(what) << 24) >> 24;
	}

	u16(what = 'u16'): number {
		this.need(2, what);
		const b = this.bytes;
		const v = b[this.pos] | (b[this.pos + 1] << 8);
		this.pos += 2;
		return v;
	}

	u32(what = 'u32'): number {
		this.need(4, what);
		const b = this.bytes;
		const p = this.pos;
		this.pos += 4;
		return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
	}

	/**
	 * A 64-bit value as a number. Values above 2^53 lose precision, which only matters for
	 * 64-bit addresses and lengths that cannot fit a 32-bit target anyway (callers range-check).
	 */
	u64(what = 'u64'): number {
		const lo = this.u32(what);
		const hi = this.u32(what);
		return hi * TWO_32 + lo;
	}

	/** An unsigned value of `size` bytes (1, 2, 4 or 8): addresses, offsets, data forms. */
	uN(size: number, what: string): number {
		switch (size) {
			case 1:
				return this.u8(what);
			case 2:
				return this.u16(what);
			case 4:
				return this.u32(what);
			case 8:
				return this.u64(what);
			default:
				throw new DwarfReadError(this.pos, `${what}: unsupported size ${size}`);
		}
	}

	/**
	 * DWARF 4/5 §7.6: unsigned LEB128, 7 bits a byte, high bit set on all but the last. Bits beyond
	 * 2^53 are dropped (no line-table quantity needs them) but the bytes are still consumed.
	 */
	uleb(what = 'ULEB128'): number {
		let result = 0;
		let scale = 1;
		for (;;) {
			const byte = this.u8(what);
			if (scale < 2 ** 53) result += (byte & 0x7f) * scale;
			scale *= 128;
			if (!(byte & 0x80)) return result;
		}
	}

	/** DWARF 4/5 §7.6: signed LEB128; the sign is bit 6 of the last byte. */
	sleb(what = 'SLEB128'): number {
		let result = 0;
		let scale = 1;
		for (;;) {
			const byte = this.u8(what);
			if (scale < 2 ** 53) result += (byte & 0x7f) * scale;
			scale *= 128;
			if (!(byte & 0x80)) {
				if (byte & 0x40 && scale <= 2 ** 53) result -= scale;
				return result;
			}
		}
	}

	/** A NUL-terminated UTF-8 string (DW_FORM_string); the NUL must lie inside the limit. */
	cstring(what = 'string'): string {
		const start = this.pos;
		const end = this.bytes.indexOf(0, start);
		if (end < 0 || end >= this.limit)
			throw new DwarfReadError(start, `${what}: no terminating NUL before offset ${this.limit}`);
		this.pos = end + 1;
		return decodeText(this.bytes, start, end);
	}

	skip(n: number, what: string): void {
		this.need(n, what);
		this.pos += n;
	}
}

/**
 * The NUL-terminated string at `offset` in a string section (.debug_str, .debug_line_str);
 * `errorAt` is the offset of the referring form, where a failure is reported.
 */
export function stringAt(
	section: Uint8Array | undefined,
	name: string,
	offset: number,
	errorAt: number
): string {
	if (!section) throw new DwarfReadError(errorAt, `string reference ${name}+${offset}: ${name} is absent`);
	if (offset >= section.length)
		throw new DwarfReadError(
			errorAt,
			`string reference ${name}+${offset}: outside ${name} (${section.length} bytes)`
		);
	const end = section.indexOf(0, offset);
	if (end < 0) throw new DwarfReadError(errorAt, `string reference ${name}+${offset}: no terminating NUL`);
	return decodeText(section, offset, end);
}

function decodeText(bytes: Uint8Array, start: number, end: number): string {
	// Paths are nearly always ASCII; avoid the TextDecoder call for them.
	let ascii = true;
	for (let i = start; i < end; i++)
		if (bytes[i] >= 0x80) {
			ascii = false;
			break;
		}
	if (ascii && end - start < 4096) return String.fromCharCode(...bytes.subarray(start, end));
	return decoder.decode(bytes.subarray(start, end));
}

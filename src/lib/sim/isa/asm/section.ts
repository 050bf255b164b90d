/**
 * A section being assembled: its bytes so far, what must be patched once addresses are known, and
 * where each instruction came from. Offsets are final as soon as bytes are emitted: vmscope never
 * relaxes or compresses, so pass 1 knows every size.
 */
import type { Emit } from './emit';
import type { Pos } from './errors';
import type { Expr } from './expr';

/** A compiler's source position from `.loc`. */
export interface SourceLoc {
	readonly file: string;
	readonly line: number;
	readonly col: number;
}

export interface SectionFlags {
	readonly alloc: boolean;
	readonly write: boolean;
	readonly exec: boolean;
	/** No file contents (`.bss`, `@nobits`): only zeros may be reserved here. */
	readonly nobits: boolean;
}

/** Patches applied after layout, at `off` in the section. */
export type Fixup =
	| { readonly kind: 'insn'; readonly off: number; readonly emit: Emit; readonly at: Pos }
	| {
			readonly kind: 'data';
			readonly off: number;
			readonly size: number;
			readonly expr: Expr;
			readonly at: Pos;
	  };

/** ELF's default flags for a section by name (GNU as: "special" sections, matched by prefix). */
export function defaultFlags(name: string): SectionFlags {
	const is = (p: string) => name === p || name.startsWith(p + '.');
	if (is('.text')) return { alloc: true, write: false, exec: true, nobits: false };
	if (is('.rodata') || is('.srodata')) return { alloc: true, write: false, exec: false, nobits: false };
	if (is('.data') || is('.sdata')) return { alloc: true, write: true, exec: false, nobits: false };
	if (is('.bss') || is('.sbss')) return { alloc: true, write: true, exec: false, nobits: true };
	return { alloc: false, write: false, exec: false, nobits: false };
}

export class Section {
	private buf = new Uint8Array(256);
	size = 0;
	/** Alignment in bytes (a power of two): the largest `.align` seen, as GNU's record_alignment. */
	align: number;
	readonly fixups: Fixup[] = [];
	/** One row per instruction word: section offset and source position (`file` when set by `.loc`). */
	readonly lines: { off: number; line: number; col: number; file?: string }[] = [];
	/** The source position the last `.loc` row in this section gave, which covers what follows. */
	loc?: SourceLoc;

	constructor(
		readonly name: string,
		public flags: SectionFlags
	) {
		// GNU as starts .text 4-byte aligned (2 with RVC): md_begin's record_alignment(text_section).
		this.align = name === '.text' ? 4 : 1;
	}

	get bytes(): Uint8Array {
		return this.buf.subarray(0, this.size);
	}

	/** Reserve n bytes (zeros) and return their offset. */
	reserve(n: number): number {
		const off = this.size;
		if (off + n > this.buf.length) {
			const next = new Uint8Array(Math.max(off + n, this.buf.length * 2));
			next.set(this.buf.subarray(0, off));
			this.buf = next;
		}
		this.size += n;
		return off;
	}

	write(off: number, value: number, size: number): void {
		for (let k = 0; k < size; k++) this.buf[off + k] = (value >>> (8 * k)) & 0xff;
	}

	append(data: ArrayLike<number>): void {
		const off = this.reserve(data.length);
		this.buf.set(data, off);
	}

	/**
	 * Pad to a multiple of `bytes`. In code without an explicit fill, GNU as pads with a zero byte if
	 * odd, then one c.nop (0x0001) if still 2 mod 4, then 4-byte nops (tc-riscv.c riscv_make_nops,
	 * riscv_handle_align); otherwise with the fill byte. Returns false (padding nothing) when more
	 * than `max` bytes would be needed.
	 */
	padTo(bytes: number, code: boolean, fill = 0, max = Infinity): boolean {
		const n = (bytes - (this.size % bytes)) % bytes;
		if (n > max) return false;
		const off = this.reserve(n);
		if (!code) {
			if (fill !== 0) for (let k = 0; k < n; k++) this.buf[off + k] = fill & 0xff;
			return true;
		}
		let k = 0;
		if (n % 2 === 1) k++;
		if ((n - k) % 4 === 2) {
			this.write(off + k, 0x0001, 2);
			k += 2;
		}
		for (; k < n; k += 4) this.write(off + k, 0x00000013, 4);
		return true;
	}
}

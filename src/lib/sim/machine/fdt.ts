/**
 * A flattened device tree writer (Devicetree Specification v0.4, chapter 5 "Flattened Devicetree (DTB)
 * Format"): a tree of nodes and properties in, the blob firmware and kernels read out. Big-endian
 * throughout (§5.1); version 17, last compatible version 16 (§5.2), as dtc and QEMU write.
 */

/** A property value: a string, a list of strings (NUL-separated), u32 cells, raw bytes, or empty. */
export type FdtValue = string | string[] | number[] | Uint8Array | true;

export interface FdtNode {
	/** The node name with its unit address (`serial@10000000`); the root is ''. */
	name: string;
	props: [name: string, value: FdtValue][];
	children: FdtNode[];
}

export function node(name: string, props: FdtNode['props'] = [], children: FdtNode[] = []): FdtNode {
	return { name, props, children };
}

const FDT_MAGIC = 0xd00dfeed;
// §5.4.1 structure block tokens.
const FDT_BEGIN_NODE = 1;
const FDT_END_NODE = 2;
const FDT_PROP = 3;
const FDT_END = 9;
const HEADER_BYTES = 40;

/** Two u32 cells holding a 64-bit number (addresses and sizes with #address-cells = 2). */
export const u64Cells = (n: number): number[] => [Math.floor(n / 2 ** 32), n >>> 0];

const utf8 = new TextEncoder();

function encodeValue(v: FdtValue): Uint8Array {
	if (v === true) return new Uint8Array(0); // §2.2.4: an empty value says "true" by its presence
	if (v instanceof Uint8Array) return v;
	if (typeof v === 'string') return utf8.encode(`${v}\0`);
	if (v.length > 0 && typeof v[0] === 'string')
		return utf8.encode((v as string[]).map((s) => `${s}\0`).join(''));
	const out = new Uint8Array(4 * v.length);
	const dv = new DataView(out.buffer);
	(v as number[]).forEach((c, i) => {
		if (!Number.isInteger(c) || c < 0 || c > 0xffff_ffff) throw new RangeError(`cell ${c} is not a u32`);
		dv.setUint32(4 * i, c);
	});
	return out;
}

/** The tree as a DTB blob, with `reserved` memory ranges in the reservation block (§5.3). */
export function writeFdt(
	root: FdtNode,
	opts: { bootCpu?: number; reserved?: [number, number][] } = {}
): Uint8Array {
	const struct: number[] = [];
	const strings: number[] = [];
	const offsets = new Map<string, number>();
	const word = (w: number) => struct.push(w >>> 24, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff);
	const bytes = (b: Uint8Array) => {
		for (const x of b) struct.push(x);
		while (struct.length % 4) struct.push(0); // §5.4.2: tokens are 32-bit aligned
	};
	const nameOffset = (name: string) => {
		let off = offsets.get(name);
		if (off === undefined) {
			off = strings.length;
			offsets.set(name, off);
			for (const b of utf8.encode(`${name}\0`)) strings.push(b);
		}
		return off;
	};
	const emit = (n: FdtNode) => {
		word(FDT_BEGIN_NODE);
		bytes(utf8.encode(`${n.name}\0`));
		for (const [name, value] of n.props) {
			const data = encodeValue(value);
			word(FDT_PROP);
			word(data.length);
			word(nameOffset(name));
			bytes(data);
		}
		n.children.forEach(emit);
		word(FDT_END_NODE);
	};
	emit(root);
	word(FDT_END);

	const reserved = opts.reserved ?? [];
	const rsvOffset = HEADER_BYTES; // 8-byte aligned (§5.3.1)
	const rsvBytes = 16 * (reserved.length + 1);
	const structOffset = rsvOffset + rsvBytes;
	const stringsOffset = structOffset + struct.length;
	const total = stringsOffset + strings.length;
	const out = new Uint8Array(total);
	const dv = new DataView(out.buffer);
	// §5.2 fdt_header
	[
		FDT_MAGIC,
		total,
		structOffset,
		stringsOffset,
		rsvOffset,
		17,
		16,
		opts.bootCpu ?? 0,
		strings.length,
		struct.length
	].forEach((v, i) => dv.setUint32(4 * i, v));
	reserved.forEach(([addr, size], i) => {
		const [ah, al] = u64Cells(addr);
		const [sh, sl] = u64Cells(size);
		[ah, al, sh, sl].forEach((v, j) => dv.setUint32(rsvOffset + 16 * i + 4 * j, v));
	});
	out.set(struct, structOffset);
	out.set(strings, stringsOffset);
	return out;
}

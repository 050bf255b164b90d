/**
 * The qcow2 snapshot table (qcow2.txt "Snapshots"): entries of 40 bytes plus extra data, an id and a
 * name, each padded to a multiple of 8. A snapshot is a frozen L1 table (its own copy, in clusters of
 * its own) and the virtual size it had; vmscope saves no VM state with it (vm_state_size 0).
 *
 *  0 l1_table_offset  8 l1_size  12 id_str_size  14 name_size  16 date_sec  20 date_nsec
 * 24 vm_clock_nsec   32 vm_state_size  36 extra_data_size  40 extra data (v3: at least 16 bytes,
 * vm_state_size_large and disk_size), then the id and the name.
 */
import { getU32, getU64, hex, ImageError, putU32, putU64, type ImageFile } from './format';

export interface Snapshot {
	id: string;
	name: string;
	l1Offset: number;
	l1Size: number;
	dateSec: number;
	dateNsec: number;
	/** The virtual size when it was taken (extra data; absent in an old v2 entry). */
	diskSize?: number;
	/** Extra data beyond the 16 bytes vmscope knows, kept as found. */
	moreExtra: Uint8Array;
}

const FIXED = 40;
const pad8 = (n: number) => Math.ceil(n / 8) * 8;

/** Read `count` entries at `offset` (`cs`: the cluster size), and the table's length in bytes. */
export function parseSnapshots(
	file: ImageFile,
	offset: number,
	count: number,
	cs: number
): { snapshots: Snapshot[]; length: number } {
	const out: Snapshot[] = [];
	let at = offset;
	const text = new TextDecoder();
	for (let i = 0; i < count; i++) {
		const b = file.read(at, FIXED);
		if (at + FIXED > file.size)
			throw new ImageError(at, `snapshot ${i} runs past the end of the file (${hex(file.size)} bytes)`);
		const l1Offset = getU64(b, 0);
		const l1Size = getU32(b, 8);
		const idSize = (b[12] << 8) | b[13];
		const nameSize = (b[14] << 8) | b[15];
		const extraSize = getU32(b, 36);
		if (extraSize > 1024)
			throw new ImageError(at + 36, `snapshot ${i}: extra_data_size ${extraSize} is more than 1024`);
		const length = pad8(FIXED + extraSize + idSize + nameSize);
		if (at + length > file.size)
			throw new ImageError(at, `snapshot ${i} (${length} bytes) runs past the end of the file`);
		const rest = file.read(at + FIXED, extraSize + idSize + nameSize);
		if (l1Offset % cs !== 0 || l1Offset === 0)
			throw new ImageError(
				at,
				`snapshot ${i}: L1 table offset ${hex(l1Offset)} is not a cluster of its own`
			);
		if (l1Offset + l1Size * 8 > file.size)
			throw new ImageError(
				at,
				`snapshot ${i}: L1 table at ${hex(l1Offset)} (${l1Size} entries) is past the end of the file`
			);
		if (l1Size > 0x2000000) throw new ImageError(at + 8, `snapshot ${i}: l1_size ${l1Size} is too large`);
		out.push({
			l1Offset,
			l1Size,
			dateSec: getU32(b, 16),
			dateNsec: getU32(b, 20),
			diskSize: extraSize >= 16 ? getU64(rest, 8) : undefined,
			moreExtra: rest.slice(Math.min(16, extraSize), extraSize),
			id: text.decode(rest.subarray(extraSize, extraSize + idSize)),
			name: text.decode(rest.subarray(extraSize + idSize))
		});
		at += length;
	}
	return { snapshots: out, length: at - offset };
}

/** The table's bytes (v3 extra data: 16 bytes, plus whatever an entry carried beyond them). */
export function encodeSnapshots(snapshots: readonly Snapshot[]): Uint8Array {
	const text = new TextEncoder();
	const parts = snapshots.map((s) => {
		const id = text.encode(s.id);
		const name = text.encode(s.name);
		const extra = 16 + s.moreExtra.length;
		const b = new Uint8Array(pad8(FIXED + extra + id.length + name.length));
		putU64(b, 0, s.l1Offset);
		putU32(b, 8, s.l1Size);
		b[12] = id.length >> 8;
		b[13] = id.length;
		b[14] = name.length >> 8;
		b[15] = name.length;
		putU32(b, 16, s.dateSec);
		putU32(b, 20, s.dateNsec);
		putU32(b, 36, extra);
		putU64(b, FIXED + 8, s.diskSize ?? 0);
		b.set(s.moreExtra, FIXED + 16);
		b.set(id, FIXED + extra);
		b.set(name, FIXED + extra + id.length);
		return b;
	});
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
	return out;
}

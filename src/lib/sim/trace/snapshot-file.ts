/**
 * A machine snapshot as a file, and back. Layout (little-endian):
 *
 *   16 bytes  magic "vmscope snapshot"
 *   u32       format version (1)
 *   u32       header length H
 *   H bytes   header: UTF-8 JSON { machine: { ramBytes, harts }, state, extra, blobs }
 *   …         blobs: RAM page-encoded (page-codec.ts), other typed arrays raw
 *
 * `state` is the Machine's snapshot with every typed array replaced by { $blob: i }, so state that
 * the hart, MMU or device owners add later travels without changes here (components' state is plain
 * data by rule: machine/components.ts). `extra` is the caller's plain data (the session keeps its
 * step count and statistics there). Reading validates as it goes and throws SnapshotFormatError
 * naming the field at fault. Files written before the component registry, with the devices' and the
 * firmware's state in `uart`, `clint`, `plic` and `sbi`, are read into `components`.
 */
import type { MachineSnapshot } from '../machine/machine';
import { decodePages, encodePages } from './page-codec';

export const SNAPSHOT_MAGIC = 'vmscope snapshot';
export const SNAPSHOT_VERSION = 1;

export class SnapshotFormatError extends Error {
	constructor(
		readonly field: string,
		problem: string
	) {
		super(`snapshot ${field}: ${problem}`);
		this.name = 'SnapshotFormatError';
	}
}

export interface SnapshotFile {
	state: MachineSnapshot;
	/** Whatever the writer put beside the machine state (plain JSON data). */
	extra: unknown;
}

type TypedArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float64Array;
const ARRAY_TYPES = {
	Uint8Array,
	Int8Array,
	Uint16Array,
	Int16Array,
	Uint32Array,
	Int32Array,
	Float64Array
} as const;
type ArrayType = keyof typeof ARRAY_TYPES;

interface BlobInfo {
	type: ArrayType;
	encoding: 'raw' | 'pages';
	/** Decoded length in elements. */
	length: number;
	offset: number;
	bytes: number;
}

const enc = new TextEncoder();

/** Encode a snapshot (and the caller's extra data) as bytes. */
export function encodeSnapshot(state: MachineSnapshot, extra: unknown = null): Uint8Array {
	const blobs: BlobInfo[] = [];
	const parts: Uint8Array[] = [];
	let offset = 0;
	const addBlob = (a: TypedArray, pages: boolean): { $blob: number } => {
		// By instanceof, not constructor name: a Node Buffer is a Uint8Array.
		const type = (Object.keys(ARRAY_TYPES) as ArrayType[]).find((t) => a instanceof ARRAY_TYPES[t]);
		if (!type) throw new TypeError(`cannot store a ${a.constructor.name}`);
		const data = pages
			? encodePages(a as Uint8Array)
			: new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
		blobs.push({ type, encoding: pages ? 'pages' : 'raw', length: a.length, offset, bytes: data.length });
		parts.push(data);
		offset += data.length;
		return { $blob: blobs.length - 1 };
	};
	const plain = (v: unknown): unknown => {
		if (ArrayBuffer.isView(v)) return addBlob(v as TypedArray, false);
		if (Array.isArray(v)) return v.map(plain);
		if (v !== null && typeof v === 'object')
			return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
		if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) };
		return v;
	};
	const { ram, ...rest } = state;
	const ramRef = addBlob(ram, true);
	const header = enc.encode(
		JSON.stringify({
			machine: { ramBytes: ram.length, harts: state.harts.length },
			state: { ...(plain(rest) as object), ram: ramRef },
			extra: plain(extra),
			blobs
		})
	);
	const out = new Uint8Array(24 + header.length + offset);
	out.set(enc.encode(SNAPSHOT_MAGIC), 0);
	const view = new DataView(out.buffer);
	view.setUint32(16, SNAPSHOT_VERSION, true);
	view.setUint32(20, header.length, true);
	out.set(header, 24);
	let o = 24 + header.length;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	return out;
}

const fail = (field: string, problem: string): never => {
	throw new SnapshotFormatError(field, problem);
};

/** Decode bytes written by encodeSnapshot; throws SnapshotFormatError naming the bad field. */
export function decodeSnapshot(bytes: Uint8Array): SnapshotFile {
	if (bytes.length < 24) fail('magic', `file is ${bytes.length} bytes, too short to be a snapshot`);
	if (new TextDecoder().decode(bytes.subarray(0, 16)) !== SNAPSHOT_MAGIC)
		fail('magic', 'not a vmscope snapshot');
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const version = view.getUint32(16, true);
	if (version !== SNAPSHOT_VERSION)
		fail('version', `is ${version}; this build reads version ${SNAPSHOT_VERSION}`);
	const hlen = view.getUint32(20, true);
	if (24 + hlen > bytes.length) fail('header', `length ${hlen} runs past the end of the file`);
	let header: { machine?: unknown; state?: unknown; extra?: unknown; blobs?: unknown };
	try {
		header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(24, 24 + hlen)));
	} catch (e) {
		return fail('header', `is not valid JSON (${(e as Error).message})`);
	}
	const dataStart = 24 + hlen;
	const blobs = header.blobs;
	if (!Array.isArray(blobs)) fail('blobs', 'missing');
	const blobList = blobs as BlobInfo[];
	const decoded = new Map<number, TypedArray>();
	const blob = (i: unknown, field: string): TypedArray => {
		if (typeof i !== 'number' || !blobList[i]) return fail(field, `refers to missing blob ${String(i)}`);
		const b = blobList[i];
		const Ctor = ARRAY_TYPES[b.type];
		if (!Ctor) fail(`${field}`, `has unknown array type ${b.type}`);
		if (
			!Number.isInteger(b.offset) ||
			!Number.isInteger(b.bytes) ||
			b.offset < 0 ||
			dataStart + b.offset + b.bytes > bytes.length
		)
			fail(field, 'data runs past the end of the file');
		const raw = bytes.subarray(dataStart + b.offset, dataStart + b.offset + b.bytes);
		let out: TypedArray;
		if (b.encoding === 'pages') {
			try {
				out = decodePages(raw, b.length);
			} catch (e) {
				return fail(field, (e as Error).message.replace(/^ram: /, ''));
			}
		} else {
			if (b.bytes !== b.length * Ctor.BYTES_PER_ELEMENT) fail(field, 'length does not match its data');
			// A copy into a buffer of its own (a Node Buffer's slice() would share the file's pool).
			out = new Ctor(new Uint8Array(raw).buffer);
		}
		decoded.set(i, out);
		return out;
	};
	const revive = (v: unknown, field: string): unknown => {
		if (Array.isArray(v)) return v.map((x, i) => revive(x, `${field}[${i}]`));
		if (v !== null && typeof v === 'object') {
			const o = v as Record<string, unknown>;
			if ('$blob' in o) return blob(o.$blob, field);
			if ('$number' in o) return Number(o.$number);
			return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revive(x, `${field}.${k}`)]));
		}
		return v;
	};
	const state = fromLegacy(revive(header.state, 'state'));
	validateMachineSnapshot(state);
	return { state, extra: revive(header.extra ?? null, 'extra') };
}

const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/** The component each field of a file written before the registry held (Machine's registered names). */
const LEGACY_COMPONENTS = { uart: 'uart0', clint: 'clint', plic: 'plic', sbi: 'sbi' } as const;

/**
 * A file from before the component registry keeps device and firmware state in named fields: move
 * them into `components` (the test finisher had no state; a field the file lacks is left out, and
 * restore resets that component). Newer states pass through as they are.
 */
function fromLegacy(s: unknown): unknown {
	if (!isObject(s) || s.components !== undefined) return s;
	for (const k of ['uart', 'clint'])
		if (!isObject(s[k])) fail(`state.${k}`, 'missing (and no state.components)');
	const { uart, clint, plic, sbi, ...rest } = s;
	const old: Record<keyof typeof LEGACY_COMPONENTS, unknown> = { uart, clint, plic, sbi };
	const components: Record<string, unknown> = { 'test-finisher': null };
	for (const [field, name] of Object.entries(LEGACY_COMPONENTS))
		if (old[field as keyof typeof LEGACY_COMPONENTS] !== undefined)
			components[name] = old[field as keyof typeof LEGACY_COMPONENTS];
	return { ...rest, components };
}

/** The checks a snapshot must pass before Machine.restore sees it (shape, not meaning). */
export function validateMachineSnapshot(s: unknown): asserts s is MachineSnapshot {
	if (s === null || typeof s !== 'object') fail('state', 'missing');
	const st = s as Record<string, unknown>;
	if (!(st.ram instanceof Uint8Array)) fail('state.ram', 'is not a byte array');
	const ram = st.ram as Uint8Array;
	if (ram.length === 0 || ram.length % 4096)
		fail('state.ram', `${ram.length} bytes is not whole 4 KiB pages`);
	if (!Array.isArray(st.harts) || st.harts.length < 1 || st.harts.length > 8)
		fail('state.harts', 'must list 1 to 8 harts');
	(st.harts as unknown[]).forEach((h, i) => {
		const f = `state.harts[${i}]`;
		if (h === null || typeof h !== 'object') fail(f, 'missing');
		const hs = h as Record<string, unknown>;
		if (!Array.isArray(hs.x) || hs.x.length !== 32 || !hs.x.every(isNum))
			fail(`${f}.x`, 'must be 32 numbers');
		for (const k of ['pc', 'cycles', 'instret', 'traps'])
			if (!isNum(hs[k])) fail(`${f}.${k}`, 'must be a number');
		if (![0, 1, 3].includes(hs.mode as number)) fail(`${f}.mode`, `${String(hs.mode)} is not 0, 1 or 3`);
		if (hs.csr === null || typeof hs.csr !== 'object') fail(`${f}.csr`, 'missing');
	});
	if (!isObject(st.components) || Array.isArray(st.components))
		fail('state.components', 'must map component names to their state');
	if (st.firmware !== undefined && st.firmware !== 'none' && st.firmware !== 'sbi')
		fail('state.firmware', `${String(st.firmware)} is not 'none' or 'sbi'`);
	if (st.htif !== undefined && st.htif !== null) {
		const h = st.htif as Record<string, unknown>;
		if (!isObject(h) || !isNum(h.tohost) || (h.fromhost !== undefined && !isNum(h.fromhost)))
			fail('state.htif', 'must be null or { tohost, fromhost? } addresses');
	}
	const ev = st.events as Record<string, unknown> | undefined;
	if (!ev || typeof ev !== 'object') fail('state.events', 'missing');
	if ((ev as Record<string, unknown>).version !== 1) fail('state.events.version', 'must be 1');
	if (!Array.isArray((ev as Record<string, unknown>).events)) fail('state.events.events', 'missing');
	// The scheduler's turn (absent in files written before it was machine state: pick anew).
	if (st.turn !== undefined) {
		const t = (st.turn ?? {}) as Record<string, unknown>;
		const harts = (st.harts as unknown[]).length;
		if (!Number.isInteger(t.hart) || (t.hart as number) < 0 || (t.hart as number) >= harts)
			fail('state.turn.hart', `must be a hart from 0 to ${harts - 1}`);
		if (!Number.isInteger(t.left) || (t.left as number) < 0)
			fail('state.turn.left', 'must be a whole number of steps');
	}
}

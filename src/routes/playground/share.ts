/**
 * A playground session as a link: the program and the machine options, as JSON, compressed with
 * deflate-raw (CompressionStream) and written in base64url after `#code=`. Nothing leaves the
 * browser: the hash is never sent to a server.
 */
import { DEFAULT_MACHINE_OPTIONS, type MachineOptionsForPlayground } from './machine-adapter';
import { isRamSize } from './machine-options';

export interface SharedSession {
	readonly source: string;
	readonly options: MachineOptionsForPlayground;
	/** Lines of `source` with a breakpoint marker (absent in older links: none). */
	readonly breakpoints?: readonly number[];
}

const PREFIX = '#code=';
/** Format version, so a later change can still read old links. */
const VERSION = 1;

export async function encodeSession(session: SharedSession): Promise<string> {
	const b = session.breakpoints?.length ? { b: session.breakpoints } : {};
	const json = JSON.stringify({ v: VERSION, s: session.source, o: session.options, ...b });
	const packed = await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw'));
	return PREFIX + toBase64Url(packed);
}

/** The session in a hash, or undefined when the hash holds none or is damaged. */
export async function decodeSession(hash: string): Promise<SharedSession | undefined> {
	if (!hash.startsWith(PREFIX)) return undefined;
	try {
		const bytes = fromBase64Url(hash.slice(PREFIX.length));
		const json = new TextDecoder().decode(await pipe(bytes, new DecompressionStream('deflate-raw')));
		const data: unknown = JSON.parse(json);
		if (!isRecord(data) || data.v !== VERSION || typeof data.s !== 'string') return undefined;
		const breakpoints = readLines(data.b);
		return {
			source: data.s,
			options: readOptions(data.o),
			...(breakpoints.length ? { breakpoints } : {})
		};
	} catch {
		return undefined;
	}
}

/**
 * Whether a hash is meant to be a playground link but cannot be read (cut short when it was copied,
 * or changed): then the page says so instead of quietly opening something else.
 */
export async function isDamagedLink(hash: string): Promise<boolean> {
	return hash.startsWith(PREFIX) && (await decodeSession(hash)) === undefined;
}

/** Positive whole line numbers, each once, in order; anything else is dropped. */
function readLines(b: unknown): number[] {
	if (!Array.isArray(b)) return [];
	const lines = b.filter((n): n is number => Number.isInteger(n) && n > 0 && n < 1e6);
	return [...new Set(lines)].sort((x, y) => x - y);
}

/** Only the options we know, each one of the values the page offers, with defaults for the rest. */
export function readOptions(o: unknown): MachineOptionsForPlayground {
	const ramMiB = isRecord(o) ? o.ramMiB : undefined;
	return { ramMiB: isRamSize(ramMiB) ? ramMiB : DEFAULT_MACHINE_OPTIONS.ramMiB };
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null;
}

export async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream) {
	const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
	return new Uint8Array(await new Response(out).arrayBuffer());
}

export function toBase64Url(bytes: Uint8Array): string {
	let s = '';
	for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
	const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
	const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
	return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/**
 * A disk image and its backing chain: an image file is qcow2 if it starts with qcow2's magic, raw
 * otherwise (or as its parent's backing format extension says, so a raw file that happens to start
 * with the magic is not misread), and each qcow2 image with a backing file opens it, down to a raw
 * base or an image with none. Backing files are opened read-only: only the top image is written.
 */
import { getU32, ImageError, parseHeader, QCOW2_MAGIC, SECTOR, type ImageFile } from './format';
import { Qcow2Image, type BackingStore } from './image';

export type ImageFormat = 'raw' | 'qcow2';

/** A raw image file as a backing store (its length rounded up to whole sectors, as QEMU does). */
export class RawImage implements BackingStore {
	constructor(readonly file: ImageFile) {}
	get size(): number {
		return Math.ceil(this.file.size / SECTOR) * SECTOR;
	}
	read(offset: number, length: number): Uint8Array {
		return this.file.read(offset, length);
	}
}

export interface ChainLink {
	/** The file's name as the caller resolved it (a path in the CLI). */
	name: string;
	format: ImageFormat;
	store: RawImage | Qcow2Image;
}

/** Open a backing file `name` (as the header stores it) named from image `from`. */
export type OpenBacking = (name: string, from: string) => { name: string; file: ImageFile };

/** Deeper chains are almost surely a loop of backing files. */
export const MAX_CHAIN = 16;

export function detectFormat(file: ImageFile): ImageFormat {
	return file.size >= 4 && getU32(file.read(0, 4), 0) === QCOW2_MAGIC ? 'qcow2' : 'raw';
}

/**
 * Open `file` and everything under it; the first link is the image itself. Errors name the file:
 * `base.qcow2: offset 0x28: ...`, or a loop or missing file in the chain.
 */
export function openChain(
	name: string,
	file: ImageFile,
	open: OpenBacking,
	format?: ImageFormat
): ChainLink[] {
	const links: { name: string; file: ImageFile; format: ImageFormat }[] = [];
	for (let cur = { name, file, format: format ?? detectFormat(file) }; ;) {
		if (links.some((l) => l.name === cur.name))
			throw new Error(
				`${cur.name}: the backing chain loops (${[...links.map((l) => l.name), cur.name].join(' -> ')})`
			);
		if (links.length === MAX_CHAIN)
			throw new Error(`${name}: the backing chain is deeper than ${MAX_CHAIN} images`);
		links.push(cur);
		if (cur.format === 'raw') break;
		const h = withName(cur.name, () => parseHeader(cur.file));
		if (h.backingFile === undefined) break;
		const f = h.backingFormat;
		if (f !== undefined && f !== 'raw' && f !== 'qcow2')
			throw new Error(`${cur.name}: backing file format '${f}' is not raw or qcow2`);
		const next = withName(cur.name, () => open(h.backingFile!, cur.name));
		cur = { ...next, format: (f as ImageFormat | undefined) ?? detectFormat(next.file) };
	}
	// Open from the base up, each over the one below it.
	const out: ChainLink[] = [];
	let below: BackingStore | undefined;
	for (const l of links.reverse()) {
		const store =
			l.format === 'raw'
				? new RawImage(l.file)
				: withName(l.name, () => Qcow2Image.open(l.file, below, l.name));
		out.unshift({ name: l.name, format: l.format, store });
		below = store;
	}
	return out;
}

function withName<T>(name: string, f: () => T): T {
	try {
		return f();
	} catch (e) {
		if (e instanceof ImageError) throw new ImageError(e.offset, e.reason, name);
		if (e instanceof Error && !e.message.startsWith(`${name}:`))
			throw new Error(`${name}: ${e.message}`, { cause: e });
		throw e;
	}
}

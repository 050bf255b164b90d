/**
 * Image files on disk for the CLI: a file descriptor as a qcow2 ImageFile (pread, pwrite, fsync), and
 * an image opened with its backing chain, each backing file named relative to the directory of the
 * image that names it (as QEMU resolves them) and opened read-only.
 */
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { openChain, type ChainLink, type ImageFile, type ImageFormat } from '../devices/virtio/qcow2';

/** A file descriptor as an ImageFile: every write goes to the file before write() returns. */
export class FdFile implements ImageFile {
	private length: number;
	constructor(readonly fd: number) {
		this.length = fstatSync(fd).size;
	}
	get size(): number {
		return this.length;
	}
	read(offset: number, length: number): Uint8Array {
		const out = new Uint8Array(length);
		for (let done = 0; done < length && offset + done < this.length;) {
			const n = readSync(this.fd, out, done, length - done, offset + done);
			if (n === 0) break;
			done += n;
		}
		return out;
	}
	write(offset: number, bytes: Uint8Array): void {
		for (let done = 0; done < bytes.length;)
			done += writeSync(this.fd, bytes, done, bytes.length - done, offset + done);
		this.length = Math.max(this.length, offset + bytes.length);
	}
	flush(): void {
		fsyncSync(this.fd);
	}
}

export interface OpenImage {
	/** The image first, then its backing files down to the base. */
	links: ChainLink[];
	close(): void;
}

/** Where a backing file named `name` in image `from` is. */
export const backingPath = (name: string, from: string) =>
	isAbsolute(name) ? name : join(dirname(from), name);

/**
 * Open `path` (read-write unless `readonly`) and its backing chain. Throws an Error whose message
 * names the file (an ImageError also the offset) for anything that cannot be opened or is corrupt.
 */
export function openImageFile(path: string, readonly: boolean, format?: ImageFormat): OpenImage {
	const fds: number[] = [];
	const close = () => fds.splice(0).forEach((fd) => closeSync(fd));
	const open = (p: string, mode: 'r' | 'r+') => {
		const fd = openSync(p, mode);
		fds.push(fd);
		return new FdFile(fd);
	};
	try {
		const top = open(path, readonly ? 'r' : 'r+');
		const links = openChain(
			path,
			top,
			(name, from) => ({ name: backingPath(name, from), file: open(backingPath(name, from), 'r') }),
			format
		);
		return { links, close };
	} catch (e) {
		close();
		throw e;
	}
}

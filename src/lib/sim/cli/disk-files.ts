/**
 * `vmscope run --disk FILE[,serial=S][,readonly][,if=virtio|pio]`: disk image files behind the
 * machine's virtio-blk devices (one slot each, in the order given), or (if=pio) its teaching PIO disk.
 *
 * The guarantee: a write reaches the file when the device completes it, before the guest can see
 * it complete (the used element is pushed after the image's listeners ran; the PIO disk says READY
 * after them). Each completed OUT or
 * DISCARD is written to the file at once (pwrite), so whatever stops vmscope afterwards (the guest
 * powering off, --max-instructions, Ctrl-C, a crash or kill of vmscope), the file holds every write
 * the guest saw complete; each completed FLUSH also fsyncs the file, so a flushed write survives
 * even a crash of the host. A read-only disk's file is opened read-only and never written.
 *
 * A qcow2 image (found by its magic) is the same guarantee through the image's tables: the guest
 * sees the image's virtual disk (its clusters, else its backing file's, each backing file named
 * relative to the image that names it and opened read-only), and each completed write is written
 * into the image before the guest sees it complete, clusters allocated and copied from the backing
 * file as needed, each step in an order that keeps the file a valid image (qcow2/image.ts); a FLUSH
 * fsyncs it. The base is never written: `--disk overlay.qcow2` leaves it as it was.
 *
 * `model=hdd|ssd` (or a preset's name, devices/media) gives the disk that drive's completion times
 * on the machine's clock instead of the fixed cost per request.
 */
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { diskPreset, DiskModelError } from '../devices/media';
import { mediaTiming } from '../devices/media/timing';
import { detectFormat, type Qcow2Image } from '../devices/virtio/qcow2';
import type { Machine } from '../machine/machine';
import type { DiskSpec } from '../machine/virtio-slots';
import { FdFile, openImageFile } from './image-files';

/** The core clock run.ts builds its machine with (Machine's default, 100 MHz). */
const CPU_HZ = 100_000_000;
/** The most a qcow2 image's virtual disk may be: the machine holds it in memory, as a raw image. */
const MAX_VIRTUAL = 2 ** 31;

export interface DiskArg {
	path: string;
	serial?: string;
	readonly: boolean;
	/** if=pio: the teaching PIO disk (absent: virtio-blk). */
	bus?: 'virtio' | 'pio';
	/** A physical disk model for the timing (model=hdd|ssd|preset). */
	model?: string;
}

/** Parse one --disk value; a string result is the error message. */
export function parseDiskArg(value: string): DiskArg | string {
	const [path, ...opts] = value.split(',');
	if (path === '') return '--disk expects FILE[,serial=S][,readonly], got no file';
	const disk: DiskArg = { path, readonly: false };
	for (const o of opts) {
		if (o === 'readonly') disk.readonly = true;
		else if (o.startsWith('serial=')) {
			const serial = o.slice(7);
			if (new TextEncoder().encode(serial).length > 20)
				return `--disk ${path}: serial '${serial}' is longer than 20 bytes`;
			disk.serial = serial;
		} else if (o === 'if=pio' || o === 'if=virtio') disk.bus = o === 'if=pio' ? 'pio' : 'virtio';
		else if (o.startsWith('if=')) return `--disk ${path}: ${o}: the bus is virtio or pio`;
		else if (o.startsWith('model=')) {
			try {
				diskPreset(o.slice(6));
			} catch (e) {
				if (e instanceof DiskModelError) return `--disk ${path}: ${e.message}`;
				throw e;
			}
			disk.model = o.slice(6);
		} else
			return `--disk ${path}: unknown option '${o}' (serial=S, readonly, if=virtio|pio or model=hdd|ssd)`;
	}
	return disk;
}

export interface OpenDisks {
	specs: DiskSpec[];
	/** Write completed writes through to the files (call once the machine exists). */
	attach(machine: Machine): void;
	close(): void;
}

/** Open and read each image file; a string result is the error message. */
export function openDisks(disks: readonly DiskArg[]): OpenDisks | string {
	const fds: number[] = [];
	const closers: (() => void)[] = [];
	const specs: DiskSpec[] = [];
	/** Each disk's qcow2 image (undefined: raw, written through its fd). */
	const images: (Qcow2Image | undefined)[] = [];
	const close = () => {
		fds.forEach((fd) => closeSync(fd));
		closers.forEach((c) => c());
	};
	for (const d of disks) {
		let fd: number;
		try {
			fd = openSync(d.path, d.readonly ? 'r' : 'r+');
		} catch (e) {
			close();
			return `--disk ${d.path}: ${(e as Error).message}`;
		}
		const timing = d.model ? mediaTiming(diskPreset(d.model), CPU_HZ, d.model) : undefined;
		if (detectFormat(new FdFile(fd)) === 'qcow2') {
			closeSync(fd);
			const opened = openQcow2(d);
			if (typeof opened === 'string') {
				close();
				return opened;
			}
			closers.push(opened.close);
			images.push(opened.image);
			specs.push({
				image: opened.bytes,
				serial: d.serial,
				readonly: d.readonly,
				timing,
				...(d.bus && { bus: d.bus })
			});
			continue;
		}
		fds.push(fd);
		images.push(undefined);
		const size = fstatSync(fd).size;
		if (size < 512 || size % 512 !== 0) {
			close();
			return `--disk ${d.path}: ${size} bytes is not a whole number of 512-byte sectors (at least one)`;
		}
		const image = new Uint8Array(size);
		for (let off = 0; off < size;) {
			const n = readSync(fd, image, off, size - off, off);
			if (n === 0) break;
			off += n;
		}
		specs.push({ image, serial: d.serial, readonly: d.readonly, timing, ...(d.bus && { bus: d.bus }) });
	}
	return {
		specs,
		attach(machine) {
			let raw = 0;
			machine.disks.forEach((img, i) => {
				const qcow2 = images[i];
				const fd = qcow2 ? -1 : fds[raw++];
				if (disks[i].readonly) return;
				if (qcow2) {
					// A write the image cannot take (its refcount table full) must not pass silently.
					const through = (f: () => void) => {
						try {
							f();
						} catch (e) {
							throw new Error(`--disk ${disks[i].path}: ${(e as Error).message}`, { cause: e });
						}
					};
					img.listeners.push({
						written: (offset, length) =>
							through(() => qcow2.write(offset, img.u8.subarray(offset, offset + length))),
						discarded: (offset, length) => through(() => qcow2.discard(offset, length)),
						flushed: () => qcow2.flushed()
					});
					return;
				}
				img.listeners.push({
					written: (offset, length) => {
						const bytes = img.u8.subarray(offset, offset + length);
						for (let done = 0; done < length;)
							done += writeSync(fd, bytes, done, length - done, offset + done);
					},
					flushed: () => fsyncSync(fd)
				});
			});
		},
		close
	};
}

/** A qcow2 image and its chain, and its virtual disk's bytes as the machine starts with them. */
function openQcow2(d: DiskArg): { image: Qcow2Image; bytes: Uint8Array; close: () => void } | string {
	try {
		const { links, close } = openImageFile(d.path, d.readonly, 'qcow2');
		const image = links[0].store as Qcow2Image;
		if (image.size < 512 || image.size > MAX_VIRTUAL) {
			close();
			return `--disk ${d.path}: a virtual size of ${image.size} bytes is not in 512 bytes..2 GiB (the machine holds the disk in memory)`;
		}
		const bytes = new Uint8Array(image.size);
		for (let at = 0; at < image.size; at += 1 << 24)
			bytes.set(image.read(at, Math.min(1 << 24, image.size - at)), at);
		return { image, bytes, close };
	} catch (e) {
		const m = (e as Error).message;
		return `--disk ${m.startsWith(d.path) ? m : `${d.path}: ${m}`}`;
	}
}

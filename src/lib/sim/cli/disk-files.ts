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
 */
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import type { Machine } from '../machine/machine';
import type { DiskSpec } from '../machine/virtio-slots';

export interface DiskArg {
	path: string;
	serial?: string;
	readonly: boolean;
	/** if=pio: the teaching PIO disk (absent: virtio-blk). */
	bus?: 'virtio' | 'pio';
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
		else return `--disk ${path}: unknown option '${o}' (serial=S, readonly or if=virtio|pio)`;
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
	const specs: DiskSpec[] = [];
	const close = () => fds.forEach((fd) => closeSync(fd));
	for (const d of disks) {
		let fd: number;
		try {
			fd = openSync(d.path, d.readonly ? 'r' : 'r+');
		} catch (e) {
			close();
			return `--disk ${d.path}: ${(e as Error).message}`;
		}
		fds.push(fd);
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
		specs.push({ image, serial: d.serial, readonly: d.readonly, ...(d.bus && { bus: d.bus }) });
	}
	return {
		specs,
		attach(machine) {
			machine.disks.forEach((img, i) => {
				if (disks[i].readonly) return;
				const fd = fds[i];
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

/**
 * `vmscope disk create|info|snapshot`: disk image files for `vmscope run --disk`. Images are raw, or
 * qcow2 (the subset of devices/virtio/qcow2/, which qemu-img and QEMU also read): thin (clusters
 * allocated on first write), copy-on-write over a backing file (a linked clone), and with snapshots.
 *
 * Exit codes: 0 done, 1 a corrupt or unsupported image or a snapshot that cannot be made, applied
 * or deleted (the message names the file, and for a corrupt image the byte offset), 2 a usage error
 * or a file that cannot be opened or created.
 */
import { closeSync, ftruncateSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import {
	applySnapshot,
	createQcow2,
	createSnapshot,
	deleteSnapshot,
	ImageError,
	Qcow2Image,
	SnapshotError,
	type ImageFormat
} from '../devices/virtio/qcow2';
import { parseSize } from '../scenario/sizes';
import { clusters, formatInfo, imageInfo } from './disk-info';
import { backingPath, openImageFile, type OpenImage } from './image-files';

export const DISK_USAGE = `usage: vmscope disk create FILE [--size SIZE] [--format qcow2|raw] [--backing BASE] [--cluster-size SIZE]
       vmscope disk info FILE [--json]
       vmscope disk snapshot FILE list|create|apply|delete [NAME]
  create          a new image (refuses to overwrite FILE): raw (zeros) or qcow2 (default: thin,
                  clusters allocated on first write)
  --size SIZE     its virtual size, like 64MiB or '64 MiB' (default with --backing: the base's)
  --backing BASE  a copy-on-write overlay over BASE (raw or qcow2), read for every cluster the
                  overlay has not written; BASE is never written. The name is stored relative to
                  FILE's directory, where run --disk and qemu-img look for it
  --cluster-size  qcow2's allocation unit, a power of two in 512 B..2 MiB (default 64 KiB)
  info            format, virtual size, allocated clusters, the backing chain down to the base,
                  and the snapshots (--json: the same as JSON)
  snapshot        qcow2's internal snapshots: create NAME freezes the image as it is (its clusters
                  are copied on their next write), apply NAME makes it read as it did then, delete
                  NAME frees what only the snapshot held, list prints them
Exit codes: 0 done, 1 a corrupt or unsupported image (the offset is named) or a snapshot error,
2 a usage error or a file that cannot be opened or created.`;

/** Where the command writes; tests pass their own. */
export interface DiskIO {
	readonly stdout: (text: string) => void;
	readonly stderr: (text: string) => void;
	/** Seconds since 1970, recorded in a new snapshot (as qemu-img does); not simulator state. */
	readonly now: () => number;
}

const nodeIO: DiskIO = {
	stdout: (text) => process.stdout.write(text),
	stderr: (text) => process.stderr.write(text),
	now: () => Math.floor(Date.now() / 1000)
};

interface Args {
	positional: string[];
	options: Map<string, string | true>;
}

const VALUED = new Set(['--size', '--format', '--backing', '--cluster-size']);
const FLAGS = new Set(['--json']);

function parseArgs(argv: readonly string[]): Args | string {
	const out: Args = { positional: [], options: new Map() };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const eq = a.indexOf('=');
		const [name, inline] =
			a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
		if (VALUED.has(name)) {
			const v = inline ?? argv[++i];
			if (v === undefined) return `${name} expects a value`;
			out.options.set(name, v);
		} else if (FLAGS.has(a)) out.options.set(a, true);
		else if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
		else out.positional.push(a);
	}
	return out;
}

/** A failure with its exit code. */
class Fail extends Error {
	constructor(
		message: string,
		readonly code: 1 | 2
	) {
		super(message);
	}
}

function allowed(args: Args, names: string[]): void {
	for (const k of args.options.keys())
		if (!names.includes(k)) throw new Fail(`${k} does not apply here\n${DISK_USAGE}`, 2);
}

function sizeOption(args: Args, name: string): number | undefined {
	const v = args.options.get(name);
	if (v === undefined) return undefined;
	try {
		return parseSize(String(v));
	} catch (e) {
		throw new Fail(`${name}: ${(e as Error).message}`, 2);
	}
}

/** A file system error (ENOENT, EACCES...), here or below a backing chain's errors. */
const isFileError = (e: unknown): boolean =>
	e instanceof Error && (typeof (e as { code?: unknown }).code === 'string' || isFileError(e.cause));

/** Open an image and its chain: a corrupt image exits 1, a file that cannot be opened 2. */
function open(path: string, readonly: boolean): OpenImage {
	try {
		return openImageFile(path, readonly);
	} catch (e) {
		const m = (e as Error).message;
		throw new Fail(m.startsWith(path) ? m : `${path}: ${m}`, isFileError(e) ? 2 : 1);
	}
}

function create(file: string, args: Args): void {
	allowed(args, ['--size', '--format', '--backing', '--cluster-size']);
	const format = (args.options.get('--format') ?? 'qcow2') as string;
	if (format !== 'raw' && format !== 'qcow2')
		throw new Fail(`--format must be raw or qcow2, got '${format}'`, 2);
	let size = sizeOption(args, '--size');
	const cluster = sizeOption(args, '--cluster-size');
	const backing = args.options.get('--backing') as string | undefined;
	let stored: string | undefined;
	let backingFormat: ImageFormat | undefined;
	if (format === 'raw' && (backing !== undefined || cluster !== undefined))
		throw new Fail('a raw image has no backing file and no clusters (use --format qcow2)', 2);
	if (backing !== undefined) {
		// As QEMU: the stored name is relative to the image; a path given from here is rewritten so.
		let where = backingPath(backing, file);
		stored = backing;
		if (!exists(where) && exists(backing)) {
			where = resolve(backing);
			stored = relative(dirname(resolve(file)), where);
		}
		const base = open(where, true);
		try {
			backingFormat = base.links[0].format;
			size ??= base.links[0].store.size;
		} finally {
			base.close();
		}
	}
	if (size === undefined) throw new Fail('missing --size', 2);
	if (size < 512 || size % 512 !== 0)
		throw new Fail(`--size ${size} is not a positive whole number of 512-byte sectors`, 2);
	let bytes: Uint8Array | undefined;
	if (format === 'qcow2') {
		const bits = cluster === undefined ? undefined : Math.log2(cluster);
		if (bits !== undefined && !Number.isInteger(bits))
			throw new Fail(`--cluster-size ${cluster} is not a power of two`, 2);
		try {
			bytes = createQcow2({ virtualSize: size, clusterBits: bits, backingFile: stored, backingFormat });
		} catch (e) {
			throw new Fail((e as Error).message, 2);
		}
	}
	let fd: number;
	try {
		fd = openSync(file, 'wx');
	} catch (e) {
		throw new Fail(`${file}: ${(e as Error).message}`, 2);
	}
	try {
		if (bytes)
			for (let done = 0; done < bytes.length;)
				done += writeSync(fd, bytes, done, bytes.length - done, done);
		else ftruncateSync(fd, size); // a raw image of zeros: sparse where the file system allows
	} finally {
		closeSync(fd);
	}
}

function exists(path: string): boolean {
	try {
		statSync(path);
		return true;
	} catch {
		return false;
	}
}

function snapshot(file: string, op: string | undefined, name: string | undefined, io: DiskIO): void {
	const ops = ['list', 'create', 'apply', 'delete'];
	if (op === undefined || !ops.includes(op))
		throw new Fail(`snapshot expects ${ops.join('|')}${op ? `, got '${op}'` : ''}\n${DISK_USAGE}`, 2);
	if (op !== 'list' && name === undefined) throw new Fail(`snapshot ${op} expects a NAME`, 2);
	const img = open(file, op === 'list');
	try {
		const top = img.links[0].store;
		if (!(top instanceof Qcow2Image))
			throw new Fail(`${file}: a raw image has no snapshots (use a qcow2 image)`, 1);
		if (op === 'list') {
			const info = imageInfo(img.links);
			io.stdout(
				info.snapshots
					.map((s) => `${s.id}\t${s.name}\t${s.virtualSize}\t${clusters(s.clusters)}\n`)
					.join('')
			);
			return;
		}
		try {
			if (op === 'create') createSnapshot(top, name!, { sec: io.now(), nsec: 0 });
			else if (op === 'apply') applySnapshot(top, name!);
			else deleteSnapshot(top, name!);
			top.flushed();
		} catch (e) {
			if (e instanceof SnapshotError || e instanceof ImageError)
				throw new Fail(`${file}: ${e.message}`, 1);
			throw e;
		}
	} finally {
		img.close();
	}
}

export async function diskCommand(argv: string[], io: DiskIO = nodeIO): Promise<number> {
	if (argv.includes('--help') || argv.includes('-h')) return (io.stdout(`${DISK_USAGE}\n`), 0);
	try {
		const args = parseArgs(argv);
		if (typeof args === 'string') throw new Fail(`${args}\n${DISK_USAGE}`, 2);
		const [sub, file, ...rest] = args.positional;
		if (sub === undefined) throw new Fail(`missing subcommand\n${DISK_USAGE}`, 2);
		if (!['create', 'info', 'snapshot'].includes(sub))
			throw new Fail(`unknown subcommand ${sub}\n${DISK_USAGE}`, 2);
		if (file === undefined) throw new Fail(`${sub}: missing FILE`, 2);
		const extra = sub === 'snapshot' ? rest.slice(2) : rest;
		if (extra.length) throw new Fail(`unexpected argument ${extra[0]}`, 2);
		if (sub === 'create') create(file, args);
		else if (sub === 'snapshot') {
			allowed(args, []);
			snapshot(file, rest[0], rest[1], io);
		} else {
			allowed(args, ['--json']);
			const img = open(file, true);
			try {
				const info = imageInfo(img.links);
				io.stdout(
					args.options.has('--json') ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info)
				);
			} finally {
				img.close();
			}
		}
		return 0;
	} catch (e) {
		if (!(e instanceof Fail)) throw e;
		io.stderr(`vmscope disk: ${e.message}\n`);
		return e.code;
	}
}

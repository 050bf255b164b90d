/** qcow2 image files (format.ts): open, create, snapshots, and backing chains. Pure: no node:fs. */
export { MemoryFile, ImageError, QCOW2_MAGIC, type Header, type ImageFile } from './format';
export { Qcow2Image, type BackingStore } from './image';
export { createQcow2, type CreateOptions } from './create';
export { applySnapshot, createSnapshot, deleteSnapshot, SnapshotError, type SnapshotDate } from './snapshots';
export type { Snapshot } from './snapshot-table';
export {
	detectFormat,
	openChain,
	RawImage,
	MAX_CHAIN,
	type ChainLink,
	type ImageFormat,
	type OpenBacking
} from './chain';

/** The virtual disk layer (layer.ts): minidisks, thin disks and copy-on-write clones over physical disks. */
export { DiskLayer, type DiskUsage, type VdiskSpec } from './layer';
export type { LocateOp, VirtualDisk } from './store';
export {
	BASE,
	DEFAULT_BLOCK_SECTORS,
	DEFAULT_L2_ENTRIES,
	FREE,
	METADATA,
	newDiskLayerState,
	type DiskLayerState,
	type VdiskKind,
	type VdiskState
} from './state';

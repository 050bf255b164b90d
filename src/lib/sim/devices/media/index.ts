/**
 * Physical disk models on the machine's cycle clock: one entry point for both kinds, and the named
 * presets a scenario refers to (`model: hdd` is `hdd-7200`, `model: ssd` is `sata-ssd`). A device's
 * timing adapter keeps a `DiskModelState` beside its queue and calls `diskService` for each request as
 * it starts being served; the result's parts draw a request timeline.
 */
import { HDD_7200, hddInitialState, hddService, validateHdd, type HddParams, type HddState } from './hdd';
import { SATA_SSD, ssdInitialState, ssdService, validateSsd, type SsdParams, type SsdState } from './ssd';
import { DiskModelError, type DiskRequest, type ServiceResult } from './types';

export type DiskModel = HddParams | SsdParams;
export type DiskModelState = HddState | SsdState;
export type { DiskOp, DiskRequest, ServiceResult, ServiceTime } from './types';
export { DiskModelError } from './types';

export const DISK_PRESETS = { 'hdd-7200': HDD_7200, 'sata-ssd': SATA_SSD } as const;
export type DiskPresetName = keyof typeof DISK_PRESETS;

/** A preset by name (or the short names hdd and ssd), or a clear error listing the names. */
export function diskPreset(name: string): DiskModel {
	const alias: Record<string, DiskPresetName> = { hdd: 'hdd-7200', ssd: 'sata-ssd' };
	const key = (alias[name] ?? name) as DiskPresetName;
	if (!Object.hasOwn(DISK_PRESETS, key))
		throw new DiskModelError(
			`model: unknown disk model '${name}' (known: hdd, ssd, ${Object.keys(DISK_PRESETS).join(', ')})`
		);
	return DISK_PRESETS[key];
}

/** Throws a DiskModelError naming the first bad field. */
export function validateDiskModel(model: DiskModel): void {
	if (model?.kind === 'hdd') validateHdd(model);
	else if (model?.kind === 'ssd') validateSsd(model);
	else {
		const kind: unknown = (model as { kind?: unknown } | undefined)?.kind;
		throw new DiskModelError(`model.kind must be 'hdd' or 'ssd' (got ${JSON.stringify(kind)})`);
	}
}

export function initialDiskState(model: DiskModel): DiskModelState {
	return model.kind === 'hdd' ? hddInitialState() : ssdInitialState(model);
}

/** How long `req`, whose service starts at cycle `now`, takes on `model` at `hz` cycles per second. */
export function diskService(
	model: DiskModel,
	state: DiskModelState,
	req: DiskRequest,
	now: number,
	hz: number
): ServiceResult<DiskModelState> {
	return model.kind === 'hdd'
		? hddService(model, state as HddState, req, now, hz)
		: ssdService(model, state as SsdState, req, now, hz);
}

/**
 * The event list's entries: traps, the SBI calls the firmware answers in M-mode, and the returns
 * (MRET, SRET, or the firmware resuming the caller), in plain language. The firmware is TypeScript
 * reached through the hart's trap router, so M-mode runs no instructions a student could step: these
 * entries are the only trace of the crossing into M and back, with the call's name and its result.
 */
import { SbiError, sbiCallName } from '$lib/sim/firmware/sbi-ids';
import { describeTrap, hex32, modeName, type TrapEvent } from './format';

export type Crossing =
	| ({ readonly kind: 'trap'; readonly cycle: number } & TrapEvent)
	| {
			readonly kind: 'trap-return';
			readonly cycle: number;
			readonly pc: number;
			readonly from: number;
			readonly to: number;
			readonly target: number;
	  }
	| {
			readonly kind: 'firmware-call';
			readonly cycle: number;
			readonly eid: number;
			readonly fid: number;
			readonly error: number;
			readonly value: number;
	  };

const ERROR_NAMES = new Map<number, string>(
	Object.entries(SbiError).map(([name, code]) => [
		code,
		name.replace(/[A-Z]/g, (c, i) => (i ? '_' : '') + c).toUpperCase()
	])
);

/** `SBI_SUCCESS`, `SBI_ERR_NOT_SUPPORTED`: the spec's names (§3.2, Table 1). */
export function sbiErrorName(error: number): string {
	const name = ERROR_NAMES.get(error | 0);
	if (name === undefined) return `error ${error | 0}`;
	return name === 'SUCCESS' ? 'SBI_SUCCESS' : `SBI_ERR_${name}`;
}

/** One entry in words; `after`, the entry that follows, tells a firmware trap from a vectored one. */
export function describeCrossing(e: Crossing, before?: Crossing, after?: Crossing): string {
	switch (e.kind) {
		case 'trap':
			if (e.to === 3 && after?.kind === 'firmware-call')
				return `${describeTrap(e).replace(/ → M-mode handler at 0x[0-9a-f]+$/, '')} → M-mode: the SBI firmware`;
			return describeTrap(e);
		case 'firmware-call':
			return `SBI call ${sbiCallName(e.eid, e.fid)}, in M-mode → ${sbiErrorName(e.error)}, value ${hex32(e.value)}`;
		case 'trap-return': {
			const who =
				e.from === 3 && before?.kind === 'firmware-call'
					? 'firmware returns'
					: e.from === 3
						? 'mret'
						: 'sret';
			return `${who}: ${modeName(e.from)}-mode → ${modeName(e.to)}-mode at ${hex32(e.target)}`;
		}
	}
}

/** Every entry in words, in order. */
export function describeCrossings(events: readonly Crossing[]): string[] {
	return events.map((e, i) => describeCrossing(e, events[i - 1], events[i + 1]));
}

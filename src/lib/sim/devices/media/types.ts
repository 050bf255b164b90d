/**
 * The interface of the physical disk models (hdd.ts, ssd.ts): a pure function from (the model's
 * state, a request, the time it starts being served, the clock rate) to how long it takes, split
 * into the parts a request timeline draws, and the state after. No wall time: `now` is the machine's
 * cycle clock, and the state is plain data (it goes into snapshots as it is).
 */

export type DiskOp = 'read' | 'write' | 'flush';

/** A request as the disk sees it: 512-byte sectors. */
export interface DiskRequest {
	readonly op: DiskOp;
	readonly sector: number;
	readonly count: number;
}

/** A request's service time, in cycles, and its parts (which add up to `cycles`). */
export interface ServiceTime {
	readonly cycles: number;
	/** Command processing in the drive's controller. */
	readonly overhead: number;
	/** Moving the arm to the request's track (HDD; with the write settle time). */
	readonly seek: number;
	/** Waiting for the first sector to come under the head (HDD). */
	readonly rotation: number;
	/** The flash array: page reads and programs, block erases, channel transfers (SSD). */
	readonly media: number;
	/** Moving the data: off the platter (HDD) or over the host interface (SSD). */
	readonly transfer: number;
}

export interface ServiceResult<S> {
	readonly service: ServiceTime;
	readonly state: S;
}

export class DiskModelError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DiskModelError';
	}
}

/** Throws a DiskModelError naming `field` unless `value` is a finite number within [min, max]. */
export function checkNumber(
	field: string,
	value: unknown,
	{ min = 0, max = Infinity, integer = false, above = false } = {}
): void {
	const ok =
		typeof value === 'number' &&
		Number.isFinite(value) &&
		(above ? value > min : value >= min) &&
		value <= max &&
		(!integer || Number.isInteger(value));
	if (!ok) {
		const kind = integer ? 'an integer' : 'a number';
		const range = above ? `above ${min}` : max === Infinity ? `at least ${min}` : `in ${min}..${max}`;
		throw new DiskModelError(`${field} must be ${kind} ${range} (got ${JSON.stringify(value)})`);
	}
}

/** Seconds (or milliseconds, microseconds) to cycles at `hz`, rounded to a whole cycle. */
export const msToCycles = (ms: number, hz: number) => Math.round((ms * hz) / 1e3);
export const usToCycles = (us: number, hz: number) => Math.round((us * hz) / 1e6);

export function checkRequest(req: DiskRequest, hz: number): void {
	checkNumber('request.sector', req.sector, { integer: true });
	checkNumber('request.count', req.count, { integer: true, min: req.op === 'flush' ? 0 : 1 });
	checkNumber('cycles per second', hz, { above: true });
}

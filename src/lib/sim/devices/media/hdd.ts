/**
 * A hard disk drive: a stack of platters spinning at `rpm`, one arm of heads moving across
 * `cylinders` tracks. A request's service time is the controller's overhead, a seek to its
 * cylinder, the rotational wait until its first sector comes under the head, and the transfer of
 * its sectors as they pass (C. Ruemmler and J. Wilkes, "An introduction to disk drive modeling",
 * IEEE Computer 27(3), 1994: the model of §"Modeling" with seek, rotation and zoned transfer).
 *
 * - Seek (Ruemmler & Wilkes, "Seek time"): for a distance of d cylinders, a + b·√d below a
 *   boundary (the arm accelerates and decelerates all the way) and c + e·d from it on (it coasts
 *   at full speed); 0 for d = 0. Writes also wait `writeSettleMs` for the head to settle precisely.
 * - Rotation: the platter's angle is a function of the cycle clock (angle 0 at cycle 0, a turn every
 *   60/rpm s), and sector k of a track (of n) sits at angle k/n: the wait is the angle still to go
 *   when the seek ends. So a sequential request that arrives just after the previous one ended
 *   finds its sector right under the head, and a random one waits half a turn on average.
 * - Zones ("Data layout"): outer tracks are longer and hold more sectors, so at the same rpm they
 *   transfer faster. `zones` bands of equal width, sectors per track from `outerSectorsPerTrack`
 *   down to `innerSectorsPerTrack`; LBAs fill cylinders from the outside in, every head of a cylinder
 *   before the next (head switches cost nothing here), and a transfer takes count/n of a turn.
 *
 * A request that starts where the previous one ended is served from the drive's track buffer
 * (read-ahead, write-behind): no seek and no rotational wait. The state is where the arm is and
 * that next sector. A sector beyond the geometry is served as on the last
 * cylinder (the device checks requests against its image, not the model).
 */
import {
	checkNumber,
	checkRequest,
	DiskModelError,
	msToCycles,
	type DiskRequest,
	type ServiceResult
} from './types';

export interface HddParams {
	readonly kind: 'hdd';
	readonly rpm: number;
	readonly cylinders: number;
	readonly heads: number;
	readonly zones: number;
	readonly outerSectorsPerTrack: number;
	readonly innerSectorsPerTrack: number;
	/** Seek time: shortMs + shortMsPerSqrtCylinder·√d below boundaryCylinders, else longMs + longMsPerCylinder·d. */
	readonly seek: {
		readonly shortMs: number;
		readonly shortMsPerSqrtCylinder: number;
		readonly boundaryCylinders: number;
		readonly longMs: number;
		readonly longMsPerCylinder: number;
	};
	readonly writeSettleMs: number;
	readonly controllerMs: number;
}

/** Where the arm is: plain data, for snapshots. */
export interface HddState {
	readonly cylinder: number;
	/** The sector after the last one served: a request starting there is sequential. */
	readonly nextSector?: number;
}

export const hddInitialState = (): HddState => ({ cylinder: 0 });

export function validateHdd(p: HddParams): void {
	checkNumber('hdd.rpm', p.rpm, { above: true });
	checkNumber('hdd.cylinders', p.cylinders, { integer: true, min: 1 });
	checkNumber('hdd.heads', p.heads, { integer: true, min: 1 });
	checkNumber('hdd.zones', p.zones, { integer: true, min: 1, max: p.cylinders });
	checkNumber('hdd.innerSectorsPerTrack', p.innerSectorsPerTrack, { integer: true, min: 1 });
	checkNumber('hdd.outerSectorsPerTrack', p.outerSectorsPerTrack, {
		integer: true,
		min: p.innerSectorsPerTrack
	});
	const s = p.seek ?? {};
	checkNumber('hdd.seek.shortMs', s.shortMs);
	checkNumber('hdd.seek.shortMsPerSqrtCylinder', s.shortMsPerSqrtCylinder);
	checkNumber('hdd.seek.boundaryCylinders', s.boundaryCylinders, { integer: true, min: 1 });
	checkNumber('hdd.seek.longMs', s.longMs);
	checkNumber('hdd.seek.longMsPerCylinder', s.longMsPerCylinder);
	checkNumber('hdd.writeSettleMs', p.writeSettleMs);
	checkNumber('hdd.controllerMs', p.controllerMs);
	const b = s.boundaryCylinders;
	if (b > 1 && seekMs(p, b) < seekMs(p, b - 1))
		throw new DiskModelError(
			`hdd.seek: the long-seek line starts below the short-seek curve at ${b} cylinders ` +
				`(${seekMs(p, b).toFixed(3)} ms < ${seekMs(p, b - 1).toFixed(3)} ms): seeks must not get faster with distance`
		);
}

/** The seek time for a distance of d cylinders, in ms. */
export function seekMs(p: HddParams, d: number): number {
	if (d === 0) return 0;
	const s = p.seek;
	return d < s.boundaryCylinders
		? s.shortMs + s.shortMsPerSqrtCylinder * Math.sqrt(d)
		: s.longMs + s.longMsPerCylinder * d;
}

/** Sectors per track in zone z (0 = outermost). */
function sectorsPerTrack(p: HddParams, z: number): number {
	if (p.zones === 1) return p.outerSectorsPerTrack;
	const step = (p.outerSectorsPerTrack - p.innerSectorsPerTrack) / (p.zones - 1);
	return Math.round(p.outerSectorsPerTrack - step * z);
}

/** The cylinder, the sector's index in its track and that track's length for an LBA. */
export function locate(p: HddParams, sector: number): { cylinder: number; index: number; perTrack: number } {
	let first = 0; // the zone's first sector
	let cylinder = 0; // ... and first cylinder
	for (let z = 0; z < p.zones; z++) {
		const width = Math.floor(((z + 1) * p.cylinders) / p.zones) - Math.floor((z * p.cylinders) / p.zones);
		const perTrack = sectorsPerTrack(p, z);
		const size = width * p.heads * perTrack;
		if (sector < first + size || z === p.zones - 1) {
			const track = Math.floor((sector - first) / perTrack);
			const c = Math.min(cylinder + Math.floor(track / p.heads), p.cylinders - 1);
			return { cylinder: c, index: (sector - first) % perTrack, perTrack };
		}
		first += size;
		cylinder += width;
	}
	throw new DiskModelError('unreachable: no zone'); // the loop returns at the last zone
}

/** Total sectors of the geometry. */
export function hddCapacity(p: HddParams): number {
	let total = 0;
	for (let z = 0; z < p.zones; z++) {
		const width = Math.floor(((z + 1) * p.cylinders) / p.zones) - Math.floor((z * p.cylinders) / p.zones);
		total += width * p.heads * sectorsPerTrack(p, z);
	}
	return total;
}

/** How long `req`, starting at cycle `now`, keeps the drive busy, and where it leaves the arm. */
export function hddService(
	p: HddParams,
	state: HddState,
	req: DiskRequest,
	now: number,
	hz: number
): ServiceResult<HddState> {
	checkRequest(req, hz);
	const overhead = msToCycles(p.controllerMs, hz);
	if (req.op === 'flush') {
		// No write cache is modelled: every write was on the platter when it completed.
		return {
			service: { cycles: overhead, overhead, seek: 0, rotation: 0, media: 0, transfer: 0 },
			state
		};
	}
	const at = locate(p, req.sector);
	const end = locate(p, req.sector + req.count - 1);
	const after = { cylinder: end.cylinder, nextSector: req.sector + req.count };
	if (req.sector === state.nextSector) {
		// Sequential: the drive's track buffer has read ahead (or, for a write, merges it behind),
		// so the controller's overhead does not cost a missed revolution (Ruemmler & Wilkes, "Caching").
		const transfer = Math.round((req.count / at.perTrack) * ((60 * hz) / p.rpm));
		return {
			service: { cycles: overhead + transfer, overhead, seek: 0, rotation: 0, media: 0, transfer },
			state: after
		};
	}
	const distance = Math.abs(at.cylinder - state.cylinder);
	const seek = msToCycles(seekMs(p, distance) + (req.op === 'write' ? p.writeSettleMs : 0), hz);
	const turn = (60 * hz) / p.rpm; // cycles per revolution
	const angle = (now + overhead + seek) % turn; // where the platter is when the head arrives
	const target = (at.index / at.perTrack) * turn;
	const rotation = Math.round((((target - angle) % turn) + turn) % turn);
	const transfer = Math.round((req.count / at.perTrack) * turn);
	return {
		service: {
			cycles: overhead + seek + rotation + transfer,
			overhead,
			seek,
			rotation,
			media: 0,
			transfer
		},
		state: after
	};
}

/**
 * A 7200 rpm 3.5" desktop drive of about 1 TB (one platter, two heads), after Seagate's Barracuda
 * 7200.14 product manual (100686584): 7200 rpm, average read seek under 8.5 ms, track-to-track
 * about 1 ms, sustained transfer up to 210 MB/s (outer) falling to about half at the inner edge.
 * - Geometry: 210 MB/s at 120 turns/s is 1.75 MB, about 3400 sectors, per outer track; 1700 inner;
 *   1.95e9 sectors over 2 heads and ~2550 sectors per track average: 381,000 cylinders.
 * - Seek: through (1 cyl, 1.0 ms), (N/3 = 127,000 cyl, 8.5 ms: the mean distance between two random
 *   cylinders is a third of the stroke) and (N, 17 ms full stroke, a typical figure), with the
 *   boundary at 20,000 cylinders where the two curves meet (Ruemmler & Wilkes fit the HP 97560 the
 *   same way: 3.24 + 0.400√d ms below 383 cylinders, 8.00 + 0.008·d ms above).
 * - Controller overhead 0.2 ms and write settle 0.1 ms: typical magnitudes (Ruemmler & Wilkes,
 *   "Controller overhead"; "Seek time": writes settle longer than reads).
 */
export const HDD_7200: HddParams = {
	kind: 'hdd',
	rpm: 7200,
	cylinders: 381_000,
	heads: 2,
	zones: 16,
	outerSectorsPerTrack: 3400,
	innerSectorsPerTrack: 1700,
	seek: {
		shortMs: 0.972,
		shortMsPerSqrtCylinder: 0.02792,
		boundaryCylinders: 20_000,
		longMs: 4.26,
		longMsPerCylinder: 3.346e-5
	},
	writeSettleMs: 0.1,
	controllerMs: 0.2
};

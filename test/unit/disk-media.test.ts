/**
 * The physical disk models (src/lib/sim/devices/media/): service times worked out by hand on small
 * geometries at 1 MHz (one cycle per µs), parameter validation, and seeded properties on the presets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	DISK_PRESETS,
	diskPreset,
	diskService,
	initialDiskState,
	validateDiskModel,
	type DiskModel,
	type DiskModelState,
	type DiskRequest
} from '../../src/lib/sim/devices/media';
import { hddCapacity, hddService, locate, seekMs, type HddParams } from '../../src/lib/sim/devices/media/hdd';
import { ssdInitialState, ssdService, type SsdParams } from '../../src/lib/sim/devices/media/ssd';
import './fast-check-seed';

const MHZ = 1e6;
// 6000 rpm: a turn is 10 ms = 10,000 cycles; 100 sectors a track, one head.
const HDD: HddParams = {
	kind: 'hdd',
	rpm: 6000,
	cylinders: 1000,
	heads: 1,
	zones: 1,
	outerSectorsPerTrack: 100,
	innerSectorsPerTrack: 100,
	seek: {
		shortMs: 1,
		shortMsPerSqrtCylinder: 0.5,
		boundaryCylinders: 100,
		longMs: 3,
		longMsPerCylinder: 0.02
	},
	writeSettleMs: 0,
	controllerMs: 0
};
const read = (sector: number, count: number): DiskRequest => ({ op: 'read', sector, count });

describe('HDD model', () => {
	it('a short seek, the rotational wait from the platter angle, and the transfer', () => {
		// Sector 250 is cylinder 2, index 50: seek 1 + 0.5·√2 ms = 1707 cycles; the platter is then at
		// 1707/10,000 of a turn and sector 50 at 5000/10,000: 3293 to wait; 10 sectors = 1/10 turn.
		const r = hddService(HDD, { cylinder: 0 }, read(250, 10), 0, MHZ);
		expect(r.service).toEqual({
			cycles: 6000,
			overhead: 0,
			seek: 1707,
			rotation: 3293,
			media: 0,
			transfer: 1000
		});
		expect(r.state).toEqual({ cylinder: 2, nextSector: 260 });
		// The next 10 sectors, asked for the moment the first ended: no seek, no wait.
		const next = hddService(HDD, r.state, read(260, 10), 6000, MHZ);
		expect(next.service).toMatchObject({ cycles: 1000, seek: 0, rotation: 0, transfer: 1000 });
		// Not sequential (sector 270 of the same track), asked at 6001: it waits until 7000.
		expect(hddService(HDD, r.state, read(270, 10), 6001, MHZ).service.rotation).toBe(999);
	});

	it('a long seek is linear in the distance; writes settle; flushes cost only the controller', () => {
		// Cylinder 500: 3 + 0.02·500 = 13 ms; the platter is at 3000, sector 0 at 0: 7000 to wait.
		const r = hddService(HDD, { cylinder: 0 }, read(50_000, 1), 0, MHZ);
		expect(r.service).toMatchObject({ cycles: 20_100, seek: 13_000, rotation: 7000, transfer: 100 });
		const settle = { ...HDD, writeSettleMs: 0.5, controllerMs: 0.25 };
		const w = hddService(settle, { cylinder: 0 }, { op: 'write', sector: 250, count: 10 }, 0, MHZ);
		expect(w.service).toMatchObject({ overhead: 250, seek: 2207, rotation: 5000 - 2457 });
		expect(hddService(settle, { cylinder: 7 }, { op: 'flush', sector: 0, count: 0 }, 0, MHZ)).toEqual({
			service: { cycles: 250, overhead: 250, seek: 0, rotation: 0, media: 0, transfer: 0 },
			state: { cylinder: 7 }
		});
	});

	it('zones: outer tracks hold more sectors and transfer faster', () => {
		const zoned = { ...HDD, zones: 2, outerSectorsPerTrack: 200 };
		expect(hddCapacity(zoned)).toBe(500 * 200 + 500 * 100);
		expect(locate(zoned, 99_999)).toEqual({ cylinder: 499, index: 199, perTrack: 200 });
		expect(locate(zoned, 100_000)).toEqual({ cylinder: 500, index: 0, perTrack: 100 });
		expect(hddService(zoned, { cylinder: 0 }, read(0, 10), 0, MHZ).service.transfer).toBe(500);
		expect(hddService(zoned, { cylinder: 500 }, read(100_000, 10), 0, MHZ).service.transfer).toBe(1000);
	});

	it('the preset: 1 ms track to track, 8.5 ms at a third of the stroke, 17 ms full stroke', () => {
		const p = DISK_PRESETS['hdd-7200'];
		expect(seekMs(p, 1)).toBeCloseTo(1.0, 2);
		expect(seekMs(p, 127_000)).toBeCloseTo(8.51, 2);
		expect(seekMs(p, 381_000)).toBeCloseTo(17.01, 2);
		expect(hddCapacity(p)).toBeGreaterThan(1.9e9); // about 1 TB
	});

	it('rejects bad parameters, naming the field', () => {
		const bad = (patch: object) => () => validateDiskModel({ ...HDD, ...patch } as DiskModel);
		expect(bad({ rpm: 0 })).toThrow(/hdd\.rpm must be a number above 0 \(got 0\)/);
		expect(bad({ heads: 1.5 })).toThrow(/hdd\.heads must be an integer/);
		expect(bad({ innerSectorsPerTrack: 200 })).toThrow(/hdd\.outerSectorsPerTrack/);
		expect(bad({ seek: { ...HDD.seek, longMs: -1 } })).toThrow(/hdd\.seek\.longMs/);
		expect(bad({ seek: { ...HDD.seek, longMs: 0 } })).toThrow(/seeks must not get faster with distance/);
		expect(() => validateDiskModel({ kind: 'tape' } as unknown as DiskModel)).toThrow(/model\.kind/);
		expect(() => diskPreset('floppy')).toThrow(
			/unknown disk model 'floppy' \(known: hdd, ssd, hdd-7200, sata-ssd\)/
		);
		for (const p of Object.values(DISK_PRESETS)) expect(() => validateDiskModel(p)).not.toThrow();
	});
});

// 4 KiB pages; 409.6 MB/s buses: 10 cycles a page.
const SSD: SsdParams = {
	kind: 'ssd',
	channels: 2,
	diesPerChannel: 1,
	pageBytes: 4096,
	pagesPerBlock: 2,
	readUs: 50,
	programUs: 200,
	eraseUs: 1000,
	channelMBps: 409.6,
	interfaceMBps: 409.6,
	controllerUs: 5
};

describe('SSD model', () => {
	it('a page read: controller, tR, the bus, the host interface', () => {
		const r = ssdService(SSD, ssdInitialState(SSD), read(0, 8), 0, MHZ);
		expect(r.service).toEqual({ cycles: 75, overhead: 5, seek: 0, rotation: 0, media: 60, transfer: 10 });
		expect(r.state.dieBusyUntil).toEqual([55, 0]);
		expect(r.state.channelBusyUntil).toEqual([65, 0]);
	});

	it('two pages: in parallel on two channels, one after the other on one', () => {
		expect(ssdService(SSD, ssdInitialState(SSD), read(0, 16), 0, MHZ).service.cycles).toBe(5 + 60 + 20);
		const one = { ...SSD, channels: 1 };
		// Die: 5..55 then 55..105; bus: 55..65 then 105..115.
		expect(ssdService(one, ssdInitialState(one), read(0, 16), 0, MHZ).service.media).toBe(110);
	});

	it('writes program after the bus; a full block is erased before the next program', () => {
		const one = { ...SSD, channels: 1 };
		let state = ssdInitialState(one);
		const media: number[] = [];
		let now = 0;
		for (let i = 0; i < 3; i++) {
			const r = ssdService(one, state, { op: 'write', sector: i * 8, count: 8 }, now, MHZ);
			media.push(r.service.media);
			state = r.state;
			now += r.service.cycles;
		}
		expect(media).toEqual([210, 210, 1210]);
		expect(state.programs).toEqual([3]);
	});

	it('rejects bad parameters, naming the field', () => {
		expect(() => validateDiskModel({ ...SSD, channels: 0 })).toThrow(
			/ssd\.channels must be an integer at least 1/
		);
		expect(() => validateDiskModel({ ...SSD, pageBytes: 1000 })).toThrow(/ssd\.pageBytes/);
		expect(() => validateDiskModel({ ...SSD, interfaceMBps: 0 })).toThrow(/ssd\.interfaceMBps/);
	});
});

describe('properties of the presets', () => {
	const hz = 1e9;
	const presets = Object.values(DISK_PRESETS);
	const hdd = DISK_PRESETS['hdd-7200'];

	it('HDD seek time grows with the distance', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 380_999 }),
				fc.integer({ min: 0, max: 381_000 }),
				(a, b) => {
					const [lo, hi] = a <= b ? [a, b] : [b, a];
					expect(seekMs(hdd, lo)).toBeLessThanOrEqual(seekMs(hdd, hi));
				}
			)
		);
	});

	it('no part of a service time is ever negative, and the parts add up', () => {
		const request = fc.record({
			op: fc.constantFrom('read' as const, 'write' as const, 'flush' as const),
			sector: fc.integer({ min: 0, max: 1_000_000_000 }),
			count: fc.integer({ min: 1, max: 256 })
		});
		fc.assert(
			fc.property(
				fc.constantFrom(...presets),
				fc.array(fc.tuple(request, fc.nat(1e7)), { maxLength: 20 }),
				(model, reqs) => {
					let state: DiskModelState = initialDiskState(model);
					let now = 0;
					for (const [req, gap] of reqs) {
						const { service, state: next } = diskService(model, state, req, now, hz);
						const { cycles, ...parts } = service;
						for (const v of Object.values(parts)) expect(v).toBeGreaterThanOrEqual(0);
						expect(Object.values(parts).reduce((a, b) => a + b, 0)).toBe(cycles);
						state = next;
						now += cycles + gap;
					}
				}
			)
		);
	});

	it('sequential 4 KiB requests are faster on average than random ones on the HDD, never slower on the SSD', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...presets),
				fc.constantFrom('read' as const, 'write' as const),
				fc.integer({ min: 1, max: 2 ** 31 }),
				(model, op, seed) => {
					const mean = (sectorOf: (i: number) => number) => {
						let state = initialDiskState(model);
						let now = 0;
						for (let i = 0; i < 64; i++) {
							const r = diskService(
								model,
								state,
								{ op, sector: sectorOf(i), count: 8 },
								now,
								hz
							);
							state = r.state;
							now += r.service.cycles;
						}
						return now / 64;
					};
					let x = seed;
					const random = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) % 100_000_000) * 8;
					const seq = mean((i) => 1000 * 8 + i * 8);
					// An SSD at queue depth 1 reads any page as fast (no seek): equal, never slower.
					if (model.kind === 'hdd') expect(seq).toBeLessThan(mean(() => random()));
					else expect(seq).toBeLessThanOrEqual(mean(() => random()));
				}
			),
			{ numRuns: 30 }
		);
	});
});

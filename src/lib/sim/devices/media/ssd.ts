/**
 * A flash SSD: NAND dies on `channels` buses, `diesPerChannel` on each, logical pages striped
 * across channels first, then dies (page p on channel p mod C, die ⌊p / C⌋ mod D), so a request of
 * several pages keeps several dies and buses busy at once. Per page:
 * - read: the die reads the page into its register (`readUs`, tR), then the bus carries it to the
 *   controller (pageBytes at `channelMBps`);
 * - write: the bus carries it to the die, which programs it (`programUs`, tPROG); every
 *   `pagesPerBlock` programs on a die it first erases a block (`eraseUs`, tBERS), the
 *   erase-before-write cost of flash (0: not modelled);
 * then the whole request crosses the host interface (`interfaceMBps`) after the controller's own
 * `controllerUs`. A die or bus still busy with earlier work delays the page. The state is each
 * die's and bus's busy-until cycle and each die's program count: plain data, for snapshots.
 * (J. Cooke, "The inconvenient truths of NAND flash memory", Micron, Flash Memory Summit 2007, for
 * the structure; the datasheet figures are in the preset.) No write cache and no FTL garbage
 * collection beyond that periodic erase.
 */
import { checkNumber, checkRequest, usToCycles, type DiskRequest, type ServiceResult } from './types';

export interface SsdParams {
	readonly kind: 'ssd';
	readonly channels: number;
	readonly diesPerChannel: number;
	readonly pageBytes: number;
	readonly pagesPerBlock: number;
	readonly readUs: number;
	readonly programUs: number;
	readonly eraseUs: number;
	readonly channelMBps: number;
	readonly interfaceMBps: number;
	readonly controllerUs: number;
}

export interface SsdState {
	/** Per die (channel-major: die d of channel c at c·D + d), the cycle it is free from. */
	readonly dieBusyUntil: readonly number[];
	readonly channelBusyUntil: readonly number[];
	/** Pages programmed per die (an erase comes before every pagesPerBlock-th + 1). */
	readonly programs: readonly number[];
}

export function ssdInitialState(p: SsdParams): SsdState {
	const dies = p.channels * p.diesPerChannel;
	return {
		dieBusyUntil: new Array<number>(dies).fill(0),
		channelBusyUntil: new Array<number>(p.channels).fill(0),
		programs: new Array<number>(dies).fill(0)
	};
}

export function validateSsd(p: SsdParams): void {
	checkNumber('ssd.channels', p.channels, { integer: true, min: 1 });
	checkNumber('ssd.diesPerChannel', p.diesPerChannel, { integer: true, min: 1 });
	checkNumber('ssd.pageBytes', p.pageBytes, { integer: true, min: 512 });
	if (p.pageBytes % 512 !== 0) checkNumber('ssd.pageBytes (a multiple of 512)', NaN);
	checkNumber('ssd.pagesPerBlock', p.pagesPerBlock, { integer: true, min: 1 });
	checkNumber('ssd.readUs', p.readUs);
	checkNumber('ssd.programUs', p.programUs);
	checkNumber('ssd.eraseUs', p.eraseUs);
	checkNumber('ssd.channelMBps', p.channelMBps, { above: true });
	checkNumber('ssd.interfaceMBps', p.interfaceMBps, { above: true });
	checkNumber('ssd.controllerUs', p.controllerUs);
}

/** Bytes at MB/s (10^6 bytes per second) in cycles, unrounded. */
const bytesCycles = (bytes: number, mbps: number, hz: number) => (bytes / (mbps * 1e6)) * hz;

export function ssdService(
	p: SsdParams,
	state: SsdState,
	req: DiskRequest,
	now: number,
	hz: number
): ServiceResult<SsdState> {
	checkRequest(req, hz);
	const overhead = usToCycles(p.controllerUs, hz);
	if (req.op === 'flush') {
		return {
			service: { cycles: overhead, overhead, seek: 0, rotation: 0, media: 0, transfer: 0 },
			state
		};
	}
	const die = state.dieBusyUntil.slice();
	const channel = state.channelBusyUntil.slice();
	const programs = state.programs.slice();
	const perPage = p.pageBytes / 512;
	const first = Math.floor(req.sector / perPage);
	const last = Math.floor((req.sector + req.count - 1) / perPage);
	const bus = Math.round(bytesCycles(p.pageBytes, p.channelMBps, hz));
	const start = now + overhead;
	let done = start;
	for (let page = first; page <= last; page++) {
		const c = page % p.channels;
		const d = c * p.diesPerChannel + (Math.floor(page / p.channels) % p.diesPerChannel);
		let end: number;
		if (req.op === 'read') {
			const read = Math.max(start, die[d]) + usToCycles(p.readUs, hz);
			end = Math.max(read, channel[c]) + bus;
			die[d] = read;
			channel[c] = end;
		} else {
			const moved = Math.max(start, channel[c]) + bus;
			const erase = p.eraseUs > 0 && programs[d] > 0 && programs[d] % p.pagesPerBlock === 0;
			end =
				Math.max(moved, die[d]) +
				(erase ? usToCycles(p.eraseUs, hz) : 0) +
				usToCycles(p.programUs, hz);
			channel[c] = moved;
			die[d] = end;
			programs[d]++;
		}
		done = Math.max(done, end);
	}
	const media = done - start;
	const transfer = Math.round(bytesCycles(req.count * 512, p.interfaceMBps, hz));
	return {
		service: { cycles: overhead + media + transfer, overhead, seek: 0, rotation: 0, media, transfer },
		state: { dieBusyUntil: die, channelBusyUntil: channel, programs }
	};
}

/**
 * A SATA SSD of the Samsung 860 EVO class (Samsung 860 EVO data sheet, 2018: sequential read
 * 550 MB/s and write 520 MB/s, limited by SATA 6 Gb/s; random 4 KiB read at queue depth 1 about
 * 10,000 IOPS, i.e. about 100 µs). An 8-channel controller with 4 dies per channel, 16 KiB pages
 * and 256-page blocks (typical of 64-layer TLC). tR 50 µs, channel 400 MB/s (ONFI 3 / Toggle 2:
 * 400 MT/s on an 8-bit bus), tBERS 3.5 ms: TLC datasheet magnitudes. tPROG 200 µs is that of the
 * SLC-mode cache consumer drives write into first (native TLC takes 500 to 900 µs). Controller 20 µs.
 * A 4 KiB read at QD1 then takes 20 + 50 + 41 (16 KiB over the bus) + 7.4 (over SATA) ≈ 118 µs.
 */
export const SATA_SSD: SsdParams = {
	kind: 'ssd',
	channels: 8,
	diesPerChannel: 4,
	pageBytes: 16384,
	pagesPerBlock: 256,
	readUs: 50,
	programUs: 200,
	eraseUs: 3500,
	channelMBps: 400,
	interfaceMBps: 550,
	controllerUs: 20
};

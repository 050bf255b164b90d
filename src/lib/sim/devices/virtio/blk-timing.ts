/**
 * How long a block request takes: the one seam between virtio-blk (which moves the bytes) and a
 * physical disk model (an HDD's seek, rotation and transfer; an SSD's page reads and programs), which
 * says when the request completes on the machine's cycle clock. Nothing here reads wall time.
 *
 * The device calls service() once per request, in the order the driver made them available, at the
 * cycle the driver notified the queue. The model answers the cycle the request completes (at or after
 * `now`); it keeps its own queueing state (a disk busy until a cycle, a head position, channels),
 * so it may serve requests one at a time or several at once, and completions may come out of order
 * (virtio allows it: the used ring is in completion order). A model with state must give it back as
 * plain data (snapshot/restore), since it travels in the machine's snapshot with the device.
 */

/** 'get-id' also stands for any request the controller answers without the media (UNSUPP, IOERR). */
export type BlockOp = 'read' | 'write' | 'flush' | 'discard' | 'get-id';

export interface BlockRequest {
	op: BlockOp;
	/** First 512-byte sector (0 for flush and get-id). */
	sector: number;
	/** Sectors moved (0 for flush and get-id). */
	count: number;
}

export interface BlockTiming<S = unknown> {
	/** For reports ('fixed', 'hdd-7200', …). */
	readonly name: string;
	/** The cycle at which `req`, submitted at cycle `now`, completes (an integer ≥ now). */
	service(req: BlockRequest, now: number): number;
	/** Power-on state (a disk idle, heads parked). */
	reset(): void;
	snapshot(): S;
	restore(state: S): void;
}

export interface FixedTimingOptions {
	/** Cycles per request, whatever its size (command overhead). Default 2000 (20 µs at 100 MHz). */
	perRequest?: number;
	/** Cycles per sector moved. Default 50 (about 1 GB/s at 100 MHz). */
	perSector?: number;
}

/**
 * The default: a fixed cost per request plus one per sector, requests served one at a time in
 * submission order (so a burst of requests queues behind the first).
 */
export function fixedTiming(o: FixedTimingOptions = {}): BlockTiming<{ busyUntil: number }> {
	const perRequest = o.perRequest ?? 2000;
	const perSector = o.perSector ?? 50;
	let busyUntil = 0;
	return {
		name: 'fixed',
		service(req, now) {
			const start = Math.max(now, busyUntil);
			busyUntil = start + perRequest + perSector * req.count;
			return busyUntil;
		},
		reset: () => (busyUntil = 0),
		snapshot: () => ({ busyUntil }),
		restore: (s) => (busyUntil = s.busyUntil)
	};
}

/**
 * A request queue the device shares with others (the hypervisor's queue for one physical disk, where
 * several VMs' requests meet): it decides when each request is served, so it schedules the device's
 * completion event itself (kind `kind`, payload `id`) when the request's service is known.
 */
export interface BlockQueuePort {
	/**
	 * Take request `id`, submitted at cycle `now`. 'no-space': the virtual disk cannot allocate the
	 * blocks a write needs; nothing was taken, and the device holds the request until retry().
	 */
	submit(req: BlockRequest, now: number, kind: string, id: number): 'queued' | 'no-space';
	/** The device was reset: forget its requests (kind), queued or in service. */
	cancel(kind: string): void;
}

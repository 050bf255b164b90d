/**
 * The teaching PIO disk: a deliberately old-fashioned disk controller, in the manner of an ATA
 * drive in PIO mode, to set beside virtio-blk. The driver writes a sector number and a count, issues
 * a command, polls STATUS, and then moves every byte through one 32-bit DATA register, one word per
 * access: a 512-byte sector is 128 loads or stores. Under a hypervisor each of those accesses is a
 * trap and an emulation (hv/mmio.ts), where virtio-blk needs a handful of exits for a whole request;
 * the exits per KiB of the two are the lesson.
 *
 * Registers (32-bit, little-endian, at offsets from the base; any other width is a bad access):
 *   0x00 ID         R   "PIOD" in memory order (0x444f4950)
 *   0x04 CAPACITY   R   sectors of 512 bytes
 *   0x08 SECTOR     RW  first sector of the next command
 *   0x0c COUNT      RW  sectors the next command moves (1..PIO_MAX_COUNT)
 *   0x10 COMMAND    RW  1 read, 2 write, 3 flush, 4 reset; reads the command in progress (0 none)
 *   0x14 STATUS     R   BUSY 1, READY 2, DRQ 4 (a DATA word is ready / wanted), ERR 8, IRQ 16
 *                       (a completion interrupt is pending: reading STATUS acknowledges it, as ATA)
 *   0x18 DATA       RW  reading pops the next word of the sector buffer, writing pushes one
 *   0x1c IRQ_ENABLE RW  bit 0: raise the PLIC line when a command completes
 *   0x20 ERROR      R   why ERR is set (PIO_E*), 0 when it is not
 *   0x24 FEATURES   R   bit 0 read-only, bit 1 flush (the device caches writes)
 *
 * A command:
 *   read:  BUSY while the media works (the timing model, or the host's disk queue, says how long);
 *          then DRQ with the first sector in the buffer; the driver reads 128 words a sector, the
 *          device refills the buffer at each sector's end, and after the last word it is READY.
 *   write: DRQ at once (the buffer wants data); the driver writes 128 words a sector; after the last
 *          sector BUSY while the media works, then READY. The bytes reach the store at completion.
 *   flush: BUSY, then READY: everything written before it is durable.
 *   reset: abandons the command in progress (READY, ERR clear).
 * A command is refused with ERR (and nothing else changes) when it is unknown, when COUNT is 0 or
 * too large, when the sectors run past the end, when it writes a read-only disk, or when another
 * command is in progress. A bad access (a width other than 4, an offset that is no register, a
 * write to a read-only register, DATA with DRQ clear or in the wrong direction, SECTOR or COUNT
 * written during a command) sets ERR and ERROR and is otherwise ignored (a read answers 0); the
 * command in progress, if any, carries on. ERR and ERROR clear when a command is accepted.
 *
 * Timing is the machine's event queue, never wall time: BUSY ends with an event at the cycle the
 * BlockTiming model (default fixedTiming()) or the shared BlockQueuePort says. State is plain data.
 */
import type { AccessSize, Device, DeviceHost, Lifecycle } from './device';
import type { EventPayload } from '../machine/events';
import { fixedTiming, type BlockOp, type BlockQueuePort, type BlockTiming } from './virtio/blk-timing';
import type { BlockStore } from './virtio/block-store';

export const PIO_REG = {
	id: 0x00,
	capacity: 0x04,
	sector: 0x08,
	count: 0x0c,
	command: 0x10,
	status: 0x14,
	data: 0x18,
	irqEnable: 0x1c,
	error: 0x20,
	features: 0x24
} as const;

/** "PIOD": the bytes P, I, O, D at offsets 0..3. */
export const PIO_ID = 0x444f4950;
export const PIO_CMD = { read: 1, write: 2, flush: 3, reset: 4 } as const;
export const PIO_STATUS = { busy: 1, ready: 2, drq: 4, err: 8, irq: 16 } as const;
export const PIO_FEATURE = { readonly: 1, flush: 2 } as const;
/** ERROR codes. */
export const PIO_E = {
	none: 0,
	range: 1, // sectors past the end of the disk
	readonly: 2, // a write command to a read-only disk
	badCommand: 3, // an unknown command
	badCount: 4, // COUNT is 0 or more than PIO_MAX_COUNT
	badAccess: 5, // not a 32-bit access, or no register at that offset
	readonlyRegister: 6, // a write to a register that is only read
	noData: 7, // DATA accessed while DRQ is clear, or in the wrong direction
	busy: 8 // a command, SECTOR or COUNT written while a command is in progress
} as const;
/** Sectors one command may move (ATA's 8-bit sector count, 0 meaning 256, made explicit). */
export const PIO_MAX_COUNT = 256;
export const PIO_WORDS_PER_SECTOR = 128;
const SECTOR = 512;

type Phase = 'idle' | 'busy' | 'data-in' | 'data-out' | 'stalled';

export interface PioDiskState {
	sector: number;
	count: number;
	/** The command in progress (0 none). */
	command: number;
	phase: Phase;
	error: number;
	err: boolean;
	irqEnable: number;
	irqPending: boolean;
	/** The command's bytes: read from the store at completion (read), or pushed by the driver (write). */
	buffer: Uint8Array;
	/** Words moved through DATA in this command. */
	words: number;
	/** The command's number (the completion event's payload), and the event's handle (-1: none). */
	id: number;
	event: number;
	timing: unknown;
	/** For reports and the lesson: accesses of each kind and bytes moved since power-on. */
	stats: PioDiskStats;
}

export interface PioDiskStats {
	commands: number;
	dataAccesses: number;
	statusReads: number;
	otherAccesses: number;
	read: number;
	written: number;
	errors: number;
}

export interface PioDiskOptions {
	readonly?: boolean;
	/** When BUSY ends (default fixedTiming()). */
	timing?: BlockTiming;
	/** A queue shared with other devices, which says when requests complete (instead of `timing`). */
	queue?: BlockQueuePort;
	/** A write waits for space on a full physical disk (queue's 'no-space'): its VM should pause. */
	onNoSpace?: () => void;
}

const newStats = (): PioDiskStats => ({
	commands: 0,
	dataAccesses: 0,
	statusReads: 0,
	otherAccesses: 0,
	read: 0,
	written: 0,
	errors: 0
});

export class PioDisk implements Device, Lifecycle<PioDiskState> {
	readonly name = 'pio-disk';
	readonly timing: BlockTiming;
	private readonly readonly: boolean;
	private readonly kind: string;
	private s: PioDiskState;

	constructor(
		private readonly host: DeviceHost,
		readonly store: BlockStore,
		private readonly irq: number,
		private readonly o: PioDiskOptions = {},
		name = 'pio'
	) {
		this.readonly = o.readonly ?? false;
		this.timing = o.timing ?? fixedTiming();
		this.kind = `${name}.done`;
		this.s = this.powerOn();
		host.events.on(this.kind, (p) => this.complete(p));
	}

	private powerOn(): PioDiskState {
		return {
			sector: 0,
			count: 0,
			command: 0,
			phase: 'idle',
			error: PIO_E.none,
			err: false,
			irqEnable: 0,
			irqPending: false,
			buffer: new Uint8Array(0),
			words: 0,
			id: 0,
			event: -1,
			timing: undefined,
			stats: newStats()
		};
	}

	reset(): void {
		this.abandon();
		this.s = this.powerOn();
		this.timing.reset();
		this.host.raiseIrq(this.irq, false);
	}

	snapshot(): PioDiskState {
		return structuredClone({ ...this.s, timing: this.timing.snapshot() });
	}

	restore(state: PioDiskState): void {
		this.s = structuredClone(state);
		this.timing.restore(structuredClone(state.timing));
	}

	/** Accesses and bytes since power-on. */
	counters(): Readonly<PioDiskStats> {
		return this.s.stats;
	}

	/** Waiting for space on a full physical disk (a write the shared queue could not take yet). */
	get stalled(): boolean {
		return this.s.phase === 'stalled';
	}

	status(): number {
		const s = this.s;
		let v = 0;
		if (s.phase === 'busy' || s.phase === 'stalled') v |= PIO_STATUS.busy;
		if (s.phase === 'idle') v |= PIO_STATUS.ready;
		if (s.phase === 'data-in' || s.phase === 'data-out') v |= PIO_STATUS.drq;
		if (s.err) v |= PIO_STATUS.err;
		if (s.irqPending) v |= PIO_STATUS.irq;
		return v;
	}

	read(offset: number, size: AccessSize): number {
		const s = this.s;
		if (size !== 4 || offset & 3) return this.bad(PIO_E.badAccess, 0);
		switch (offset) {
			case PIO_REG.data:
				return this.pop();
			case PIO_REG.status: {
				s.stats.statusReads++;
				const v = this.status();
				if (s.irqPending) this.setIrq(false);
				return v;
			}
		}
		s.stats.otherAccesses++;
		switch (offset) {
			case PIO_REG.id:
				return PIO_ID;
			case PIO_REG.capacity:
				return Math.min(this.store.sectors, 0xffff_ffff);
			case PIO_REG.sector:
				return s.sector;
			case PIO_REG.count:
				return s.count;
			case PIO_REG.command:
				return s.command;
			case PIO_REG.irqEnable:
				return s.irqEnable;
			case PIO_REG.error:
				return s.error;
			case PIO_REG.features:
				return (this.readonly ? PIO_FEATURE.readonly : 0) | PIO_FEATURE.flush;
		}
		return this.bad(PIO_E.badAccess, 0);
	}

	/** Always true: a bad access is the device's error to report, not a bus fault. */
	write(offset: number, size: AccessSize, value: number): boolean {
		const s = this.s;
		value >>>= 0;
		if (size !== 4 || offset & 3) return this.bad(PIO_E.badAccess, true);
		if (offset === PIO_REG.data) return this.push(value);
		s.stats.otherAccesses++;
		const inCommand = s.phase !== 'idle';
		switch (offset) {
			case PIO_REG.sector:
			case PIO_REG.count:
				if (inCommand) return this.bad(PIO_E.busy, true);
				if (offset === PIO_REG.sector) s.sector = value;
				else s.count = value;
				return true;
			case PIO_REG.command:
				this.command(value);
				return true;
			case PIO_REG.irqEnable:
				s.irqEnable = value & 1;
				this.setIrq(s.irqPending);
				return true;
			case PIO_REG.id:
			case PIO_REG.capacity:
			case PIO_REG.status:
			case PIO_REG.error:
			case PIO_REG.features:
				return this.bad(PIO_E.readonlyRegister, true);
		}
		return this.bad(PIO_E.badAccess, true);
	}

	private command(cmd: number): void {
		const s = this.s;
		if (cmd === PIO_CMD.reset) {
			this.abandon();
			Object.assign(s, { phase: 'idle', command: 0, err: false, error: PIO_E.none, words: 0 });
			s.buffer = new Uint8Array(0);
			this.setIrq(false);
			return;
		}
		if (s.phase !== 'idle') return void this.bad(PIO_E.busy, 0);
		const moves = cmd === PIO_CMD.read || cmd === PIO_CMD.write;
		const why =
			cmd !== PIO_CMD.read && cmd !== PIO_CMD.write && cmd !== PIO_CMD.flush
				? PIO_E.badCommand
				: moves && (s.count === 0 || s.count > PIO_MAX_COUNT)
					? PIO_E.badCount
					: moves && s.sector + s.count > this.store.sectors
						? PIO_E.range
						: cmd === PIO_CMD.write && this.readonly
							? PIO_E.readonly
							: PIO_E.none;
		if (why !== PIO_E.none) return void this.bad(why, 0);
		s.err = false;
		s.error = PIO_E.none;
		s.command = cmd;
		s.words = 0;
		s.id++;
		s.stats.commands++;
		this.setIrq(false);
		if (cmd === PIO_CMD.write) {
			s.buffer = new Uint8Array(s.count * SECTOR);
			s.phase = 'data-out';
		} else {
			s.buffer = new Uint8Array(0);
			this.submit(cmd === PIO_CMD.read ? 'read' : 'flush');
		}
	}

	/** Hand the command to the timing model or the shared queue; BUSY (or stalled) until it completes. */
	private submit(op: BlockOp): void {
		const s = this.s;
		const count = op === 'flush' ? 0 : s.count;
		const req = { op, sector: op === 'flush' ? 0 : s.sector, count };
		const now = this.host.now();
		s.phase = 'busy';
		if (this.o.queue) {
			if (this.o.queue.submit(req, now, this.kind, s.id) === 'no-space') {
				s.phase = 'stalled';
				this.o.onNoSpace?.();
			}
			return;
		}
		const at = Math.max(now, Math.ceil(this.timing.service(req, now)));
		s.event = this.host.events.schedule(at, this.kind, s.id);
	}

	/** Space was freed on the physical disk: a stalled write submits again. */
	retry(): void {
		if (this.s.phase === 'stalled') this.submit('write');
	}

	private complete(payload: EventPayload): void {
		const s = this.s;
		if (payload !== s.id || s.phase !== 'busy') return; // a command abandoned since
		s.event = -1;
		if (s.command === PIO_CMD.read) {
			s.buffer = this.store.read(s.sector * SECTOR, s.count * SECTOR);
			s.phase = 'data-in';
		} else {
			if (s.command === PIO_CMD.write) {
				this.store.write(s.sector * SECTOR, s.buffer);
				s.stats.written += s.buffer.length;
			} else this.store.flushed();
			s.buffer = new Uint8Array(0);
			s.phase = 'idle';
			s.command = 0;
		}
		this.setIrq(true);
	}

	private pop(): number {
		const s = this.s;
		s.stats.dataAccesses++;
		if (s.phase !== 'data-in') return this.bad(PIO_E.noData, 0);
		const at = s.words * 4;
		const b = s.buffer;
		const v = (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
		if (++s.words * 4 === b.length) {
			s.stats.read += b.length;
			s.buffer = new Uint8Array(0);
			s.phase = 'idle';
			s.command = 0;
		}
		return v;
	}

	private push(value: number): boolean {
		const s = this.s;
		s.stats.dataAccesses++;
		if (s.phase !== 'data-out') return this.bad(PIO_E.noData, true);
		const at = s.words * 4;
		s.buffer[at] = value & 0xff;
		s.buffer[at + 1] = (value >>> 8) & 0xff;
		s.buffer[at + 2] = (value >>> 16) & 0xff;
		s.buffer[at + 3] = value >>> 24;
		if (++s.words * 4 === s.buffer.length) this.submit('write');
		return true;
	}

	/** A command in progress is dropped: its completion event, or its place in the shared queue. */
	private abandon(): void {
		const s = this.s;
		if (s.event >= 0) this.host.events.cancel(s.event);
		if (s.phase === 'busy' || s.phase === 'stalled') this.o.queue?.cancel(this.kind);
		s.event = -1;
	}

	private bad<T>(code: number, answer: T): T {
		this.s.err = true;
		this.s.error = code;
		this.s.stats.errors++;
		return answer;
	}

	/** The completion interrupt: pending until STATUS is read, on the line while IRQ_ENABLE allows. */
	private setIrq(pending: boolean): void {
		this.s.irqPending = pending;
		this.host.raiseIrq(this.irq, pending && this.s.irqEnable !== 0);
	}
}

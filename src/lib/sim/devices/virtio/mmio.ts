/**
 * The virtio-mmio transport, version 2 ("modern", virtio 1.2 §4.2.2), as one of QEMU virt's eight
 * slots (0x1000_1000 + 0x1000·i, PLIC source 1 + i). The transport owns the register map, feature
 * negotiation, the device status and the split virtqueues; a VirtioBackend (virtio-blk, later net)
 * only says what it is (id, features, config space) and handles a queue notification through
 * VirtioQueues, TinyEMU's shape (virtio.c): a device is a short file.
 *
 * A slot with no backend answers as QEMU's empty slots do: magic, version 2, device id 0.
 * A driver error (a malformed ring, a bad queue size) sets DEVICE_NEEDS_RESET (§2.1.2) and a
 * configuration-change interrupt; the device then ignores its queues until the driver writes
 * status 0. Registers are 32-bit (§4.2.2.2); a narrower access to them reads 0 and writes nothing.
 */
import type { AccessSize, Device, DeviceHost, Lifecycle } from '../device';
import { emptyQueue, popChain, pushUsed, type Chain, type QueueFeatures, type QueueState } from './virtqueue';

export const VIRTIO_MAGIC = 0x74726976; // "virt", §4.2.2
export const VIRTIO_VENDOR = 0x63736d76; // "vmsc"
// §2.1 device status bits
export const STATUS_ACKNOWLEDGE = 1;
export const STATUS_DRIVER = 2;
export const STATUS_DRIVER_OK = 4;
export const STATUS_FEATURES_OK = 8;
export const STATUS_DEVICE_NEEDS_RESET = 64;
export const STATUS_FAILED = 128;
// §6 reserved feature bits (bit numbers)
export const VIRTIO_F_INDIRECT_DESC = 28;
export const VIRTIO_F_EVENT_IDX = 29;
export const VIRTIO_F_VERSION_1 = 32;
/** §4.2.2: InterruptStatus bits. */
export const INT_USED_BUFFER = 1;
export const INT_CONFIG_CHANGE = 2;

/** The §4.2.2 register map (offsets). */
export const REG = {
	magic: 0x000,
	version: 0x004,
	deviceId: 0x008,
	vendorId: 0x00c,
	deviceFeatures: 0x010,
	deviceFeaturesSel: 0x014,
	driverFeatures: 0x020,
	driverFeaturesSel: 0x024,
	queueSel: 0x030,
	queueNumMax: 0x034,
	queueNum: 0x038,
	queueReady: 0x044,
	queueNotify: 0x050,
	interruptStatus: 0x060,
	interruptAck: 0x064,
	status: 0x070,
	queueDescLow: 0x080,
	queueDescHigh: 0x084,
	queueDriverLow: 0x090,
	queueDriverHigh: 0x094,
	queueDeviceLow: 0x0a0,
	queueDeviceHigh: 0x0a4,
	shmSel: 0x0ac,
	shmLenLow: 0x0b0,
	shmLenHigh: 0x0b4,
	shmBaseLow: 0x0b8,
	shmBaseHigh: 0x0bc,
	configGeneration: 0x0fc,
	config: 0x100
} as const;

/** What the transport offers a backend: its queues, and the device's failure state. */
export interface VirtioQueues {
	/** The next available chain of queue q, 'empty', or 'error' (the device now needs a reset). */
	pop(q: number): Chain | 'empty' | 'error';
	/** Return chain `head` of queue q with `len` bytes written; interrupts as the driver asked. */
	push(q: number, head: number, len: number): void;
	/** A driver error the backend found (§2.1.2): DEVICE_NEEDS_RESET and a config interrupt. */
	fail(): void;
	/** The driver has negotiated feature `bit`. */
	has(bit: number): boolean;
	/** The device is running (DRIVER_OK and not needing a reset). */
	readonly live: boolean;
}

/** A virtio device type behind the transport. */
export interface VirtioBackend<S = unknown> extends Lifecycle<S> {
	readonly deviceId: number;
	/** Device feature bits 0..63 as [low word, high word]; the transport adds VERSION_1. */
	readonly features: readonly [number, number];
	readonly queueCount: number;
	readonly queueNumMax: number;
	/** Config space byte `offset` (§4.2.2: any width, little-endian); undefined past its end. */
	configRead(offset: number, size: AccessSize): number | undefined;
	configWrite(offset: number, size: AccessSize, value: number): void;
	/** Called once by the transport before anything else. */
	attach(queues: VirtioQueues): void;
	/** The driver notified queue q (§4.2.3.3). */
	notify(q: number): void;
}

export interface VirtioMmioState {
	status: number;
	deviceFeaturesSel: number;
	driverFeaturesSel: number;
	driverFeatures: [number, number];
	queueSel: number;
	queues: QueueState[];
	interruptStatus: number;
	configGeneration: number;
	shmSel: number;
	backend: unknown;
}

export class VirtioMmio implements Device, Lifecycle<VirtioMmioState> {
	readonly name: string;
	private s: VirtioMmioState;
	private line = false;
	private readonly qf: QueueFeatures = { indirect: false, eventIdx: false };

	constructor(
		private readonly host: DeviceHost,
		private readonly irqLine: number,
		readonly backend?: VirtioBackend,
		name = 'virtio-mmio'
	) {
		this.name = name;
		this.s = this.powerOn();
		backend?.attach(this.queueApi());
	}

	private powerOn(): VirtioMmioState {
		const b = this.backend;
		return {
			status: 0,
			deviceFeaturesSel: 0,
			driverFeaturesSel: 0,
			driverFeatures: [0, 0],
			queueSel: 0,
			queues: Array.from({ length: b?.queueCount ?? 0 }, () => emptyQueue(b?.queueNumMax ?? 0)),
			interruptStatus: 0,
			configGeneration: 0,
			shmSel: 0,
			backend: null
		};
	}

	/** The device features the transport offers: the backend's, with VERSION_1 (modern only). */
	deviceFeatures(): [number, number] {
		const f = this.backend?.features ?? [0, 0];
		return [f[0] >>> 0, (f[1] | (1 << (VIRTIO_F_VERSION_1 - 32))) >>> 0];
	}

	private has(bit: number): boolean {
		return ((this.s.driverFeatures[bit >> 5] >>> (bit & 31)) & 1) === 1;
	}

	private get live(): boolean {
		const st = this.s.status;
		return (st & STATUS_DRIVER_OK) !== 0 && (st & STATUS_DEVICE_NEEDS_RESET) === 0;
	}

	private queueApi(): VirtioQueues {
		const live = () => this.live;
		return {
			pop: (q) => {
				const queue = this.s.queues[q];
				if (!this.live || !queue?.ready) return 'empty';
				const c = popChain(this.host.dma, queue, this.qf);
				if (c === 'error') this.fail();
				return c;
			},
			push: (q, head, len) => {
				const queue = this.s.queues[q];
				if (!this.live || !queue?.ready) return;
				const want = pushUsed(this.host.dma, queue, this.qf, head, len);
				if (want === 'error') this.fail();
				else if (want) this.interrupt(INT_USED_BUFFER);
			},
			fail: () => this.fail(),
			has: (bit) => this.has(bit),
			get live() {
				return live();
			}
		};
	}

	private fail(): void {
		if (this.s.status & STATUS_DEVICE_NEEDS_RESET) return;
		this.s.status |= STATUS_DEVICE_NEEDS_RESET;
		// §2.1.2: a device that needs a reset after DRIVER_OK sends a configuration change notification.
		if (this.s.status & STATUS_DRIVER_OK) this.interrupt(INT_CONFIG_CHANGE);
	}

	private interrupt(bits: number): void {
		this.s.interruptStatus |= bits;
		this.updateIrq();
	}

	private updateIrq(): void {
		const high = this.s.interruptStatus !== 0;
		if (high === this.line) return;
		this.line = high;
		this.host.raiseIrq(this.irqLine, high);
	}

	/** §2.4 device reset: registers, queues and the backend to their initial state. */
	reset(): void {
		this.s = this.powerOn();
		this.qf.indirect = this.qf.eventIdx = false;
		this.backend?.reset();
		this.updateIrq();
	}

	snapshot(): VirtioMmioState {
		return structuredClone({ ...this.s, backend: this.backend?.snapshot() ?? null });
	}

	restore(state: VirtioMmioState): void {
		this.s = structuredClone(state);
		if (this.backend) this.backend.restore(state.backend);
		this.s.backend = null;
		this.qf.indirect = this.has(VIRTIO_F_INDIRECT_DESC);
		this.qf.eventIdx = this.has(VIRTIO_F_EVENT_IDX);
		// State only: the PLIC's snapshot holds the line's level.
		this.line = this.s.interruptStatus !== 0;
	}

	read(offset: number, size: AccessSize): number | undefined {
		if (offset >= REG.config) {
			const v = this.backend?.configRead(offset - REG.config, size);
			return v ?? 0;
		}
		if (size !== 4 || offset & 3) return 0;
		const s = this.s;
		const q = s.queues[s.queueSel];
		switch (offset) {
			case REG.magic:
				return VIRTIO_MAGIC;
			case REG.version:
				return 2;
			case REG.deviceId:
				return this.backend?.deviceId ?? 0;
			case REG.vendorId:
				return VIRTIO_VENDOR;
			case REG.deviceFeatures:
				return s.deviceFeaturesSel < 2 ? this.deviceFeatures()[s.deviceFeaturesSel] : 0;
			case REG.queueNumMax:
				return q ? (this.backend?.queueNumMax ?? 0) : 0;
			case REG.queueNum:
				return q?.num ?? 0;
			case REG.queueReady:
				return q?.ready ? 1 : 0;
			case REG.interruptStatus:
				return s.interruptStatus;
			case REG.status:
				return s.status;
			case REG.queueDescLow:
			case REG.queueDescHigh:
				return q ? q.desc[(offset - REG.queueDescLow) >> 2] : 0;
			case REG.queueDriverLow:
			case REG.queueDriverHigh:
				return q ? q.driver[(offset - REG.queueDriverLow) >> 2] : 0;
			case REG.queueDeviceLow:
			case REG.queueDeviceHigh:
				return q ? q.device[(offset - REG.queueDeviceLow) >> 2] : 0;
			// §4.2.2: a shared memory region that does not exist has length -1.
			case REG.shmLenLow:
			case REG.shmLenHigh:
			case REG.shmBaseLow:
			case REG.shmBaseHigh:
				return 0xffff_ffff;
			case REG.configGeneration:
				return s.configGeneration;
			default:
				return 0;
		}
	}

	write(offset: number, size: AccessSize, value: number): boolean {
		if (offset >= REG.config) {
			this.backend?.configWrite(offset - REG.config, size, value);
			return true;
		}
		if (size !== 4 || offset & 3) return true;
		const s = this.s;
		const v = value >>> 0;
		const q = s.queues[s.queueSel];
		// §4.2.2.1: queue registers may be written only while the queue is not ready.
		const setup = q !== undefined && !q.ready;
		switch (offset) {
			case REG.deviceFeaturesSel:
				s.deviceFeaturesSel = v;
				break;
			case REG.driverFeatures:
				// §3.1.1: features are fixed once FEATURES_OK is set.
				if (s.driverFeaturesSel < 2 && !(s.status & STATUS_FEATURES_OK))
					s.driverFeatures[s.driverFeaturesSel] = v;
				break;
			case REG.driverFeaturesSel:
				s.driverFeaturesSel = v;
				break;
			case REG.queueSel:
				s.queueSel = v;
				break;
			case REG.queueNum:
				if (setup) q.num = v;
				break;
			case REG.queueReady:
				if (q) this.setReady(q, (v & 1) === 1);
				break;
			case REG.queueNotify:
				if (this.live && s.queues[v & 0xffff]?.ready) this.backend?.notify(v & 0xffff);
				break;
			case REG.interruptAck:
				s.interruptStatus &= ~v;
				this.updateIrq();
				break;
			case REG.status:
				this.writeStatus(v & 0xff);
				break;
			case REG.queueDescLow:
			case REG.queueDescHigh:
				if (setup) q.desc[(offset - REG.queueDescLow) >> 2] = v;
				break;
			case REG.queueDriverLow:
			case REG.queueDriverHigh:
				if (setup) q.driver[(offset - REG.queueDriverLow) >> 2] = v;
				break;
			case REG.queueDeviceLow:
			case REG.queueDeviceHigh:
				if (setup) q.device[(offset - REG.queueDeviceLow) >> 2] = v;
				break;
			case REG.shmSel:
				s.shmSel = v;
				break;
		}
		return true;
	}

	private setReady(q: QueueState, ready: boolean): void {
		if (!ready) {
			q.ready = false;
			return;
		}
		if (q.ready) return;
		const max = this.backend?.queueNumMax ?? 0;
		// §2.7: a split queue's size is a power of two, at most QueueNumMax; §2.7.2 alignment: the
		// descriptor table 16, the driver area 2, the device area 4 bytes.
		const bad =
			q.num === 0 ||
			q.num > max ||
			(q.num & (q.num - 1)) !== 0 ||
			q.desc[0] & 15 ||
			q.driver[0] & 1 ||
			q.device[0] & 3;
		if (bad) {
			this.fail();
			return;
		}
		q.ready = true;
		q.lastAvail = 0;
		q.usedIdx = 0;
	}

	private writeStatus(v: number): void {
		const s = this.s;
		if (v === 0) {
			this.reset(); // §4.2.2.1: writing 0 to Status resets the device
			return;
		}
		if (v & STATUS_FEATURES_OK && !(s.status & STATUS_FEATURES_OK) && !this.acceptFeatures()) {
			// §3.1.1 step 6: the device leaves FEATURES_OK clear when it cannot take the subset.
			v &= ~STATUS_FEATURES_OK;
		}
		s.status = v | (s.status & STATUS_DEVICE_NEEDS_RESET);
	}

	/** The driver's features are a subset of the device's and include VERSION_1 (§6.1). */
	private acceptFeatures(): boolean {
		const dev = this.deviceFeatures();
		const drv = this.s.driverFeatures;
		if ((drv[0] & ~dev[0]) !== 0 || (drv[1] & ~dev[1]) !== 0) return false;
		if (!this.has(VIRTIO_F_VERSION_1)) return false;
		this.qf.indirect = this.has(VIRTIO_F_INDIRECT_DESC);
		this.qf.eventIdx = this.has(VIRTIO_F_EVENT_IDX);
		return true;
	}
}

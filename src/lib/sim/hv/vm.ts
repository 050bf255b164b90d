/**
 * One virtual machine: its configuration, its state as plain data (VmState, in the hypervisor's
 * snapshot), and the live parts built from it: the guest map and guest memory, its own devices
 * (UART 16550 and test finisher, the same classes as the bare board's, plugged into a host that is
 * the VM), and its SBI firmware (firmware/sbi.ts with a platform whose harts are the VM's vCPUs).
 */
import type { DeviceHost } from '../devices/device';
import { TestFinisher } from '../devices/test-finisher';
import { Uart16550, type UartState } from '../devices/uart16550';
import { EventQueue } from '../machine/events';
import type { StopReason } from '../machine/stop';
import { SbiFirmware, type SbiPlatform, type SbiState } from '../firmware/sbi';
import type { Program } from '../isa/program';
import { exitCounts, type ExitReason } from './costs';
import type { HostFrames } from './frames';
import { GuestMap } from './guest-map';
import { GuestMemory } from './guest-memory';
import { GUEST_FINISHER, GUEST_UART, type GuestDevice } from './mmio';
import type { VmSchedParams } from './scheduler';
import type { VcpuState } from './vcpu';
import type { VirtioMmioState } from '../devices/virtio/mmio';
import type { PioDiskState } from '../devices/pio-disk';
import {
	virtioRestore,
	virtioSnapshot,
	vmVirtio,
	type VmDisk,
	type VmDiskHost,
	type VmVirtio
} from './vm-disks';
import type { VmNetHost, VmNic } from './host-net';

export type VmStatus = 'created' | 'running' | 'paused' | 'shut-down' | 'crashed';

/** What a VM is made of (a scenario's `vms[i]`, with the image already loaded). */
export interface VmConfig {
	name: string;
	image: Program;
	/** Guest RAM in bytes (a multiple of 4 KiB), at 0x8000_0000 as on QEMU virt. */
	memory: number;
	vcpus: number;
	/** How its kernel is deprivileged (default 'trap-and-emulate'; 'tvm': tvm.ts). */
	technique?: Technique;
	/** Its weight, cap, priority and affinity for the vCPU scheduler (defaults: scheduler.ts). */
	sched?: Partial<VmSchedParams>;
	/** Its virtual disks, one virtio-blk each from the lowest slot (hv/vdisk: where their bytes live). */
	disks?: readonly VmDiskConfig[];
	/** Its network cards (a virtio-net each, after the disks' slots), by MAC. */
	nics?: readonly { mac: string }[];
}

/** A VM's disk as a scenario gives it: a virtual disk of `kind` on host disk `on`. */
export interface VmDiskConfig {
	kind: 'minidisk' | 'thin' | 'cow';
	on: string;
	size?: number;
	serial?: string;
	/** cow: the base image's name (the host placed it on `on`). */
	base?: string;
	readonly?: boolean;
	/** How the VM sees it: a virtio-blk (default) or the teaching PIO disk (one per VM at most). */
	bus?: 'virtio' | 'pio';
}

export type Technique = 'trap-and-emulate' | 'tvm';

export interface VmCounters {
	/** Guest instructions retired in vU and in vS. */
	instructionsU: number;
	instructionsS: number;
	exits: Record<ExitReason, number>;
	/** Cycles the hypervisor charged for this VM's exits. */
	hvCycles: number;
	shadowFills: number;
	shadowFlushes: number;
	reflected: number;
	injected: number;
	framesAllocated: number;
	breaches: number;
}

export interface VmState {
	id: number;
	name: string;
	status: VmStatus;
	/** Why it crashed, or the failure it shut down with. */
	reason?: string;
	/** Exit code of a shutdown (0: normal; 1: the SBI system failure reason or a finisher code). */
	exitCode?: number;
	memory: number;
	technique: Technique;
	/** Host-physical address of its Sv32x4 guest map's root. */
	mapRoot: number;
	/** Host mtime when it started: the guest's time is host time minus this. */
	timeOffset: number;
	vcpus: VcpuState[];
	uart: UartState;
	sbi: SbiState;
	counters: VmCounters;
	/** Its disks (their virtual disks outlive a reset) and their transports' state. */
	disks: VmDisk[];
	virtio?: VirtioMmioState[];
	/** Its PIO disk's state, if it has one. */
	pio?: PioDiskState;
	/** Paused because a write waits for space on a full physical disk (it resumes when space is freed). */
	waitingForSpace?: boolean;
	/** Destroyed by the host: its memory and disks are gone, it can never run again. */
	destroyed?: boolean;
	/** Its NICs: their addresses and switch ports (absent: none). */
	nics?: VmNic[];
}

export function newCounters(): VmCounters {
	return {
		instructionsU: 0,
		instructionsS: 0,
		exits: exitCounts(),
		hvCycles: 0,
		shadowFills: 0,
		shadowFlushes: 0,
		reflected: 0,
		injected: 0,
		framesAllocated: 0,
		breaches: 0
	};
}

export const GUEST_RAM_BASE = 0x8000_0000;

/** What a VM's devices and firmware ask of the hypervisor. */
export interface VmHost {
	consoleOut(vm: number, byte: number): void;
	/** The VM asked to stop (finisher, SBI reset). */
	stop(vm: number, reason: StopReason): void;
	frameAllocated(vm: number, gpa: number, pa: number): void;
	platform(vm: Vm): SbiPlatform;
	now(): number;
	disks: VmDiskHost;
	net: VmNetHost;
}

export class Vm {
	readonly map: GuestMap;
	readonly mem: GuestMemory;
	readonly uart: Uart16550;
	readonly finisher: TestFinisher;
	readonly devices: readonly GuestDevice[];
	/** Its virtio-mmio slots and the disks in them (none without disks). */
	readonly virtio: VmVirtio;
	readonly sbi: SbiFirmware;
	/** Bytes it printed (not machine state: output already written, as the machine's console). */
	readonly output: number[] = [];

	constructor(
		public s: VmState,
		readonly config: VmConfig,
		frames: HostFrames,
		host: VmHost
	) {
		this.map = new GuestMap(frames, s.mapRoot, GUEST_RAM_BASE, s.memory);
		this.mem = new GuestMemory(this.map, s.id, (gpa, pa) => host.frameAllocated(s.id, gpa, pa));
		const deviceHost: DeviceHost = {
			stop: (reason) => host.stop(s.id, reason),
			consoleOut: (b) => host.consoleOut(s.id, b),
			consoleErr: () => {},
			// No virtual interrupt controller yet: the VM's UART drives no line.
			setInterrupt: () => {},
			raiseIrq: () => {},
			dma: { read: (a, n) => this.mem.read(a, n), write: (a, b) => this.mem.write(a, b) },
			now: host.now,
			events: new EventQueue()
		};
		this.uart = new Uart16550(deviceHost);
		this.finisher = new TestFinisher(deviceHost);
		this.virtio = vmVirtio(s.id, s.disks, deviceHost.dma, host.disks, s.nics, host.net);
		this.devices = [
			{ ...GUEST_UART, device: this.uart },
			{ ...GUEST_FINISHER, device: this.finisher },
			...this.virtio.devices
		];
		this.uart.restore(s.uart);
		virtioRestore(this.virtio, s.virtio, s.pio);
		this.sbi = new SbiFirmware(host.platform(this));
		this.sbi.restore(s.sbi);
	}

	get id(): number {
		return this.s.id;
	}

	get name(): string {
		return this.s.name;
	}

	/** Is it live (its vCPUs may run)? */
	get running(): boolean {
		return this.s.status === 'running';
	}

	/** Bring the device and firmware state into the plain state (before a snapshot). */
	sync(): void {
		this.s.uart = this.uart.snapshot();
		this.s.sbi = this.sbi.snapshot();
		if (this.virtio.transports.length > 0) this.s.virtio = virtioSnapshot(this.virtio);
		if (this.virtio.pio) this.s.pio = this.virtio.pio.snapshot();
	}

	consoleText(): string {
		return new TextDecoder().decode(Uint8Array.from(this.output));
	}
}

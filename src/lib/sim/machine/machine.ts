/**
 * A Machine: 1 to 8 harts, the bus with RAM, and the devices of the QEMU `virt` map (test finisher,
 * CLINT, PLIC, UART; HTIF when the program has tohost), on one cycle clock with a device event queue,
 * and the SBI firmware in TypeScript for S-mode kernels (firmware/sbi.ts; MachineOptions.firmware).
 *
 *   const m = new Machine({ ramMiB: 64 });
 *   m.load(program);                 // a Program from the assembler or the ELF loader
 *   const why = m.run(1_000_000);    // StopReason: exited / budget / breakpoint / reset / trap-loop
 *   m.hart.x[10], m.hart.pc, m.cycles, m.time(), m.instret, m.consoleText()
 *   m.onRetire = (pc, bits, rd, value) => …   // per retired instruction; undefined to unsubscribe
 *   m.onTrap = (cause, tval, epc) => …
 *   m.onFirmwareCall = ({ hart, eid, fid, args, error, value }) => …   // SBI calls (onFirmwareEntry too)
 *   m.onWalk = (hart, record) => …   // every Sv32 page walk (PTEs read, A/D writes); options adMode, tlb
 *   m.addBreakpoint(addr); m.step(); m.uart.feed(bytes); m.events.schedule(cycle, kind, payload)
 *   const snap = m.snapshot(); …; m.restore(snap)
 *
 * run() works in slices, and a slice ends before the next device event (CLINT timers); a write to the
 * CLINT ends the slice, since it may have moved that event nearer. With several harts the harts take
 * turns: the hart furthest behind in cycles runs for a quantum of steps, or until it ends its slice
 * itself (WFI, a CLINT store, HSM stop) or a device event is dispatched. The turn is machine state
 * (and in the snapshot), so how a run is cut into run() calls never changes the interleaving:
 * run(a); run(b) is run(a + b). Devices reach the machine only through DeviceHost.
 */
import { Bus } from '../bus/bus';
import { Ram } from '../bus/ram';
import type { Device, DeviceHost, DmaPort } from '../devices/device';
import { Clint } from '../devices/clint';
import { Htif } from '../devices/htif';
import { Plic } from '../devices/plic';
import { TestFinisher } from '../devices/test-finisher';
import { Uart16550 } from '../devices/uart16550';
import { enterSupervisor } from '../firmware/boot';
import { SbiFirmware, type FirmwareCallHook, type FirmwareEntryHook } from '../firmware/sbi';
import { execute } from '../hart/execute';
import { BlockCache } from '../hart/jit/cache';
import { HookList, HookSlot } from '../hart/hooks';
import { Hart, type HartState, type MachineSoftware, type RetireHook, type TrapHook } from '../hart/hart';
import type { Program } from '../isa/program';
import { WalkRecord, type AdMode, type TlbConfig } from '../mmu';
import { ComponentRegistry } from './components';
import { costsByOp, DEFAULT_COSTS, type CostTable } from './costs';
import { EventQueue, type EventQueueSnapshot } from './events';
import { sbiPlatform } from './sbi-platform';
import type { PagedStore } from '../trace/page-versions';
import type { StopReason } from './stop';
import { VIRT_BOARD, VIRT_MAP, VIRT_TIMEBASE_HZ, type BoardDevice, type BoardSlot } from './virt';
import type { DiskImage } from '../devices/virtio/disk-image';
import { diskSlots } from './pio-slot';
import type { DiskSpec } from './virtio-slots';
import type { NicSpec, UserNetLink } from './net-slot';

/** A whole machine as plain data: restore() it to step backwards and replay deterministically. */
export interface MachineSnapshot {
	harts: HartState[];
	/** A copy of all of RAM (empty when taken with `{ ram: false }`). */
	ram: Uint8Array;
	/** A copy of each disk image, like `ram` (absent with `{ ram: false }` or without disks). */
	disks?: Uint8Array[];
	/**
	 * Each component's state by its registered name (the board's devices, 'sbi'): plain data, as the
	 * rule in components.ts says. Files written before the registry are converted on reading
	 * (snapshot-file.ts).
	 */
	components: Record<string, unknown>;
	/** The firmware the program runs under (absent in older files: the loaded program's is kept). */
	firmware?: MachineFirmware;
	/** The HTIF words watched, or null for none (absent in older files: the loaded program's). */
	htif?: HtifAddress | null;
	/** Which harts the SBI firmware has stopped (HSM). */
	parked: boolean[];
	events: EventQueueSnapshot;
	exited: StopReason | undefined;
	/** With several harts: whose turn it is and the steps left of its quantum (absent: pick anew). */
	turn?: Turn;
}

/** Where a program's HTIF words are (Program.tohost, Program.fromhost). */
export interface HtifAddress {
	tohost: number;
	fromhost?: number;
}

/** A device's own activity (a console byte sent): the hart it happened on, device, what, value. */
export type DeviceEventHook = (
	hart: number,
	device: string,
	what: string,
	value: number | string | undefined
) => void;

/** The scheduler's turn: the hart running and the steps left of its quantum (0: pick a hart next). */
export interface Turn {
	hart: number;
	left: number;
}

export interface SnapshotOptions {
	/** Copy RAM into the snapshot (default true); false leaves `ram` empty (history keeps pages itself). */
	ram?: boolean;
}

export interface RestoreOptions {
	/** 'kept': RAM already holds the snapshot's bytes (the caller put them back); leave it alone. */
	ram?: 'kept';
}

/** Called after every page walk with the hart that walked and the walk's record (reused: copy it). */
export type WalkHook = (hart: number, record: WalkRecord) => void;
/** An event a component reports: a registered kind, with the common fields and its own payload. */
export interface ReportedEvent {
	kind: string;
	cycle: number;
	hart: number;
	vm?: number;
	[field: string]: unknown;
}
export type ReportHook = (event: ReportedEvent) => void;
/** Called on every TLB lookup: the hart, the virtual address, whether it hit, and the ASID. */
export type LookupHook = (hart: number, va: number, hit: boolean, asid: number) => void;

export interface MachineOptions {
	/** RAM size in MiB (default 128, like QEMU virt's default). */
	ramMiB?: number;
	/**
	 * Harts (1 to 8, default 1). Without firmware all start at the entry point in M-mode with
	 * a0 = mhartid, as on QEMU with -bios none; under the SBI firmware hart 0 boots the kernel and
	 * the others wait, stopped, for HSM hart_start.
	 */
	harts?: number;
	/** With several harts: steps one hart runs before the scheduler picks again (default 1000). */
	quantum?: number;
	/** Override cycle costs per instruction class. */
	costs?: Partial<CostTable>;
	/** Core clock: cycles per second (default 100 MHz). */
	cpuHz?: number;
	/** mtime ticks per second (default 10 MHz, QEMU virt's timebase-frequency). */
	timebaseHz?: number;
	/** Misaligned plain loads/stores: performed ('emulate', like QEMU) or trapping. */
	misaligned?: 'emulate' | 'trap';
	/** Watch the program's `tohost` word (Spike HTIF) when it has one (default 'auto'). */
	htif?: 'auto' | 'off';
	/** Console bytes (UART THR, HTIF). Default: kept in memory, read with consoleText(). */
	consoleOut?: (byte: number) => void;
	consoleErr?: (byte: number) => void;
	/**
	 * How the MMU keeps PTE A and D bits (privileged §4.3.1): 'hardware' (default, as QEMU) sets them
	 * during the walk with a store to the PTE; 'fault' raises a page fault and leaves it to software.
	 */
	adMode?: AdMode;
	/** TLB geometry per hart, or null for none (every translation walks). Default: mmu DEFAULT_TLB_CONFIG. */
	tlb?: TlbConfig | null;
	/**
	 * What runs in M-mode (default 'auto'). 'none': the program itself, from its entry, in M-mode
	 * (QEMU -bios none). 'sbi': the TypeScript SBI firmware (firmware/sbi.ts); the program is an
	 * S-mode kernel entered at its entry with a0 = hartid and a1 = 0 (no device tree: the teaching
	 * kernel ignores it, and a DTB would have to be placed in RAM the kernel may own). 'auto', like
	 * QEMU: an entry at 0x8000_0000 (the reset vector) means no firmware, any other entry (a kernel
	 * linked at 0x8020_0000) runs under the SBI.
	 */
	firmware?: 'none' | 'sbi' | 'auto';
	/**
	 * Disks, one virtio-blk each in QEMU virt's virtio-mmio slots from the lowest address
	 * (virtio-slots.ts); with any, all eight slots are mapped, the others empty (device id 0).
	 * A disk with `bus: 'pio'` is the teaching PIO disk instead (pio-slot.ts; at most one).
	 */
	disks?: readonly DiskSpec[];
	/**
	 * NICs, one virtio-net each in the virtio-mmio slots after the virtio disks, each cabled to its
	 * own simulated outside host (net-slot.ts; QEMU's -netdev user).
	 */
	nics?: readonly NicSpec[];
	/**
	 * How harts execute (default 'interp'): 'interp', the interpreter alone; 'jit', hot basic blocks
	 * translated to JavaScript (hart/jit), the same semantics to the instruction and the cycle. The
	 * translator stands aside while anyone observes every retired instruction.
	 */
	engine?: Engine;
}

export type Engine = 'interp' | 'jit';

/** What owns M-mode: the program itself, the SBI firmware, or the hypervisor (hv/hypervisor.ts). */
export type MachineFirmware = 'none' | 'sbi' | 'hv';

/** Where QEMU virt's reset vector jumps after its ROM: a program here runs in M-mode without firmware. */
const BARE_ENTRY = 0x8000_0000;

export class Machine {
	readonly bus: Bus;
	readonly ram: Ram;
	readonly harts: readonly Hart[];
	readonly uart: Uart16550;
	readonly finisher: TestFinisher;
	readonly clint: Clint;
	readonly plic: Plic;
	/** The SBI firmware; it answers calls only while `firmware` is 'sbi' (chosen at load()). */
	readonly sbi: SbiFirmware;
	/** The firmware the loaded program runs under. */
	firmware: MachineFirmware = 'none';
	/** The hypervisor, once one has taken M-mode (adoptMachineSoftware). */
	private hypervisor: MachineSoftware | undefined;
	/** Harts stopped under the SBI (HSM STOPPED): they execute nothing until hart_start. */
	readonly parked: boolean[];
	/** Device work scheduled on the cycle clock; run() dispatches what is due between slices. */
	readonly events = new EventQueue();
	/** The board's devices by row name (virt.ts VIRT_BOARD), as mapped on the bus. */
	readonly devices: ReadonlyMap<string, BoardDevice>;
	/** Everything with state of its own besides harts, RAM and the queue: reset, snapshot, restore. */
	readonly components = new ComponentRegistry();
	/** Physical memory as devices and the firmware reach it (RAM on the bare machine). */
	readonly dma: DmaPort;
	/** The disks' images, in the order of MachineOptions.disks. */
	readonly disks: readonly DiskImage[];
	/** The NICs' links to their outside hosts, in the order of MachineOptions.nics. */
	readonly nets: readonly UserNetLink[];
	htif: Htif | undefined;
	readonly cpuHz: number;
	readonly timebaseHz: number;
	/** Set by a hart's idle WFI when nothing can ever wake the machine. */
	private idleForever = false;
	/**
	 * Whether every hart waits in a loop that nothing but an interrupt ends (the hypervisor's idle
	 * loop): then a machine with no event to come stops with 'idle' instead of spinning.
	 */
	quiescent: (() => boolean) | undefined = undefined;
	/**
	 * Stop with 'spin' when the only hart is stuck at `j .` (hart/spin.ts). Off by default: the CLI
	 * and tests run such loops to a budget on purpose; an interactive session turns it on. With
	 * several harts another one may still end the loop (by an IPI), so only a lone hart is watched.
	 */
	get stopOnSpin(): boolean {
		return this.harts[0].stopOnSpin;
	}
	set stopOnSpin(on: boolean) {
		for (const h of this.harts) h.stopOnSpin = on && this.harts.length === 1;
	}
	/** Cycles each hart spent stalled in WFI (a statistic, not machine state: not in snapshots). */
	readonly idleCycles: number[];
	/** Set once the guest has exited (finisher or HTIF); run() then returns it again. */
	exited: StopReason | undefined;
	/**
	 * The hart executing now (or the last one that did): a device access, a console byte or an HTIF
	 * command happens on it, at its cycle. run() sets it before each slice.
	 */
	running = 0;
	private readonly opts: MachineOptions;
	private readonly maxCost: number;
	private readonly quantum: number;
	/** Several harts: the current turn (see run()). */
	private turn: Turn = { hart: 0, left: 0 };
	/** The running hart's slice was ended for a reason of machine state: its turn is over too. */
	private turnOver = false;
	private readonly output: number[] = [];
	private readonly errors: number[] = [];

	constructor(opts: MachineOptions = {}) {
		this.opts = opts;
		// Machine.run sizes a slice by the next device event when the slice starts. An event a device
		// schedules during the slice for an earlier cycle ends the slice at the hart's next out-of-line
		// instruction (the MMIO access that scheduled it is one), so it is dispatched on time and a run
		// cut anywhere (run(n) or run(k); run(n - k)) gives the same events. Slice boundaries are
		// invisible to the guest.
		this.events.onSooner = () => this.endSlice();
		const mib = opts.ramMiB ?? 128;
		if (!(mib > 0 && mib <= 2048 && Number.isInteger(mib * 256)))
			throw new RangeError(`RAM size must be between 4 KiB and 2048 MiB, got ${mib} MiB`);
		this.ram = new Ram(mib * 1024 * 1024, VIRT_MAP.dram.base);
		this.bus = new Bus(this.ram);
		this.cpuHz = opts.cpuHz ?? 100_000_000;
		this.timebaseHz = opts.timebaseHz ?? VIRT_TIMEBASE_HZ;
		const count = opts.harts ?? 1;
		if (!(Number.isInteger(count) && count >= 1 && count <= 8))
			throw new RangeError(`harts must be a whole number from 1 to 8, got ${count}`);
		const ram = this.ram;
		this.dma = {
			read: (addr, length) => {
				const off = ram.offset(addr, length);
				return off < 0 ? undefined : ram.u8.slice(off, off + length);
			},
			write: (addr, bytes) => {
				const off = ram.offset(addr, bytes.length);
				if (off >= 0) ram.writeBytes(off, bytes); // drops instructions decoded from those bytes
				return off >= 0;
			}
		};
		const sink = opts.consoleOut ?? ((b: number) => this.output.push(b));
		const host: DeviceHost = {
			stop: (reason) => this.stopAll(reason),
			consoleOut: (b, source) => {
				sink(b);
				this.deviceEvent(source, 'tx', b);
			},
			consoleErr: opts.consoleErr ?? ((b) => this.errors.push(b)),
			now: () => this.cycles,
			events: this.events,
			setInterrupt: (hart, bit, level) => this.harts[hart]?.setInterruptLine(bit, level),
			raiseIrq: (line, level) => this.plic.setSource(line, level),
			dma: this.dma
		};
		this.host = host;
		const disks = diskSlots(opts.disks ?? [], opts.nics ?? []);
		this.disks = disks.images;
		this.nets = disks.nets;
		this.devices = this.build(host, count, [...VIRT_BOARD, ...disks.slots]);
		for (const link of this.nets) this.components.register(`${link.name}.link`, link);
		this.plic = this.device('plic', Plic);
		this.clint = this.device('clint', Clint);
		this.finisher = this.device('test-finisher', TestFinisher);
		this.uart = this.device('uart0', Uart16550);
		const table = { ...DEFAULT_COSTS, ...opts.costs };
		this.maxCost = Math.max(1, ...Object.values(table));
		this.quantum = Math.max(1, opts.quantum ?? 1000);
		const cost = costsByOp(table);
		const harts: Hart[] = [];
		for (let id = 0; id < count; id++) {
			const hart = new Hart(this.bus, {
				hartId: id,
				misaligned: opts.misaligned,
				cost,
				trapCost: table.trap,
				time: () => this.clint.mtime(),
				adMode: opts.adMode,
				tlb: opts.tlb
			});
			// WFI with nothing pending: this hart's clock runs on to the next device event (a CLINT
			// timer, say), and the slice ends so that event is dispatched before its next instruction.
			hart.idle = () => {
				if ((hart.mip & hart.mie) !== 0) return;
				// A waiting hart must never run ahead of what another hart can still do to it (an IPI, a
				// store it polls): it skips at most to the clock of the slowest hart that is running, one
				// neither parked nor itself waiting with nothing pending.
				let until = this.events.nextCycle();
				for (const o of this.harts)
					if (o !== hart && !this.parked[o.hartId] && !(o.waiting && (o.mip & o.mie) === 0))
						until = Math.min(until, o.cycles);
				if (until !== Infinity && until > hart.cycles) {
					this.idleCycles[hart.hartId] += until - hart.cycles;
					hart.cycles = until;
				}
				// No event to come and no hart that could wake this one: the machine waits for the world.
				if (until === Infinity) this.idleForever = true;
				hart.waiting = true;
				hart.endSlice = true;
				this.turnOver = true;
			};
			if (opts.engine === 'jit') hart.jit = new BlockCache(hart);
			harts.push(hart);
		}
		this.harts = harts;
		this.parked = harts.map(() => false);
		this.idleCycles = harts.map(() => 0);
		this.sbi = new SbiFirmware(sbiPlatform(this, host));
		this.components.register('sbi', this.sbi);
	}

	private readonly host: DeviceHost;

	/** Build the board's rows in order, map each on the bus and register it as a component. */
	private build(host: DeviceHost, harts: number, board: readonly BoardSlot[]): Map<string, BoardDevice> {
		const params = { harts, cyclesPerTick: this.cpuHz / this.timebaseHz };
		const devices = new Map<string, BoardDevice>();
		for (const slot of board) {
			const dev = slot.create(host, params, slot.irq);
			devices.set(slot.name, dev);
			this.components.register(slot.name, dev);
			// A store that may arm a timer sooner than the running slice assumed ends the slice.
			const mapped: Device = slot.endsSlice
				? {
						name: dev.name,
						read: (offset, size) => dev.read(offset, size),
						write: (offset, size, value) => {
							this.endSlice();
							return dev.write(offset, size, value);
						}
					}
				: dev;
			this.bus.map(slot.base, slot.size, mapped);
		}
		return devices;
	}

	/** A board device by row name, of the class the machine expects there. */
	private device<T extends BoardDevice>(name: string, type: abstract new (...a: never[]) => T): T {
		const dev = this.devices.get(name);
		if (!(dev instanceof type)) throw new Error(`the board has no ${type.name} named '${name}'`);
		return dev;
	}

	/** A device did something on its own (a console byte): observers hear it as the running hart's. */
	private deviceEvent(device: string, what: string, value?: number | string): void {
		this.hooks.device.fire?.(this.running, device, what, value);
	}

	/** Hart 0. */
	get hart(): Hart {
		return this.harts[0];
	}

	/** The machine clock in cycles (with one hart, its mcycle). */
	get cycles(): number {
		// With several harts, the machine has reached the time its slowest running hart has.
		if (this.harts.length === 1) return this.harts[0].cycles;
		let min = Infinity;
		for (const h of this.harts) if (!this.parked[h.hartId] && h.cycles < min) min = h.cycles;
		return min === Infinity ? Math.max(...this.harts.map((h) => h.cycles)) : min;
	}

	/** mtime: ticks of the timebase, derived from the cycle clock (the CLINT's register). */
	time(): number {
		return this.clint.mtime();
	}

	/** Instructions retired by all harts. */
	get instret(): number {
		return this.harts.reduce((n, h) => n + h.instret, 0);
	}

	/**
	 * Copy a program into RAM, reset the harts to its entry point (M-mode, like QEMU -bios none, or
	 * S-mode under the SBI firmware: see MachineOptions.firmware) and arm HTIF if the program has a
	 * tohost symbol. Throws RangeError if a segment is outside RAM or the
	 * entry is misaligned. RAM outside the segments keeps what it held (a new Machine starts zeroed,
	 * as QEMU does); breakpoints stay set.
	 */
	load(program: Program): void {
		if (program.entry & 3)
			throw new RangeError(`entry 0x${program.entry.toString(16)} is not 4-byte aligned`);
		for (const s of program.segments) {
			const off = this.ram.offset(s.addr, Math.max(s.memSize, s.data.length, 1));
			if (off < 0)
				throw new RangeError(
					`segment ${s.name ?? ''} at 0x${s.addr.toString(16)} (${s.memSize} bytes) is outside RAM`
				);
		}
		this.ram.unwatchAll();
		for (const s of program.segments) {
			const off = this.ram.offset(s.addr);
			this.ram.writeBytes(off, s.data);
			if (s.memSize > s.data.length) this.ram.fill(off + s.data.length, s.memSize - s.data.length);
		}
		this.ram.flushDecoded();
		const fw = this.opts.firmware ?? 'auto';
		this.firmware = fw === 'auto' ? (program.entry >>> 0 === BARE_ENTRY ? 'none' : 'sbi') : fw;
		for (const h of this.harts) {
			// The one owner of M-mode: the SBI firmware, or the program's own M-mode code.
			h.machineSoftware = this.firmware === 'sbi' ? this.sbi : undefined;
			if (this.firmware === 'sbi') enterSupervisor(h, program.entry, 0);
			else h.reset(program.entry);
			h.x[10] = h.hartId; // a0 = mhartid, as QEMU's reset code leaves it
			// Under the SBI only the boot hart runs; the others wait for HSM hart_start.
			this.parked[h.hartId] = this.firmware === 'sbi' && h.hartId !== 0;
		}
		this.events.clear();
		this.components.reset();
		this.exited = undefined;
		this.running = 0;
		this.turn = { hart: 0, left: 0 };
		this.turnOver = false;
		this.htif = undefined;
		if (program.tohost !== undefined && (this.opts.htif ?? 'auto') === 'auto') {
			if (this.ram.offset(program.tohost, 8) >= 0 && program.tohost % 8 === 0)
				this.htif = new Htif(this.ram, this.host, program.tohost, program.fromhost);
		}
	}

	/**
	 * Hand M-mode to the hypervisor: it becomes every hart's MachineSoftware (the one owner of M-mode)
	 * and sets the harts up itself. Nothing is loaded; the queue and the stop state start afresh.
	 */
	adoptMachineSoftware(software: MachineSoftware): void {
		this.ram.unwatchAll();
		this.htif = undefined;
		this.events.clear();
		this.exited = undefined;
		this.running = 0;
		this.turn = { hart: 0, left: 0 };
		this.turnOver = false;
		this.firmware = 'hv';
		this.hypervisor = software;
		for (const h of this.harts) {
			h.machineSoftware = software;
			this.parked[h.hartId] = false;
		}
	}

	/** Watch HTIF words (a snapshot's), or none; the RAM watch moves with it. */
	private watchHtif(at: HtifAddress | null): void {
		const h = this.htif;
		if (h && at && h.tohost === at.tohost && h.fromhost === at.fromhost) return;
		if (h) this.ram.unwatchAll(); // HTIF is the only watcher of RAM words
		this.htif = at ? new Htif(this.ram, this.host, at.tohost, at.fromhost) : undefined;
	}

	/** Run until a stop reason, or until maxInstructions steps (retired or trapped) have been taken. */
	run(maxInstructions = Infinity): StopReason {
		if (this.exited) return this.exited;
		const harts = this.harts;
		for (const h of harts) {
			h.stopReason = undefined;
			h.breakSkip = h.pc; // resuming at a breakpoint executes it
		}
		const multi = harts.length > 1;
		let left = maxInstructions;
		while (left > 0) {
			const hart = multi ? this.turnHart() : this.parked[0] ? undefined : harts[0];
			if (!hart) return { kind: 'halted' };
			// A slice ends before the next device event: at maxCost cycles per step it cannot
			// overshoot, and slices shrink as the event nears, so it fires on the instruction reaching it.
			const untilEvent = this.events.nextCycle() - hart.cycles;
			// Slices of at most 2^24 steps keep the hart's local cycle count within int32 (cost ≤ 127).
			const budget = Math.min(left, multi ? this.turn.left : Infinity, 0x100_0000);
			const slice = Math.max(1, Math.min(budget, Math.floor(untilEvent / this.maxCost)));
			this.running = hart.hartId;
			hart.waiting = false; // it runs now; its next idle WFI says so again
			const done = execute(hart, slice);
			left -= done;
			if (multi) this.turn.left -= done;
			if (this.turnOver) [this.turn.left, this.turnOver] = [0, false];
			const now = this.cycles;
			if (this.events.nextCycle() <= now) {
				this.events.runDue(now);
				// A device event may have raised an interrupt on any hart: the scheduler picks again.
				[this.turn.left, this.turnOver] = [0, false];
			}
			if (this.idleForever) {
				this.idleForever = false;
				const asleep = (h: Hart) => this.parked[h.hartId] || (h.waiting && (h.mip & h.mie) === 0);
				// WFI may return at any time (privileged §3.3.3), and a guest loop around it may poll
				// memory, so only software that knows its loop cannot (the hypervisor's idle loop) ends the run.
				if (this.events.nextCycle() === Infinity && harts.every(asleep) && this.quiescent?.())
					return { kind: 'idle' };
			}
			const why = harts.find((h) => h.stopReason)?.stopReason;
			if (why) {
				for (const h of harts) h.stopReason = undefined;
				if (why.kind === 'exited' || why.kind === 'reset') this.exited = why;
				return why;
			}
		}
		return { kind: 'budget' };
	}

	/**
	 * The hart whose turn it is, starting a new turn when the last one is over: deterministic
	 * interleaving, the hart furthest behind in cycles runs next (ties: lowest id). Undefined when
	 * every hart is stopped.
	 */
	private turnHart(): Hart | undefined {
		const t = this.turn;
		if (t.left > 0 && !this.parked[t.hart]) return this.harts[t.hart];
		let hart: Hart | undefined;
		for (const h of this.harts) if (!this.parked[h.hartId] && (!hart || h.cycles < hart.cycles)) hart = h;
		if (!hart) return undefined;
		// Another hart may store into a reservation set while this one runs: drop the others'
		// reservations (a spurious SC failure is allowed; an LR/SC loop retries within a quantum).
		for (const h of this.harts) if (h !== hart) h.reservation = -1;
		// A slice end asked of every hart during another's turn (a CLINT store) is spent.
		hart.endSlice = false;
		this.turn = { hart: hart.hartId, left: this.quantum };
		this.turnOver = false;
		return hart;
	}

	/**
	 * End the running slice at the hart's next out-of-line instruction (and, with several harts, its
	 * turn): something changed that the slice was sized without (a device event scheduled sooner).
	 */
	endSlice(): void {
		for (const h of this.harts) h.endSlice = true;
		this.turnOver = true;
	}

	/** Execute one instruction (or take one trap). */
	step(): StopReason {
		return this.run(1);
	}

	/**
	 * Observers across the harts and the firmware; each `add` returns its remover, and several may watch
	 * at once (the trace hub, statistics, the CLI). The hart's own lists are `hart.hooks`.
	 */
	readonly hooks = {
		/** Every page walk; the record is reused, so copy it (toJSON) to keep it. */
		walk: new HookList<WalkHook>((f) => {
			for (const h of this.harts) {
				// Walks record nothing while nobody watches.
				h.mmu.record = f ? (h.mmu.record ?? new WalkRecord()) : null;
				h.mmu.onWalk = f ? (r) => f(h.hartId, r) : null;
			}
		}),
		/** Events a component reports of a kind it registered (registerEventKind): see report(). */
		report: new HookList<ReportHook>(),
		/** Devices' own activity outside the queue: every console byte, by its source and hart. */
		device: new HookList<DeviceEventHook>(),
		/** Every TLB lookup of a translation (hit or miss). */
		lookup: new HookList<LookupHook>((f) => {
			for (const h of this.harts)
				h.mmu.onLookup = f ? (va, hit, asid) => f(h.hartId, va, hit, asid) : null;
		})
	};

	// The one-subscriber setters below, for scripts and tests: each keeps its own place in the lists.
	private readonly slots = {
		retire: new HookSlot<RetireHook>((fn) => this.onAllHarts((h) => h.hooks.retire.add(fn))),
		trap: new HookSlot<TrapHook>((fn) => this.onAllHarts((h) => h.hooks.trap.add(fn))),
		walk: new HookSlot<WalkHook>((fn) => this.hooks.walk.add(fn)),
		entry: new HookSlot<FirmwareEntryHook>((fn) => this.sbi.hooks.entry.add(fn)),
		call: new HookSlot<FirmwareCallHook>((fn) => this.sbi.hooks.call.add(fn))
	};

	/**
	 * A component (the hypervisor, a virtual disk) reports an event of a kind it registered; the trace
	 * hub passes it on to whoever subscribes. Build the event only when `reporting` is true.
	 */
	report(event: ReportedEvent): void {
		this.hooks.report.fire?.(event);
	}

	/** Whether anyone listens to reported events (so a component can skip building them). */
	get reporting(): boolean {
		return this.hooks.report.size > 0;
	}

	/**
	 * The machine's paged stores, which the history versions page by page (RAM now; virtual disk images
	 * will join it). Everything else of the machine is in snapshot().
	 */
	pagedStores(): PagedStore[] {
		const ram = this.ram;
		return [
			{
				name: 'ram',
				u8: ram.u8,
				i32: ram.i32,
				// Instructions decoded from a page written back are stale.
				pageRestored: (p) => ram.dropDecodedPage(p)
			},
			...this.disks
		];
	}

	/** Add one observer per hart; the result removes them all. */
	onAllHarts(add: (h: Hart) => () => void): () => void {
		const offs = this.harts.map(add);
		return () => offs.forEach((off) => off());
	}

	/** Subscribe to every retired instruction; undefined unsubscribes. */
	set onRetire(hook: RetireHook | undefined) {
		this.slots.retire.set(hook);
	}

	/** Subscribe to SBI calls as they enter the firmware ({ hart, eid, fid, args: a0..a5 }). */
	set onFirmwareEntry(hook: FirmwareEntryHook | null | undefined) {
		this.slots.entry.set(hook);
	}

	/** Subscribe to SBI calls as they return (… with the error and value they leave in a0, a1). */
	set onFirmwareCall(hook: FirmwareCallHook | null | undefined) {
		this.slots.call.set(hook);
	}

	/**
	 * Subscribe to every page walk (each hart's MMU records the PTEs it read and any A/D write, for
	 * --mem-trace and the viz); the record is reused, so copy it (toJSON) to keep it. Undefined
	 * unsubscribes.
	 */
	set onWalk(hook: WalkHook | undefined) {
		this.slots.walk.set(hook);
	}

	/** Subscribe to every trap taken (cause as in mcause, tval, epc); undefined unsubscribes. */
	set onTrap(hook: TrapHook | undefined) {
		this.slots.trap.set(hook);
	}

	/**
	 * Everything needed to come back to this point. HTIF needs no state of its own (it lives in RAM and
	 * in the loaded program); console output already written is not part of the machine.
	 */
	snapshot(opts: SnapshotOptions = {}): MachineSnapshot {
		return {
			harts: this.harts.map((h) => h.snapshot()),
			ram: opts.ram === false ? new Uint8Array(0) : this.ram.u8.slice(),
			...(opts.ram === false || this.disks.length === 0
				? {}
				: { disks: this.disks.map((d) => d.bytes().slice()) }),
			components: this.components.snapshot(),
			firmware: this.firmware,
			htif: this.htif ? htifAddress(this.htif) : null,
			parked: [...this.parked],
			events: this.events.snapshot(),
			exited: this.exited,
			turn: { ...this.turn }
		};
	}

	/**
	 * Put the machine back to a snapshot. With `{ ram: 'kept' }` RAM is not touched: the caller has
	 * put its bytes back (and dropped decoded instructions where it replaced any; see Ram).
	 */
	restore(s: MachineSnapshot, opts: RestoreOptions = {}): void {
		if (s.harts.length !== this.harts.length)
			throw new RangeError('snapshot has a different number of harts');
		if (opts.ram !== 'kept') this.ram.restoreAll(s.ram);
		if (opts.ram !== 'kept' && s.disks) {
			if (s.disks.length !== this.disks.length)
				throw new RangeError('snapshot has a different number of disks');
			s.disks.forEach((bytes, i) => this.disks[i].restoreAll(bytes));
		}
		s.harts.forEach((h, i) => this.harts[i].restore(h));
		for (const h of this.harts) h.jit?.flush(); // translations are not state: start afresh
		// The queue before the components: a device finds its pending events there (the CLINT's timers).
		this.events.restore(s.events);
		this.components.restore(s.components);
		if (s.firmware !== undefined) {
			this.firmware = s.firmware;
			const software = { none: undefined, sbi: this.sbi, hv: this.hypervisor }[s.firmware];
			for (const h of this.harts) h.machineSoftware = software;
		}
		if (s.htif !== undefined) this.watchHtif(s.htif);
		s.parked.forEach((p, i) => (this.parked[i] = p));
		this.exited = s.exited;
		this.turn = s.turn ? { ...s.turn } : { hart: 0, left: 0 };
		this.turnOver = false;
	}

	/**
	 * Stop before executing the instruction at addr (false if addr is not in RAM). A breakpoint at
	 * the pc where run() starts does not fire: that is how run() resumes from one.
	 */
	addBreakpoint(addr: number): boolean {
		return this.ram.setBreak(addr, true);
	}

	removeBreakpoint(addr: number): boolean {
		return this.ram.setBreak(addr, false);
	}

	/** Console output so far (when no consoleOut sink was given). */
	consoleText(): string {
		let s = '';
		for (let i = 0; i < this.output.length; i += 4096)
			s += String.fromCharCode(...this.output.slice(i, i + 4096));
		return s;
	}

	consoleBytes(): Uint8Array {
		return Uint8Array.from(this.output);
	}

	errorBytes(): Uint8Array {
		return Uint8Array.from(this.errors);
	}

	private stopAll(reason: StopReason): void {
		for (const h of this.harts) h.stop(reason);
	}
}

function htifAddress(h: Htif): HtifAddress {
	return h.fromhost === undefined ? { tohost: h.tohost } : { tohost: h.tohost, fromhost: h.fromhost };
}

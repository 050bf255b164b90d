/**
 * The SBI firmware, in TypeScript (SBI spec v2.0). It is the machine's M-mode software without any
 * M-mode instructions: the hart's trap router hands it every trap that enters M (MachineSoftware), and
 * it answers an ECALL from S-mode (cause 9) as an SBI call and resumes after it, as OpenSBI's trap
 * handler does with MRET. Like OpenSBI, the firmware owns the M timer: set_timer programs mtimecmp and
 * enables mie.MTIE; the machine timer interrupt then traps to M, where the firmware disables MTIE and
 * sets mip.STIP, which the S-mode kernel sees as its own timer interrupt. Other traps it declines.
 *
 * Calling convention (§3 "Binary Encoding"): a7 = extension id, a6 = function id, a0..a5 arguments;
 * the result is a0 = error, a1 = value. Legacy extensions (0x00–0x0F, §5) return in a0 only.
 * Everything the firmware does to the machine goes through SbiPlatform, so it is testable with a
 * fake platform and the machine keeps the hart and device state in one place.
 */
import {
	ResetReason,
	ResetType,
	SBI_IMPL_ID,
	SBI_IMPL_VERSION,
	SBI_SPEC_VERSION,
	SbiError,
	SbiExt,
	HartState
} from './sbi-ids';
import { Cause, Interrupt, type Mode } from '../hart/causes';
import { MIP_SSIP, MIP_STIP } from '../hart/csr-bits';
import { HookList } from '../hart/hooks';

/** What the firmware needs of a hart: its id and its registers (x10 = a0 … x17 = a7). */
export interface SbiHart {
	readonly hartId: number;
	readonly x: Int32Array;
}

/** What the firmware may do to the machine. */
export interface SbiPlatform {
	readonly hartCount: number;
	/** A byte to the console (what OpenSBI writes to its UART). */
	consoleWrite(byte: number): void;
	/** A byte typed at the console, or undefined when none is waiting. */
	consoleRead(): number | undefined;
	/** `length` bytes of physical memory, or undefined if any of them is not RAM. */
	readPhysical(addr: number, length: number): Uint8Array | undefined;
	/** Store bytes in physical memory; false if any of them is not RAM. */
	writePhysical(addr: number, bytes: Uint8Array): boolean;
	/** Program the hart's CLINT mtimecmp (the 64-bit value as two halves). */
	setTimerCompare(hart: number, lo: number, hi: number): void;
	/** Set or clear a mip bit that M-mode software may write (STIP, SSIP). */
	setPending(hart: number, bit: number, level: boolean): void;
	/** Enable or disable the hart's machine timer interrupt (mie.MTIE). */
	enableMachineTimer(hart: number, on: boolean): void;
	/** Is the hart running (HSM STARTED) or parked (STOPPED)? */
	hartRunning(hart: number): boolean;
	/** Start a parked hart in S-mode at `addr` with a0 = hartid, a1 = opaque. */
	startHart(hart: number, addr: number, opaque: number): void;
	/** Park the hart (it executes nothing until started again). */
	stopHart(hart: number): void;
	/** Is addr a place a hart can start (executable RAM)? */
	isStartAddress(addr: number): boolean;
	/** SFENCE.VMA / FENCE.I on other harts (RFENCE). */
	flushTlb(hart: number): void;
	fenceI(hart: number): void;
	/** Power off (exit code 0, or 1 for a system failure) or reboot. */
	shutdown(code: number): void;
	reboot(): void;
}

/** An SBI call entering the firmware: the calling hart, a7 (EID), a6 (FID) and a0..a5. */
export interface FirmwareEntry {
	hart: number;
	eid: number;
	fid: number;
	args: readonly number[];
}

/** The same call returning: the error (a0) and value (a1) it gives back. */
export interface FirmwareCall extends FirmwareEntry {
	error: number;
	value: number;
}

/**
 * Something the firmware did on its own account, outside a call's result: 'timer-armed' (set_timer
 * programmed the M timer for S-mode) and 'timer-handoff' (that timer fired in M and the firmware passed
 * it on as STIP). `value` is the deadline, in mtime ticks.
 */
export interface FirmwareEvent {
	hart: number;
	what: 'timer-armed' | 'timer-handoff';
	value: number;
}

/** Hooks for the instrumentation layer and the CLI (observers of SbiFirmware.hooks). */
export type FirmwareEntryHook = (call: FirmwareEntry) => void;
export type FirmwareCallHook = (call: FirmwareCall) => void;
export type FirmwareEventHook = (event: FirmwareEvent) => void;

/** A trap into M as the firmware needs it (the hart's MachineTrap has these fields and more). */
export interface SbiTrap {
	cause: number;
	interrupt: boolean;
	epc: number;
	from: Mode;
}

/** Firmware state that a snapshot must keep: which harts' timers are armed, and for when. */
export interface SbiState {
	timerArmed: boolean[];
	/** Absent in snapshots made before the deadline was kept (restored as 0). */
	deadline?: number[];
}

const A0 = 10;
const A1 = 11;
const A6 = 16;
const A7 = 17;

/** What a call returns: [error, value]. Legacy calls put error in a0 and ignore value. */
type Result = readonly [number, number];
type Handler = (fw: SbiFirmware, hart: SbiHart, fid: number, a: Int32Array) => Result;

const ok = (value = 0): Result => [SbiError.Success, value];
const fail = (error: number): Result => [error, 0];
const NOT_SUPPORTED = fail(SbiError.NotSupported);

/** Each extension's functions, by FID; a missing FID is SBI_ERR_NOT_SUPPORTED. */
const EXTENSIONS: ReadonlyMap<number, readonly (Handler | undefined)[] | Handler> = new Map<
	number,
	readonly (Handler | undefined)[] | Handler
>([
	// §4 Base extension
	[
		SbiExt.Base,
		[
			() => ok(SBI_SPEC_VERSION),
			() => ok(SBI_IMPL_ID),
			() => ok(SBI_IMPL_VERSION),
			// probe_extension: 1 when available, 0 when not (§4.4)
			(_fw, _h, _fid, a) => ok(EXTENSIONS.has(a[0] >>> 0) ? 1 : 0),
			// mvendorid, marchid, mimpid: vmscope's harts read 0 in all three (§3.1.2–3.1.4: "not implemented")
			() => ok(0),
			() => ok(0),
			() => ok(0)
		]
	],
	// §6 Timer extension: set_timer(stime_value) — 64 bits in a0 (low) and a1 (high) on RV32
	[SbiExt.Time, [(fw, h, _fid, a) => fw.setTimer(h.hartId, a[0], a[1])]],
	// §7 IPI extension: send_ipi(hart_mask, hart_mask_base) sets sip.SSIP on each target
	[
		SbiExt.Ipi,
		[(fw, _h, _fid, a) => fw.forHarts(a[0], a[1], (t) => fw.platform.setPending(t, MIP_SSIP, true))]
	],
	// §8 RFENCE: the hypervisor fences (FID 3–6) need the H extension, which these harts lack
	[
		SbiExt.Rfence,
		[
			(fw, _h, _fid, a) => fw.forHarts(a[0], a[1], (t) => fw.platform.fenceI(t)),
			(fw, _h, _fid, a) => fw.forHarts(a[0], a[1], (t) => fw.platform.flushTlb(t)),
			(fw, _h, _fid, a) => fw.forHarts(a[0], a[1], (t) => fw.platform.flushTlb(t))
		]
	],
	// §9 Hart state management (hart_suspend, FID 3, is not offered: NOT_SUPPORTED)
	[
		SbiExt.Hsm,
		[
			(fw, _h, _fid, a) => fw.hartStart(a[0] >>> 0, a[1] >>> 0, a[2] >>> 0),
			(fw, h) => {
				fw.platform.stopHart(h.hartId);
				return ok();
			},
			(fw, _h, _fid, a) => {
				const t = a[0] >>> 0;
				if (t >= fw.platform.hartCount) return fail(SbiError.InvalidParam);
				return ok(fw.platform.hartRunning(t) ? HartState.Started : HartState.Stopped);
			}
		]
	],
	// §10 System reset: system_reset(reset_type, reset_reason)
	[SbiExt.Srst, [(fw, _h, _fid, a) => fw.systemReset(a[0] >>> 0, a[1] >>> 0)]],
	// §12 Debug console: write(num_bytes, base_lo, base_hi), read(…), write_byte(byte)
	[
		SbiExt.Dbcn,
		[
			(fw, _h, _fid, a) => fw.consoleWrite(a[0] >>> 0, a[1] >>> 0, a[2] >>> 0),
			(fw, _h, _fid, a) => fw.consoleRead(a[0] >>> 0, a[1] >>> 0, a[2] >>> 0),
			(fw, _h, _fid, a) => {
				fw.platform.consoleWrite(a[0] & 0xff);
				return ok();
			}
		]
	],
	// §5 Legacy extensions (deprecated, still what small kernels fall back to): no FID, result in a0
	[SbiExt.LegacySetTimer, (fw, h, _fid, a) => fw.setTimer(h.hartId, a[0], a[1])],
	[
		SbiExt.LegacyConsolePutchar,
		(fw, _h, _fid, a) => {
			fw.platform.consoleWrite(a[0] & 0xff);
			return ok();
		}
	],
	// console_getchar: the byte, or -1 when nothing is waiting (§5.3)
	[SbiExt.LegacyConsoleGetchar, (fw) => [fw.platform.consoleRead() ?? -1, 0]],
	[
		SbiExt.LegacyClearIpi,
		(fw, h) => {
			fw.platform.setPending(h.hartId, MIP_SSIP, false);
			return ok();
		}
	],
	[SbiExt.LegacyShutdown, (fw) => fw.systemReset(ResetType.Shutdown, ResetReason.None)]
]);

export class SbiFirmware {
	/** Published by `hooks`: undefined while nobody watches. */
	private onCall: FirmwareCallHook | undefined = undefined;
	private onEntry: FirmwareEntryHook | undefined = undefined;
	private onEvent: FirmwareEventHook | undefined = undefined;
	/** Observers of calls entering and returning, and of the firmware's own events. */
	readonly hooks = {
		entry: new HookList<FirmwareEntryHook>((f) => (this.onEntry = f)),
		call: new HookList<FirmwareCallHook>((f) => (this.onCall = f)),
		event: new HookList<FirmwareEventHook>((f) => (this.onEvent = f))
	};
	/** Calls handled so far (a statistic for views and tests). */
	calls = 0;
	/** set_timer armed the hart's timer and it has not fired since (OpenSBI's mie.MTIE). */
	private timerArmed: boolean[];
	/** The stime_value of each hart's last set_timer (mtime ticks, exact below 2^53). */
	private deadline: number[];
	private readonly args = new Int32Array(6);

	constructor(readonly platform: SbiPlatform) {
		this.timerArmed = new Array(platform.hartCount).fill(false);
		this.deadline = new Array(platform.hartCount).fill(0);
	}

	reset(): void {
		this.timerArmed.fill(false);
		this.deadline.fill(0);
	}

	/**
	 * A trap into M (the hart's MachineSoftware): an ECALL from S is an SBI call and resumes after the
	 * ECALL; the machine timer passes on to S; anything else is declined and vectors through mtvec.
	 */
	trap(hart: SbiHart, t: SbiTrap): { pc: number; mode: Mode } | undefined {
		if (!t.interrupt && t.cause === Cause.EcallFromS) {
			this.call(hart);
			return { pc: (t.epc + 4) >>> 0, mode: t.from };
		}
		if (t.interrupt && t.cause === Interrupt.MachineTimer) {
			this.machineTimer(hart.hartId);
			return { pc: t.epc, mode: t.from };
		}
		return undefined;
	}

	/**
	 * One SBI call from `hart` (its ECALL from S-mode). Always handled: unknown calls get
	 * SBI_ERR_NOT_SUPPORTED, as the spec requires (§3). The caller advances pc past the ECALL.
	 */
	call(hart: SbiHart): boolean {
		const x = hart.x;
		const eid = x[A7] >>> 0;
		const fid = x[A6] >>> 0;
		const a = this.args;
		for (let i = 0; i < 6; i++) a[i] = x[A0 + i];
		const hartId = hart.hartId;
		const args = this.onEntry || this.onCall ? Array.from(a) : [];
		this.onEntry?.({ hart: hartId, eid, fid, args });
		this.calls++;
		const ext = EXTENSIONS.get(eid);
		const handler = typeof ext === 'function' ? ext : ext?.[fid];
		const [error, value] = handler ? handler(this, hart, fid, a) : NOT_SUPPORTED;
		x[A0] = error;
		if (eid >= SbiExt.Base) x[A1] = value; // legacy calls leave a1 alone
		this.onCall?.({ hart: hartId, eid, fid, args, error, value });
		return true;
	}

	/** The machine timer interrupt trapped to M: an armed timer passes on to S-mode as STIP. */
	machineTimer(hart: number): void {
		// As OpenSBI: disable MTIE until the next set_timer, so the still-high MTIP does not trap again.
		this.platform.enableMachineTimer(hart, false);
		if (!this.timerArmed[hart]) return;
		this.timerArmed[hart] = false;
		this.onEvent?.({ hart, what: 'timer-handoff', value: this.deadline[hart] });
		this.platform.setPending(hart, MIP_STIP, true);
	}

	/** set_timer (§6.1): clear the pending S timer interrupt and program the next one. */
	setTimer(hart: number, lo: number, hi: number): Result {
		this.platform.setPending(hart, MIP_STIP, false);
		this.timerArmed[hart] = true;
		this.deadline[hart] = (hi >>> 0) * 2 ** 32 + (lo >>> 0);
		this.onEvent?.({ hart, what: 'timer-armed', value: this.deadline[hart] });
		// A deadline already past fires at once: MTIP rises during the write and traps after the call.
		this.platform.setTimerCompare(hart, lo >>> 0, hi >>> 0);
		this.platform.enableMachineTimer(hart, true);
		return ok();
	}

	/**
	 * Apply `each` to the harts named by (hart_mask, hart_mask_base) (§3 "Hart list parameter"):
	 * base = -1 means every hart; a hart id past the last hart is SBI_ERR_INVALID_PARAM.
	 */
	forHarts(mask: number, base: number, each: (hart: number) => void): Result {
		const n = this.platform.hartCount;
		const targets: number[] = [];
		if (base === -1) for (let h = 0; h < n; h++) targets.push(h);
		else
			for (let bit = 0; bit < 32; bit++)
				if ((mask >>> bit) & 1) {
					const h = (base >>> 0) + bit;
					if (h >= n) return fail(SbiError.InvalidParam);
					targets.push(h);
				}
		for (const h of targets) each(h);
		return ok();
	}

	/** hart_start (§9.1): the target must exist and be stopped; it starts in S-mode at addr. */
	hartStart(hart: number, addr: number, opaque: number): Result {
		if (hart >= this.platform.hartCount) return fail(SbiError.InvalidParam);
		if (!this.platform.isStartAddress(addr)) return fail(SbiError.InvalidAddress);
		if (this.platform.hartRunning(hart)) return fail(SbiError.AlreadyAvailable);
		this.platform.startHart(hart, addr, opaque);
		return ok();
	}

	/** system_reset (§10.1): shutdown exits 0, or 1 after a system failure; reboots reset. */
	systemReset(type: number, reason: number): Result {
		if (type > ResetType.WarmReboot || reason > ResetReason.SystemFailure)
			return fail(SbiError.InvalidParam);
		if (type === ResetType.Shutdown) this.platform.shutdown(reason === ResetReason.SystemFailure ? 1 : 0);
		else this.platform.reboot();
		return ok();
	}

	/** console_write (§12.1): bytes from physical memory; the value is how many were written. */
	consoleWrite(length: number, lo: number, hi: number): Result {
		const bytes = hi === 0 ? this.platform.readPhysical(lo, length) : undefined;
		if (!bytes) return fail(SbiError.InvalidParam);
		for (const b of bytes) this.platform.consoleWrite(b);
		return ok(length);
	}

	/** console_read (§12.2): up to `length` waiting bytes into physical memory; 0 when none wait. */
	consoleRead(length: number, lo: number, hi: number): Result {
		if (hi !== 0 || !this.platform.readPhysical(lo, length)) return fail(SbiError.InvalidParam);
		const got: number[] = [];
		while (got.length < length) {
			const b = this.platform.consoleRead();
			if (b === undefined) break;
			got.push(b);
		}
		this.platform.writePhysical(lo, Uint8Array.from(got));
		return ok(got.length);
	}

	snapshot(): SbiState {
		return { timerArmed: [...this.timerArmed], deadline: [...this.deadline] };
	}

	restore(s: SbiState): void {
		this.timerArmed = [...s.timerArmed];
		this.deadline = s.deadline ? [...s.deadline] : this.timerArmed.map(() => 0);
	}
}

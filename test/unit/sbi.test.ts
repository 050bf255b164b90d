/** The SBI firmware on a fake platform: each extension's calls, arguments and results. */
import { describe, expect, it } from 'vitest';
import { SbiFirmware, type SbiPlatform } from '../../src/lib/sim/firmware/sbi';
import { SbiError, SbiExt, sbiCallName } from '../../src/lib/sim/firmware/sbi-ids';

const STIP = 1 << 5;
const SSIP = 1 << 1;
const RAM = 0x8000_0000;

/** A platform that records what the firmware asks of it. */
function setup(harts = 2) {
	const mem = new Uint8Array(0x1000);
	const log: string[] = [];
	const state = {
		out: [] as number[],
		input: [] as number[],
		mip: new Array(harts).fill(0),
		running: [true, ...new Array(harts - 1).fill(false)],
		cmp: new Array(harts).fill(null) as ([number, number] | null)[],
		mtie: new Array(harts).fill(false) as boolean[]
	};
	const inRam = (a: number, n: number) => a >= RAM && a + n <= RAM + mem.length;
	const platform: SbiPlatform = {
		hartCount: harts,
		consoleWrite: (b) => state.out.push(b),
		consoleRead: () => state.input.shift(),
		readPhysical: (a, n) => (inRam(a, n) ? mem.slice(a - RAM, a - RAM + n) : undefined),
		writePhysical: (a, bytes) => (inRam(a, bytes.length) ? (mem.set(bytes, a - RAM), true) : false),
		setTimerCompare: (h, lo, hi) => {
			state.cmp[h] = [lo, hi];
			log.push(`cmp ${h} ${hi}:${lo}`);
		},
		setPending: (h, bit, level) => {
			state.mip[h] = level ? state.mip[h] | bit : state.mip[h] & ~bit;
		},
		enableMachineTimer: (h, on) => {
			state.mtie[h] = on;
		},
		hartRunning: (h) => state.running[h],
		startHart: (h, addr, opaque) => {
			state.running[h] = true;
			log.push(`start ${h} 0x${addr.toString(16)} ${opaque}`);
		},
		stopHart: (h) => {
			state.running[h] = false;
			log.push(`stop ${h}`);
		},
		isStartAddress: (a) => inRam(a, 4) && a % 4 === 0,
		flushTlb: (h) => log.push(`sfence ${h}`),
		fenceI: (h) => log.push(`fence.i ${h}`),
		shutdown: (code) => log.push(`shutdown ${code}`),
		reboot: () => log.push('reboot')
	};
	const fw = new SbiFirmware(platform);
	/** An ECALL from `hart` with a7 = eid, a6 = fid, a0.. = args; returns [a0, a1] after it. */
	const call = (eid: number, fid: number, args: number[] = [], hart = 0): [number, number] => {
		const x = new Int32Array(32);
		x[11] = 0x1234; // a1 before the call, to see legacy calls leave it
		args.forEach((v, i) => (x[10 + i] = v));
		x[16] = fid;
		x[17] = eid;
		expect(fw.call({ hartId: hart, x })).toBe(true);
		return [x[10], x[11]];
	};
	return { fw, call, state, log, mem };
}

describe('SBI base extension', () => {
	it('spec version 2.0, implementation id 0x76, version 1.0, vendor/arch/impl ids 0', () => {
		const { call } = setup();
		expect(call(SbiExt.Base, 0)).toEqual([0, 0x0200_0000]);
		expect(call(SbiExt.Base, 1)).toEqual([0, 0x76]);
		expect(call(SbiExt.Base, 2)).toEqual([0, 0x0100_0000]);
		expect([4, 5, 6].map((f) => call(SbiExt.Base, f))).toEqual([
			[0, 0],
			[0, 0],
			[0, 0]
		]);
	});

	it('probe_extension: 1 for each extension offered, 0 otherwise', () => {
		const { call } = setup();
		for (const eid of [
			SbiExt.Time,
			SbiExt.Ipi,
			SbiExt.Rfence,
			SbiExt.Hsm,
			SbiExt.Srst,
			SbiExt.Dbcn,
			0x01
		])
			expect(call(SbiExt.Base, 3, [eid]), sbiCallName(eid, 0)).toEqual([0, 1]);
		expect(call(SbiExt.Base, 3, [0x4e41434c])).toEqual([0, 0]); // NACL: not offered
		expect(call(SbiExt.Base, 3, [0x504d55])).toEqual([0, 0]); // PMU: not offered
	});

	it('unknown extensions and functions return SBI_ERR_NOT_SUPPORTED (-2)', () => {
		const { call } = setup();
		expect(call(0x0a000000, 0)[0]).toBe(SbiError.NotSupported);
		expect(call(SbiExt.Base, 7)[0]).toBe(-2);
		expect(call(SbiExt.Time, 1)[0]).toBe(-2);
		expect(call(SbiExt.Hsm, 3)[0]).toBe(-2); // hart_suspend is not offered
		expect(call(SbiExt.Rfence, 3)[0]).toBe(-2); // hypervisor fences: no H extension
	});
});

describe('SBI TIME and the machine timer', () => {
	it('set_timer clears STIP, programs mtimecmp and enables MTIE; the M timer trap sets STIP once', () => {
		const { fw, call, state } = setup();
		state.mip[0] = STIP;
		expect(call(SbiExt.Time, 0, [0x1000, 0x2])).toEqual([0, 0]);
		expect(state.mip[0]).toBe(0);
		expect(state.cmp[0]).toEqual([0x1000, 2]);
		expect(state.mtie[0]).toBe(true);
		fw.machineTimer(0);
		expect(state.mip[0]).toBe(STIP);
		// As OpenSBI: MTIE off until the next set_timer, so the still-high MTIP does not trap again.
		expect(state.mtie[0]).toBe(false);
		// The kernel clears STIP by asking for the next deadline, not by MTIP falling.
		state.mip[0] = 0;
		fw.machineTimer(0);
		expect(state.mip[0]).toBe(0);
	});

	it('a timer fires only on the hart that armed it; the legacy set_timer works the same', () => {
		const { fw, call, state } = setup();
		expect(call(SbiExt.LegacySetTimer, 0, [5, 0], 1)).toEqual([0, 0]); // a1 held the high half
		expect(state.cmp[1]).toEqual([5, 0]);
		fw.machineTimer(0);
		expect(state.mip).toEqual([0, 0]);
		fw.machineTimer(1);
		expect(state.mip).toEqual([0, STIP]);
	});

	it('the armed flag survives snapshot and restore', () => {
		const { fw, call, state } = setup();
		call(SbiExt.Time, 0, [1, 0]);
		const snap = structuredClone(fw.snapshot());
		fw.machineTimer(0);
		state.mip[0] = 0;
		fw.restore(snap);
		fw.machineTimer(0);
		expect(state.mip[0]).toBe(STIP);
	});
});

describe('SBI console', () => {
	it('DBCN write: bytes at a physical address, value = count; outside RAM or above 4 GiB is INVALID_PARAM', () => {
		const { call, state, mem } = setup();
		mem.set(new TextEncoder().encode('hi there'), 0x100);
		expect(call(SbiExt.Dbcn, 0, [8, RAM + 0x100, 0])).toEqual([0, 8]);
		expect(String.fromCharCode(...state.out)).toBe('hi there');
		expect(call(SbiExt.Dbcn, 0, [8, RAM + 0x100, 1])).toEqual([-3, 0]);
		expect(call(SbiExt.Dbcn, 0, [16, RAM + 0xff8, 0])).toEqual([-3, 0]);
		expect(call(SbiExt.Dbcn, 0, [1, 0x1000_0000, 0])).toEqual([-3, 0]);
		expect(state.out).toHaveLength(8);
	});

	it('DBCN write_byte and read', () => {
		const { call, state, mem } = setup();
		expect(call(SbiExt.Dbcn, 2, [0x141])).toEqual([0, 0]);
		expect(state.out).toEqual([0x41]);
		expect(call(SbiExt.Dbcn, 1, [4, RAM + 0x200, 0])).toEqual([0, 0]);
		state.input.push(0x61, 0x62);
		expect(call(SbiExt.Dbcn, 1, [4, RAM + 0x200, 0])).toEqual([0, 2]);
		expect(Array.from(mem.slice(0x200, 0x203))).toEqual([0x61, 0x62, 0]);
	});

	it('legacy putchar and getchar (-1 when nothing waits), result in a0 only', () => {
		const { call, state } = setup();
		expect(call(SbiExt.LegacyConsolePutchar, 0, [0x7a])).toEqual([0, 0x1234]);
		expect(state.out).toEqual([0x7a]);
		expect(call(SbiExt.LegacyConsoleGetchar, 0)).toEqual([-1, 0x1234]);
		state.input.push(0x71);
		expect(call(SbiExt.LegacyConsoleGetchar, 0)).toEqual([0x71, 0x1234]);
	});
});

describe('SBI SRST', () => {
	it('shutdown with no reason exits 0, with system failure 1; reboots reset; reserved values are refused', () => {
		const { call, log } = setup();
		call(SbiExt.Srst, 0, [0, 0]);
		call(SbiExt.Srst, 0, [0, 1]);
		call(SbiExt.Srst, 0, [1, 0]);
		call(SbiExt.Srst, 0, [2, 0]);
		expect(call(SbiExt.Srst, 0, [3, 0])).toEqual([-3, 0]);
		expect(call(SbiExt.Srst, 0, [0, 2])).toEqual([-3, 0]);
		call(SbiExt.LegacyShutdown, 0);
		expect(log).toEqual(['shutdown 0', 'shutdown 1', 'reboot', 'reboot', 'shutdown 0']);
	});
});

describe('SBI HSM', () => {
	it('hart_start starts a stopped hart at an address with an opaque value', () => {
		const { call, log, state } = setup(3);
		expect(call(SbiExt.Hsm, 2, [1])).toEqual([0, 1]); // STOPPED
		expect(call(SbiExt.Hsm, 0, [1, RAM + 0x40, 77])).toEqual([0, 0]);
		expect(log).toEqual(['start 1 0x80000040 77']);
		expect(call(SbiExt.Hsm, 2, [1])).toEqual([0, 0]); // STARTED
		expect(state.running).toEqual([true, true, false]);
	});

	it('errors: a running hart is ALREADY_AVAILABLE, a bad hart INVALID_PARAM, a bad address INVALID_ADDRESS', () => {
		const { call } = setup(2);
		expect(call(SbiExt.Hsm, 0, [0, RAM, 0])[0]).toBe(SbiError.AlreadyAvailable);
		expect(call(SbiExt.Hsm, 0, [2, RAM, 0])[0]).toBe(SbiError.InvalidParam);
		expect(call(SbiExt.Hsm, 0, [1, 0x1000, 0])[0]).toBe(SbiError.InvalidAddress);
		expect(call(SbiExt.Hsm, 2, [9])[0]).toBe(SbiError.InvalidParam);
	});

	it('hart_stop parks the calling hart', () => {
		const { call, log, state } = setup(2);
		call(SbiExt.Hsm, 0, [1, RAM, 0]);
		call(SbiExt.Hsm, 1, [], 1);
		expect(log.at(-1)).toBe('stop 1');
		expect(state.running).toEqual([true, false]);
	});
});

describe('SBI IPI and RFENCE', () => {
	it('send_ipi sets SSIP on the harts of the mask (relative to the base), or all with base -1', () => {
		const { call, state } = setup(4);
		expect(call(SbiExt.Ipi, 0, [0b101, 0])).toEqual([0, 0]);
		expect(state.mip).toEqual([SSIP, 0, SSIP, 0]);
		state.mip.fill(0);
		call(SbiExt.Ipi, 0, [0b1, 3]);
		expect(state.mip).toEqual([0, 0, 0, SSIP]);
		call(SbiExt.Ipi, 0, [0, -1]);
		expect(state.mip).toEqual([SSIP, SSIP, SSIP, SSIP]);
		call(SbiExt.LegacyClearIpi, 0, [], 2);
		expect(state.mip).toEqual([SSIP, SSIP, 0, SSIP]);
	});

	it('a hart past the last is INVALID_PARAM and nothing is sent', () => {
		const { call, state } = setup(2);
		expect(call(SbiExt.Ipi, 0, [0b101, 0])).toEqual([-3, 0]);
		expect(state.mip).toEqual([0, 0]);
	});

	it('remote fences reach each target hart', () => {
		const { call, log } = setup(2);
		expect(call(SbiExt.Rfence, 0, [0b11, 0])).toEqual([0, 0]);
		expect(call(SbiExt.Rfence, 1, [0b10, 0, 0, 0x1000])).toEqual([0, 0]);
		expect(call(SbiExt.Rfence, 2, [0, -1, 0, -1, 5])).toEqual([0, 0]);
		expect(log).toEqual(['fence.i 0', 'fence.i 1', 'sfence 1', 'sfence 0', 'sfence 1']);
	});
});

describe('firmware as a visible layer', () => {
	it('entry and exit hooks see the call, its arguments and its result', () => {
		const { fw, call } = setup();
		const seen: string[] = [];
		fw.hooks.entry.add(({ hart, eid, fid, args }) =>
			seen.push(`enter ${hart} ${sbiCallName(eid, fid)} ${args[0]}`)
		);
		fw.hooks.call.add(({ hart, eid, fid, error, value }) =>
			seen.push(`exit ${hart} ${sbiCallName(eid, fid)} ${error} ${value}`)
		);
		call(SbiExt.Base, 3, [SbiExt.Dbcn]);
		call(0x99, 4);
		expect(seen).toEqual([
			'enter 0 BASE probe_extension 1145193294',
			'exit 0 BASE probe_extension 0 1',
			'enter 0 EID 0x99 FID 4 0',
			'exit 0 EID 0x99 FID 4 -2 0'
		]);
		expect(fw.calls).toBe(2);
	});
});

describe('the firmware as M-mode software (the hart trap router hands it traps into M)', () => {
	const S = 1;
	const U = 0;
	it('an ECALL from S is a call and resumes after the ECALL, in S', () => {
		const { fw } = setup();
		const x = new Int32Array(32);
		x[17] = SbiExt.Base; // a7
		x[16] = 0; // a6: get_spec_version
		const resume = fw.trap({ hartId: 0, x }, { cause: 9, interrupt: false, epc: RAM + 8, from: S });
		expect(resume).toEqual({ pc: RAM + 12, mode: S });
		expect(x[10]).toBe(0);
		expect(fw.calls).toBe(1);
	});
	it('the machine timer interrupt resumes where it struck, in the mode it struck', () => {
		const { fw, call, state } = setup();
		call(SbiExt.Time, 0, [1, 0]);
		const x = new Int32Array(32);
		expect(fw.trap({ hartId: 0, x }, { cause: 7, interrupt: true, epc: RAM + 4, from: U })).toEqual({
			pc: RAM + 4,
			mode: U
		});
		expect(state.mip[0]).toBe(STIP);
	});
	it('declines every other trap (it then vectors through mtvec, as in hardware)', () => {
		const { fw } = setup();
		const x = new Int32Array(32);
		for (const [cause, interrupt] of [
			[2, false],
			[8, false],
			[11, false],
			[3, true],
			[11, true]
		] as const)
			expect(fw.trap({ hartId: 0, x }, { cause, interrupt, epc: RAM, from: S })).toBeUndefined();
		expect(fw.calls).toBe(0);
	});
});

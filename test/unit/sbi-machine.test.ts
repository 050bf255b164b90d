/**
 * The SBI firmware on the machine: S-mode programs (assembled here, linked at 0x8020_0000 as a
 * kernel is) make ECALLs that trap into M, where the TypeScript firmware answers them: M-mode
 * software with no M-mode instructions.
 */
import { describe, expect, it } from 'vitest';
import { SbiExt } from '../../src/lib/sim/firmware/sbi-ids';
import type { FirmwareCall } from '../../src/lib/sim/firmware/sbi';
import { Mode } from '../../src/lib/sim/hart/causes';
import { assemble } from '../../src/lib/sim/isa/asm/index';
import { Machine, type MachineOptions } from '../../src/lib/sim/machine/machine';

const KERNEL = 0x8020_0000;
const STIP = 1 << 5;
const SSIP = 1 << 1;

/** Macros the programs share: an SBI call with a7/a6 set, and a DBCN write of a string. */
const PRELUDE = `
	.macro sbi eid, fid
	li a7, \\eid
	li a6, \\fid
	ecall
	.endm
	.macro print label, len
	li a0, \\len
	la a1, \\label
	li a2, 0
	sbi 0x4442434E, 0
	.endm
	.macro shutdown reason
	li a0, 0
	li a1, \\reason
	sbi 0x53525354, 0
	.endm
`;

function boot(source: string, opts: MachineOptions = {}, base = KERNEL) {
	const { program, errors } = assemble(PRELUDE + source, { base });
	expect(errors).toEqual([]);
	const m = new Machine({ ramMiB: 8, ...opts });
	const calls: FirmwareCall[] = [];
	m.onFirmwareCall = (c) => calls.push(c);
	m.load(program);
	return { m, calls, program };
}

describe('firmware: auto, sbi, none', () => {
	it('auto: an entry at 0x8020_0000 starts in S-mode under the SBI with a0 = hartid, a1 = 0', () => {
		const { m } = boot(`_start: j _start`);
		expect(m.firmware).toBe('sbi');
		expect(m.hart.mode).toBe(Mode.Supervisor);
		expect(m.hart.pc).toBe(KERNEL);
		expect([m.hart.x[10], m.hart.x[11]]).toEqual([0, 0]);
		// The firmware delegates S's exceptions and interrupts, keeps ECALLs from S, lets S read time.
		expect(m.hart.medeleg & (1 << 9)).toBe(0);
		expect(m.hart.medeleg & (1 << 13)).not.toBe(0);
		expect(m.hart.mideleg).toBe(0x222);
		expect(m.hart.mcounteren & 2).toBe(2);
	});

	it('auto: an entry at 0x8000_0000 runs in M-mode with no firmware (QEMU -bios none)', () => {
		const { m } = boot(`_start: j _start`, {}, 0x8000_0000);
		expect(m.firmware).toBe('none');
		expect(m.hart.mode).toBe(Mode.Machine);
	});

	it('none: an S-mode ECALL is not answered, it traps to M as hardware does', () => {
		const { m } = boot(`_start: sbi 0x10, 0`, { firmware: 'none' });
		expect(m.hart.mode).toBe(Mode.Machine);
		m.run(3);
		expect(m.hart.mcause).toBe(11); // an M-mode ECALL: the program started in M
	});

	it('sbi: forced for an entry at 0x8000_0000 too', () => {
		const { m } = boot(`_start: j _start`, { firmware: 'sbi' }, 0x8000_0000);
		expect(m.hart.mode).toBe(Mode.Supervisor);
	});
});

describe('SBI calls from S-mode', () => {
	it('DBCN console_write prints a string from memory; SRST shutdown exits 0', () => {
		const { m, calls } = boot(`
_start:	print msg, 6
	shutdown 0
msg:	.ascii "hello\\n"
`);
		expect(m.run(1000)).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
		expect(m.consoleText()).toBe('hello\n');
		expect(calls.map((c) => [c.eid, c.fid, c.error, c.value])).toEqual([
			[SbiExt.Dbcn, 0, 0, 6],
			[SbiExt.Srst, 0, 0, 0]
		]);
		// Each call is a trap into M (cause 9), answered by the firmware without an M-mode instruction.
		expect(m.hart.traps).toBe(2);
		expect(m.hart.mcause).toBe(9);
	});

	it('SRST with reason "system failure" exits 1 (what the kernel does after a panic)', () => {
		const { m } = boot(`_start: shutdown 1`);
		expect(m.run(100)).toEqual({ kind: 'exited', code: 1, by: 'sbi' });
	});

	it('a reboot request stops the machine as a reset', () => {
		const { m } = boot(`_start: li a0, 1
	li a1, 0
	sbi 0x53525354, 0`);
		expect(m.run(100)).toEqual({ kind: 'reset', by: 'sbi' });
	});

	it('base calls and probes return in a0/a1; unknown calls give -2 and the program goes on', () => {
		const { m, calls } = boot(`
_start:	sbi 0x10, 0
	mv s0, a1
	li a0, 0x4442434E
	sbi 0x10, 3
	mv s1, a1
	sbi 0x12345678, 0
	mv s2, a0
	shutdown 0
`);
		m.run(1000);
		expect([m.hart.x[8], m.hart.x[9], m.hart.x[18]]).toEqual([0x0200_0000, 1, -2]);
		expect(calls).toHaveLength(4);
	});

	it('legacy putchar writes a byte; getchar reads what the UART was fed, then -1', () => {
		const { m } = boot(`
_start:	li a0, 0x41
	sbi 1, 0
	sbi 2, 0
	mv s0, a0
	sbi 2, 0
	mv s1, a0
	shutdown 0
`);
		m.uart.feed([0x7a]);
		m.run(1000);
		expect(m.consoleText()).toBe('A');
		expect([m.hart.x[8], m.hart.x[9]]).toEqual([0x7a, -1]);
	});

	it('DBCN console_read stores waiting input bytes in memory', () => {
		const { m, program } = boot(`
_start:	li a0, 8
	la a1, buf
	li a2, 0
	sbi 0x4442434E, 1
	mv s0, a1
	shutdown 0
	.align 4
buf:	.word 0, 0
`);
		m.uart.feed([0x61, 0x62, 0x63]);
		m.run(1000);
		expect(m.hart.x[8]).toBe(3);
		const buf = program.symbols.find((s) => s.name === 'buf')!.addr;
		expect(m.bus.read(buf, 4)).toBe(0x00636261);
	});

	it('set_timer: at the deadline the M timer traps to the firmware, which raises STIP', () => {
		const { m } = boot(`
_start:	rdtime a0
	addi a0, a0, 100
	li a1, 0
	sbi 0x54494D45, 0
spin:	j spin
`);
		m.run(20);
		expect(m.hart.mip & STIP).toBe(0);
		m.run(2000); // 100 mtime ticks = 1000 cycles
		expect(m.hart.mip & STIP).toBe(STIP);
		// Two traps into M: the set_timer call, then the machine timer interrupt (mcause 7).
		expect(m.hart.traps).toBe(2);
		expect(m.hart.mcause >>> 0).toBe(0x8000_0007);
		// As OpenSBI: MTIE is off again until the next set_timer.
		expect(m.hart.mie & (1 << 7)).toBe(0);
		expect(m.hart.mode).toBe(Mode.Supervisor);
	});

	it('set_timer with a deadline already past raises STIP at once; a later one clears it', () => {
		const { m } = boot(`
_start:	li a0, 0
	li a1, 0
	sbi 0x54494D45, 0
	csrr s0, time
	li a0, -1
	li a1, -1
	sbi 0x54494D45, 0
spin:	j spin
`);
		m.run(6); // through the first ECALL (li a7 is two instructions)
		expect(m.hart.mip & STIP).toBe(STIP);
		m.run(20);
		expect(m.hart.mip & STIP).toBe(0);
	});
});

describe('timers arrive on time within one long run', () => {
	it('S-mode: set_timer, then spin polling sip.STIP: seen about 100 ticks later, not at the budget', () => {
		const { m } = boot(`
_start:	rdtime a0
	addi a0, a0, 100
	li a1, 0
	sbi 0x54494D45, 0
poll:	csrr t0, sip
	andi t0, t0, 32
	beqz t0, poll
	shutdown 0
`);
		expect(m.run(10_000_000)).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
		expect(m.time()).toBeGreaterThanOrEqual(100);
		expect(m.time()).toBeLessThan(120);
	});

	it('M-mode: a store to mtimecmp, then spin polling mip.MTIP: seen on time as well', () => {
		const { m } = boot(
			`
_start:	li t0, 0x0200bff8
	lw a0, 0(t0)
	addi a0, a0, 100
	li t0, 0x02004000
	sw zero, 4(t0)
	sw a0, 0(t0)
poll:	csrr t0, mip
	andi t0, t0, 128
	beqz t0, poll
	li t0, 0x100000
	li t1, 0x5555
	sw t1, 0(t0)
`,
			{},
			0x8000_0000
		);
		expect(m.run(10_000_000)).toEqual({ kind: 'exited', code: 0, by: 'finisher' });
		expect(m.time()).toBeGreaterThanOrEqual(100);
		expect(m.time()).toBeLessThan(120);
	});
});

describe('HSM and IPI on several harts', () => {
	const SMP = `
_start:	bnez a0, secondary
	li a0, 1
	sbi 0x48534D, 2         # hart_get_status(1)
	mv s0, a1
	li a0, 1
	la a1, secondary
	li a2, 0x55
	sbi 0x48534D, 0         # hart_start(1, secondary, 0x55)
	mv s1, a0
	la t0, flag
wait:	lw t1, 0(t0)
	beqz t1, wait
	li a0, 1
	sbi 0x48534D, 2
	mv s2, a1
	li a0, 2
	li a1, 0
	sbi 0x735049, 0         # send_ipi(mask 0b10, base 0)
	li a0, 1
	la a1, secondary
	li a2, 0
	sbi 0x48534D, 0         # hart 1 again: running, so ALREADY_AVAILABLE
	mv s3, a0
stopped: li a0, 1
	sbi 0x48534D, 2
	beqz a1, stopped        # until hart 1 has stopped itself
	shutdown 0
secondary:
	la t0, seen
	sw a0, 0(t0)
	sw a1, 4(t0)
	la t0, flag
	li t1, 1
	sw t1, 0(t0)
	li t2, 2000
delay:	addi t2, t2, -1
	bnez t2, delay
	sbi 0x48534D, 1         # hart_stop
	j secondary             # never reached
	.align 4
flag:	.word 0
seen:	.word 0, 0
`;

	it('secondary harts wait stopped; hart_start runs one in S-mode with a0 = hartid, a1 = opaque', () => {
		const { m, program } = boot(SMP, { harts: 2 });
		expect(m.parked).toEqual([false, true]);
		expect(m.harts[1].mode).toBe(Mode.Supervisor);
		const ipis: number[] = [];
		m.onFirmwareCall = (c) => {
			if (c.eid === SbiExt.Ipi) ipis.push(m.harts[1].mip & SSIP);
		};
		const why = m.run(100_000);
		expect(why).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
		const x = m.harts[0].x;
		expect([x[8], x[9], x[18], x[19]]).toEqual([1, 0, 0, -6]); // STOPPED, started, STARTED, ALREADY_AVAILABLE
		expect(ipis).toEqual([SSIP]);
		const seen = program.symbols.find((s) => s.name === 'seen')!.addr;
		expect([m.bus.read(seen, 4), m.bus.read(seen + 4, 4)]).toEqual([1, 0x55]);
		expect(m.parked).toEqual([false, true]);
	});

	it('4 harts, each taking its own S-mode timer interrupts through the SBI, then an IPI round', () => {
		// Hart 0 starts harts 1-3. Every hart sets stvec, enables STIE and SSIE, and asks for a timer
		// (50 ticks × (hartid + 1)); each timer interrupt counts in ticks[hartid] and asks for the next
		// one, three times. Then the hart counts itself in `done`; hart 0, once all four are done,
		// sends every hart an IPI, and each counts its software interrupt in ipis[hartid].
		const { m, program } = boot(
			`
_start:	mv s0, a0                     # hartid
	bnez s0, common
	li s1, 1
start_next:
	mv a0, s1
	la a1, secondary
	li a2, 0
	sbi 0x48534D, 0
	addi s1, s1, 1
	li t0, 4
	blt s1, t0, start_next
	j common
secondary:
	mv s0, a0                     # a0 = hartid here too
common:	la t0, trap
	csrw stvec, t0
	li t0, 0x22                   # STIE | SSIE
	csrs sie, t0
	call arm
	csrsi sstatus, 2
idle:	wfi
	bnez s0, idle
	la t0, done                   # hart 0: once everyone is done, one IPI to all
	lw t1, 0(t0)
	li t2, 4
	bne t1, t2, idle
	la t0, sent
	lw t1, 0(t0)
	bnez t1, waitipi
	li t1, 1
	sw t1, 0(t0)
	li a0, 0
	li a1, -1
	sbi 0x735049, 0
waitipi:
	la t0, ipis
	lw t1, 0(t0)
	lw t2, 4(t0)
	add t1, t1, t2
	lw t2, 8(t0)
	add t1, t1, t2
	lw t2, 12(t0)
	add t1, t1, t2
	li t2, 4
	bne t1, t2, idle
	shutdown 0

arm:	rdtime a0                     # set_timer(now + 50 × (hartid + 1))
	addi t0, s0, 1
	li t1, 50
	mul t0, t0, t1
	add a0, a0, t0
	li a1, 0
	sbi 0x54494D45, 0
	ret

	.align 2
trap:	csrr t0, scause
	bltz t0, irq
	shutdown 1                    # no exception is expected
irq:	slli t0, t0, 1
	srli t0, t0, 1
	li t1, 1
	beq t0, t1, soft
	la t1, ticks                  # timer: ticks[hartid] += 1
	slli t2, s0, 2
	add t1, t1, t2
	lw t2, 0(t1)
	addi t2, t2, 1
	sw t2, 0(t1)
	li t3, 3
	blt t2, t3, again
	li a0, -1                     # three ticks: no more timers, count this hart done
	li a1, -1
	sbi 0x54494D45, 0
	la t1, done
	li t2, 1
	amoadd.w zero, t2, (t1)
	sret
again:	call arm
	sret
soft:	li t0, 2                      # clear sip.SSIP, count the IPI
	csrc sip, t0
	la t1, ipis
	slli t2, s0, 2
	add t1, t1, t2
	lw t2, 0(t1)
	addi t2, t2, 1
	sw t2, 0(t1)
	sret

	.align 4
done:	.word 0
sent:	.word 0
ticks:	.word 0, 0, 0, 0
ipis:	.word 0, 0, 0, 0
`,
			{ harts: 4 }
		);
		// Traps into M: only SBI calls (9) and machine timers (0x8000_0007); M never runs an instruction.
		const toM = new Set<number>();
		let retiredInM = 0;
		m.onTrap = (cause) => {
			if (m.harts.some((h) => h.mode === Mode.Machine)) toM.add(cause >>> 0);
		};
		m.onRetire = () => {
			if (m.harts.some((h) => h.mode === Mode.Machine)) retiredInM++;
		};
		expect(m.run(2_000_000)).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
		const at = (name: string) => program.symbols.find((s) => s.name === name)!.addr;
		const words = (name: string) => [0, 1, 2, 3].map((i) => m.bus.read(at(name) + 4 * i, 4));
		expect(words('ticks')).toEqual([3, 3, 3, 3]);
		expect(words('ipis')).toEqual([1, 1, 1, 1]);
		expect([...toM].sort((a, b) => a - b)).toEqual([9, 0x8000_0007]);
		expect(retiredInM).toBe(0);
		expect(m.parked).toEqual([false, false, false, false]);
	});

	it('a stopped hart executes nothing and does not hold the machine clock back', () => {
		const { m } = boot(`_start: j _start`, { harts: 3 });
		m.run(5000);
		expect(m.harts[1].instret + m.harts[2].instret).toBe(0);
		expect(m.cycles).toBe(m.harts[0].cycles);
	});

	it('a hart stopped and started again counts on: its minstret is not reset by hart_start', () => {
		// Hart 0 starts hart 1 twice; each time hart 1 runs the same six instructions and its hart_stop
		// ecall, so it ends with twice what one start gives (the session's position sums these).
		const { m } = boot(
			`
_start:	li s1, 2
again:	li a0, 1
	la a1, secondary
	li a2, 0
	sbi 0x48534D, 0         # hart_start(1, secondary, 0)
wait:	li a0, 1
	sbi 0x48534D, 2         # hart_get_status(1)
	beqz a1, wait           # STARTED (0) until it stops itself
	addi s1, s1, -1
	bnez s1, again
	shutdown 0
secondary:
	nop
	nop
	nop
	sbi 0x48534D, 1         # hart_stop
`,
			{ harts: 2 }
		);
		expect(m.run(100_000)).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
		// Per start: three nops, the sbi macro's li a7 (lui + addi) and li a6 retire; the ecall traps
		// into M (the firmware's hart_stop), and a trapping instruction does not retire.
		expect(m.harts[1].instret).toBe(2 * 6);
		expect(m.harts[1].traps).toBe(2);
	});

	it('when every hart has stopped itself the run ends as halted', () => {
		const { m } = boot(`_start: sbi 0x48534D, 1`);
		expect(m.run(100)).toEqual({ kind: 'halted' });
	});

	it('snapshot and restore carry the parked harts and the armed timer', () => {
		const { m } = boot(SMP, { harts: 2 });
		const snap = structuredClone(m.snapshot());
		m.run(100_000);
		m.restore(snap);
		expect(m.parked).toEqual([false, true]);
		expect(m.run(100_000)).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
	});
});

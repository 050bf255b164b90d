/**
 * The teaching kernel (static/guest/kernel.elf) boots on vmscope's bare machine under the TypeScript
 * SBI firmware, through the Machine API, for every boot-program set the guest tests use; its console
 * output is held to boot-checks.ts, the same expectations QEMU is held to (guest-qemu.test.ts).
 * Where qemu-system-riscv32 is installed, the two transcripts are also compared line by line with
 * the numbers that depend on timing (ticks, spin's counter) blanked out.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SbiExt } from '../../src/lib/sim/firmware/sbi-ids';
import { BOOT_CHECKS, checkBoot, comparable, transcriptLines } from '../../src/lib/sim/guest/boot-checks';
import { patchBootPrograms } from '../../src/lib/sim/guest/boot-programs';
import { loadElf } from '../../src/lib/sim/isa/elf';
import { Machine } from '../../src/lib/sim/machine/machine';
import { bootOnQemu, hasQemu, MINISBI, QEMU } from './qemu-guest';

const kernel = new Uint8Array(readFileSync('static/guest/kernel.elf'));
/** Far more than any boot needs (the default set retires about 15 million instructions). */
const BUDGET = 300_000_000;

function boot(programs: readonly string[] | null, harts = 1) {
	const image = programs ? patchBootPrograms(kernel, programs) : kernel;
	const m = new Machine({ harts });
	m.load(loadElf(image));
	const why = m.run(BUDGET);
	return { m, why, out: m.consoleText() };
}

describe('teaching kernel on vmscope (Machine API, SBI firmware)', () => {
	for (const check of BOOT_CHECKS)
		it(check.title, () => {
			const { why, out } = boot(check.programs);
			expect(checkBoot(check, out), out).toEqual([]);
			// SRST: shutdown with no reason exits 0; after a panic the reason is "system failure".
			expect(why).toEqual({ kind: 'exited', code: check.end === 'panic' ? 1 : 0, by: 'sbi' });
		});

	it('the unpatched image boots the default set', () => {
		const { why, out } = boot(null);
		expect(checkBoot(BOOT_CHECKS[0], out), out).toEqual([]);
		expect(why).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
	});

	it('boots in S-mode at 0x8020_0000 with hart 0 and uses only the SBI calls its README lists', () => {
		const m = new Machine();
		const used = new Set<string>();
		m.onFirmwareCall = ({ eid, fid, error }) => {
			used.add(`${eid.toString(16)}/${fid}`);
			expect(error).toBe(0);
		};
		m.load(loadElf(kernel));
		expect([m.firmware, m.hart.pc, m.hart.mode]).toEqual(['sbi', 0x8020_0000, 1]);
		m.run(BUDGET);
		const hex = (e: number, f: number) => `${e.toString(16)}/${f}`;
		expect([...used].sort()).toEqual(
			[
				hex(SbiExt.Base, 0),
				hex(SbiExt.Base, 3),
				hex(SbiExt.Dbcn, 0),
				hex(SbiExt.Time, 0),
				hex(SbiExt.Srst, 0)
			].sort()
		);
	});

	it('timer ticks come from the firmware: M sees only SBI calls and machine timers, and runs no code', () => {
		const m = new Machine();
		const toM = new Map<number, number>();
		let retiredInM = 0;
		m.onTrap = (cause) => {
			if (m.hart.mode === 3) toM.set(cause >>> 0, (toM.get(cause >>> 0) ?? 0) + 1);
		};
		m.onRetire = () => {
			if (m.hart.mode === 3) retiredInM++;
		};
		m.load(loadElf(patchBootPrograms(kernel, ['spin', 'spin'])));
		expect(m.run(BUDGET).kind).toBe('exited');
		expect([...toM.keys()].sort((a, b) => a - b)).toEqual([9, 0x8000_0007]);
		// Every S timer interrupt the kernel took was an M timer the firmware handed on.
		const sTimers = m.hart.traps - [...toM.values()].reduce((a, b) => a + b, 0);
		expect(toM.get(0x8000_0007)).toBeGreaterThan(0);
		expect(sTimers).toBeGreaterThanOrEqual(toM.get(0x8000_0007)!);
		expect(retiredInM).toBe(0);
	});

	it('a run repeats exactly (the machine is deterministic)', () => {
		const first = boot(['spin', 'sleeper', 'spin']).out;
		expect(transcriptLines(first).filter((l) => l.startsWith('spin: '))).toHaveLength(10);
		expect(boot(['spin', 'sleeper', 'spin']).out).toBe(first);
	});

	it('on 4 harts the secondaries stay stopped (the kernel starts none) and the boot is the same', () => {
		const one = boot(BOOT_CHECKS[0].programs);
		const four = boot(BOOT_CHECKS[0].programs, 4);
		expect(four.why).toEqual({ kind: 'exited', code: 0, by: 'sbi' });
		expect(four.out).toBe(one.out);
		expect(four.m.harts.slice(1).map((h) => h.instret)).toEqual([0, 0, 0]);
	});
});

if (!hasQemu) console.warn(`kernel-boot: ${QEMU} is not installed, the QEMU comparison is skipped`);

/**
 * QEMU's clock under `-icount shift=4,sleep=off`: one instruction every 16 ns (62.5 MHz), traps free,
 * the 10 MHz timebase. With these costs vmscope's clock counts exactly what QEMU's does.
 */
const QEMU_ICOUNT4 = {
	cpuHz: 62_500_000,
	costs: {
		...{ alu: 1, mul: 1, div: 1, load: 1, store: 1, branch: 1, jump: 1 },
		...{ csr: 1, atomic: 1, fence: 1, system: 1, trap: 0 }
	}
};

/** Boot QEMU's way: minisbi in M-mode from 0x8000_0000 (no TypeScript firmware), the kernel beside it. */
function bootWithMinisbi(image: Uint8Array) {
	const fw = loadElf(new Uint8Array(readFileSync(MINISBI)));
	const k = loadElf(image);
	const m = new Machine({ ...QEMU_ICOUNT4, firmware: 'none' });
	m.load({ ...fw, segments: [...fw.segments, ...k.segments] });
	return { why: m.run(BUDGET), out: m.consoleText() };
}

describe.skipIf(!hasQemu)(`teaching kernel: vmscope prints what ${QEMU} prints`, () => {
	const tmp = hasQemu ? mkdtempSync(join(tmpdir(), 'vmscope-kboot-')) : '';
	afterAll(() => {
		if (tmp) rmSync(tmp, { recursive: true, force: true });
	});
	for (const check of BOOT_CHECKS)
		it(check.title, () => {
			const q = bootOnQemu(patchBootPrograms(kernel, check.programs), tmp);
			const { why, out } = boot(check.programs);
			expect(comparable(out)).toEqual(comparable(q.out));
			expect(why.kind === 'exited' && why.code).toBe(q.status);
		});

	// The same firmware and the same clock as QEMU: then every byte matches, tick numbers and
	// spin's counters included (a check of the whole hart: M-mode firmware, delegation, S and U
	// modes, Sv32, the CLINT timer and the UART).
	for (const programs of [BOOT_CHECKS[0].programs, ['spin', 'sleeper', 'spin']])
		it(`byte for byte under minisbi and QEMU's instruction clock: ${programs.join(' ')}`, () => {
			const image = patchBootPrograms(kernel, programs);
			const q = bootOnQemu(image, tmp);
			const { why, out } = bootWithMinisbi(image);
			expect(out).toBe(q.out);
			expect(why).toEqual({ kind: 'exited', code: 0, by: 'finisher' });
		});
});

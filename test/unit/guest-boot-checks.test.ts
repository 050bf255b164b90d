/**
 * boot-checks.ts judges a kernel transcript: a good one passes, and each kind of shortfall is
 * reported in words. (The QEMU test runs the checks on real boots.)
 */
import { describe, expect, it } from 'vitest';
import { BOOT_CHECKS, checkBoot, parseSummary, type BootCheck } from '../../src/lib/sim/guest/boot-checks';

const GOOD = `
vmscope teaching kernel: RV32 S-mode, Sv32, hart 0
[kernel] SBI v2.0
[kernel] paging on (satp 0x80080214), 490 free pages of 4 KiB
[kernel] boot programs: hello
[kernel] start pid 1: hello (2 pages)
hello: hello, world! I am pid 1, running since tick 0
[kernel] pid 1 (hello) exited with status 0
[kernel] all processes exited after 0 ticks: 1 started, 0 killed, 0 page faults served, 490 pages free. shutting down.
`;
const hello = BOOT_CHECKS.find((c) => c.programs.join() === 'hello')!;

describe('checkBoot', () => {
	it('passes a good transcript, with CRLF line ends too', () => {
		expect(checkBoot(hello, GOOD)).toEqual([]);
		expect(checkBoot(hello, GOOD.replace(/\n/g, '\r\n'))).toEqual([]);
		expect(parseSummary(GOOD)).toEqual({ ticks: 0, started: 1, killed: 0, faults: 0, free: 490 });
	});

	it('names each shortfall', () => {
		expect(checkBoot(hello, GOOD.replace('I am pid 1', 'I am pid 7'))).toEqual([
			'no line matches /^hello: hello, world! I am pid 1, running since tick \\d+$/'
		]);
		expect(checkBoot(hello, GOOD.replace('status 0', 'status 3'))).toEqual([
			'missing line: [kernel] pid 1 (hello) exited with status 0'
		]);
		expect(checkBoot(hello, GOOD.replace('490 pages free', '489 pages free'))).toEqual([
			'489 pages free at the end, 490 at boot'
		]);
		expect(checkBoot(hello, GOOD.replace('1 started', '2 started'))).toEqual([
			'summary: 2 started, expected 1'
		]);
		expect(checkBoot(hello, GOOD.replace(/\[kernel\] all processes.*\n/, ''))).toEqual([
			'no summary line at the end (last line: [kernel] pid 1 (hello) exited with status 0)'
		]);
		expect(checkBoot(hello, GOOD.replace('vmscope teaching kernel', 'some kernel'))[0]).toMatch(
			/^no banner/
		);
	});

	it('checks counts, order, absence and panics', () => {
		const check: BootCheck = {
			title: 't',
			programs: [],
			counts: { 'hello: ': 2 },
			order: [['[kernel] pid 1 (hello) exited', 'hello: ']],
			absent: ['PANIC'],
			end: 'panic'
		};
		expect(checkBoot(check, GOOD)).toEqual([
			'1 lines start with "hello: ", expected 2',
			'"[kernel] pid 1 (hello) exited" (line 7) must come before "hello: " (line 6)',
			'the last line is not a panic: [kernel] all processes exited after 0 ticks: 1 started, 0 killed, 0 page faults served, 490 pages free. shutting down.'
		]);
		const panicked = GOOD.replace(/\[kernel\] pid 1[^]*$/, '[kernel] PANIC: kernel trap: x\n');
		expect(checkBoot({ ...check, counts: {}, order: [] }, panicked)).toEqual(['must not appear: PANIC']);
	});

	it('every check has a distinct title and program list', () => {
		expect(new Set(BOOT_CHECKS.map((c) => c.title)).size).toBe(BOOT_CHECKS.length);
		expect(new Set(BOOT_CHECKS.map((c) => c.programs.join(' '))).size).toBe(BOOT_CHECKS.length);
	});
});

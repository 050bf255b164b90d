/**
 * HTIF (issue 8) at the machine level, with hand-encoded programs: tohost is acted on only when
 * its high word is written, exit codes, console bytes, the syscall block and fromhost.
 */
import { describe, expect, it } from 'vitest';
import type { Program } from '../../src/lib/sim/isa/program';
import { Machine } from '../../src/lib/sim/machine/machine';
import { a0, a1, a2, peek32, poke32, RAM, words32 } from './hart-harness';

const TOHOST = RAM + 0x1000;
const FROMHOST = RAM + 0x1040;
const MAGIC = RAM + 0x2000;
const BUF = RAM + 0x3000;

// sw a2,0(a1) ; addi a0,a0,1 ; sw zero,4(a1) ; j .
const LOW_THEN_HIGH = [0x00c5a023, 0x00150513, 0x0005a223, 0x0000006f];

function machine(words: number[], regs: Record<number, number>, opts: { htif?: 'auto' | 'off' } = {}) {
	const program: Program = {
		entry: RAM,
		segments: [
			{
				addr: RAM,
				data: words32(words),
				memSize: 0x4000,
				flags: { read: true, write: true, exec: true }
			}
		],
		symbols: [],
		lines: [],
		tohost: TOHOST,
		fromhost: FROMHOST
	};
	const m = new Machine({ ramMiB: 1, ...opts });
	m.load(program);
	for (const [r, v] of Object.entries(regs)) m.hart.x[Number(r)] = v;
	return m;
}

describe('HTIF tohost', () => {
	it('a store to the low word alone does nothing until the high word is written', () => {
		const m = machine(LOW_THEN_HIGH, { [a1]: TOHOST, [a2]: (3 << 1) | 1 });
		expect(m.run(2)).toEqual({ kind: 'budget' });
		expect(m.hart.x[a0]).toBe(1); // the addi after the low-word store ran
		expect(m.run(1)).toEqual({ kind: 'exited', code: 3, by: 'htif' });
		expect(m.instret).toBe(3);
		expect(m.run(10)).toEqual({ kind: 'exited', code: 3, by: 'htif' }); // stays exited
	});

	it('tohost = 1 is a pass (exit 0)', () => {
		expect(machine(LOW_THEN_HIGH, { [a1]: TOHOST, [a2]: 1 }).run(100)).toEqual({
			kind: 'exited',
			code: 0,
			by: 'htif'
		});
	});

	it('device 1 command 1 prints a byte and the host clears tohost', () => {
		// sw a2,0(a1) ; addi a0,a0,1 ; sw a3,4(a1) ; j .
		const m = machine([0x00c5a023, 0x00150513, 0x00d5a223, 0x0000006f], {
			[a1]: TOHOST,
			[a2]: 0x41,
			13: 0x01010000
		});
		expect(m.run(10)).toEqual({ kind: 'budget' });
		expect(m.consoleText()).toBe('A');
		expect([peek32(m, TOHOST), peek32(m, TOHOST + 4)]).toEqual([0, 0]);
	});

	it('with --htif off the words are plain memory', () => {
		const m = machine(LOW_THEN_HIGH, { [a1]: TOHOST, [a2]: 1 }, { htif: 'off' });
		expect(m.run(100)).toEqual({ kind: 'budget' });
		expect(peek32(m, TOHOST)).toBe(1);
	});
});

describe('HTIF syscalls (magic_mem)', () => {
	function syscall(which: number, args: number[]) {
		const m = machine(LOW_THEN_HIGH, { [a1]: TOHOST, [a2]: MAGIC });
		poke32(m, MAGIC, which);
		args.forEach((v, i) => poke32(m, MAGIC + 8 * (i + 1), v));
		const why = m.run(100);
		return { m, why, ret: peek32(m, MAGIC) | 0, fromhost: peek32(m, FROMHOST) };
	}

	it('SYS_write to fd 1 prints, returns the length and answers through fromhost', () => {
		const m = machine(LOW_THEN_HIGH, { [a1]: TOHOST, [a2]: MAGIC });
		m.bus.ram.writeBytes(BUF - RAM, new TextEncoder().encode('hi!'));
		for (const [i, v] of [64, 1, BUF, 3].entries()) poke32(m, MAGIC + 8 * i, v);
		expect(m.run(100).kind).toBe('budget');
		const [ret, fromhost] = [peek32(m, MAGIC), peek32(m, FROMHOST)];
		expect(m.consoleText()).toBe('hi!');
		expect(ret).toBe(3);
		expect(fromhost).toBe(1);
	});

	it('SYS_write to fd 2 goes to the error stream; another fd is EBADF', () => {
		const { m } = syscall(64, [2, BUF, 2]);
		expect(m.errorBytes()).toEqual(new Uint8Array(2));
		expect(syscall(64, [7, BUF, 2]).ret).toBe(-9);
	});

	it('unknown syscalls answer -ENOSYS', () => {
		const r = syscall(1234, []);
		expect(r.ret).toBe(-38);
		expect(peek32(r.m, MAGIC + 4)).toBe(0xffffffff); // sign-extended to 64 bits
		expect(r.fromhost).toBe(1);
	});

	it('SYS_exit ends the run with its argument', () => {
		expect(syscall(93, [42]).why).toEqual({ kind: 'exited', code: 42, by: 'syscall' });
	});
});

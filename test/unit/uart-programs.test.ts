/**
 * Interrupt-driven console input, end to end: test/programs/devices/uart-echo*.S enable the UART's
 * received-data interrupt, route PLIC source 10 to hart 0 (M-mode context 0, or S-mode context 1
 * under the SBI), and echo what arrives in upper case. Input comes from `vmscope run`'s stdin or from
 * machine.uart.feed(); where qemu-system-riscv32 is installed the same ELFs, given the same stdin,
 * must print the same bytes on QEMU.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadElf } from '../../src/lib/sim/isa/elf';
import { Machine } from '../../src/lib/sim/machine/machine';

const DIR = 'test/programs/devices';
const INPUT = 'hello, world\n.';
const PROGRAMS = [
	{
		name: 'uart-echo',
		firmware: 'none',
		qemuBios: 'none',
		out: 'ready\nclaimed source 10\nHELLO, WORLD\n\nbye\n'
	},
	{
		name: 'uart-echo-s',
		firmware: 'sbi',
		qemuBios: 'static/guest/minisbi.elf',
		out: 'ready\nclaimed source 10 in S-mode\nHELLO, WORLD\n\nbye\n'
	}
] as const;

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const elf = (name: string) => new Uint8Array(readFileSync(join(DIR, `${name}.elf`)));

describe('UART interrupts through the PLIC', () => {
	for (const p of PROGRAMS) {
		it(`${p.name}: vmscope run feeds piped stdin to the UART`, () => {
			const r = spawnSync(process.execPath, ['bin/vmscope.js', 'run', join(DIR, `${p.name}.elf`)], {
				input: INPUT,
				encoding: 'latin1',
				timeout: 30_000
			});
			expect([r.stdout, r.stderr, r.status]).toEqual([p.out, '', 0]);
		});

		it(`${p.name}: the Machine API, with input fed while the program waits in WFI`, () => {
			const m = new Machine({ ramMiB: 16 });
			m.load(loadElf(elf(p.name)));
			expect(m.firmware).toBe(p.firmware);
			expect(m.run(100_000).kind).toBe('budget'); // idle: nothing typed yet
			expect(m.consoleText()).toBe('ready\n');
			m.uart.feed(new TextEncoder().encode('ab'));
			m.run(100_000);
			expect(m.consoleText()).toMatch(/AB$/);
			m.uart.feed(new TextEncoder().encode('c.'));
			const why = m.run(100_000);
			expect(why).toEqual({ kind: 'exited', code: 0, by: p.firmware === 'sbi' ? 'sbi' : 'finisher' });
			expect(m.consoleText()).toBe(p.out.replace('HELLO, WORLD\n', 'ABC'));
		});
	}

	it('a snapshot taken with the interrupt pending replays to the same end', () => {
		const m = new Machine({ ramMiB: 16 });
		m.load(loadElf(elf('uart-echo-s')));
		m.run(100_000);
		m.uart.feed(new TextEncoder().encode('xy.'));
		m.run(3); // the line is up, the PLIC has it pending, the hart is about to take it
		const snap = m.snapshot();
		const before = m.consoleText().length;
		expect(m.run(100_000).kind).toBe('exited');
		const first = m.consoleText().slice(before);
		m.restore(snap);
		expect(m.run(100_000).kind).toBe('exited');
		expect(m.consoleText().slice(before + first.length)).toBe(first);
		expect(first).toBe('claimed source 10 in S-mode\nXY\nbye\n');
	});

	// util-linux `script` gives vmscope a pseudo-terminal: stdin is a TTY, read raw, key by key.
	it.skipIf(!has('script'))('at a terminal, keys reach the guest as they are typed', () => {
		const r = spawnSync(
			'script',
			['-qfec', `${process.execPath} bin/vmscope.js run ${join(DIR, 'uart-echo.elf')}`, '/dev/null'],
			{ input: 'ab.', encoding: 'latin1', timeout: 30_000 }
		);
		// The terminal echoes what was typed before vmscope switched it to raw mode, and ends lines
		// with CR LF.
		expect(r.stdout.replace(/\r\n/g, '\n')).toMatch(/ready\nclaimed source 10\nAB\nbye\n$/);
		expect(r.status).toBe(0);
	});

	it('with no input the program waits: the run ends at the budget, not early', () => {
		const r = spawnSync(
			process.execPath,
			['bin/vmscope.js', 'run', join(DIR, 'uart-echo.elf'), '--max-instructions', '50000'],
			{ input: '', encoding: 'latin1', timeout: 30_000 }
		);
		expect([r.stdout, r.status]).toEqual(['ready\n', 124]);
	});
});

const QEMU = 'qemu-system-riscv32';
describe.skipIf(!has(QEMU))(`same bytes as ${QEMU} -machine virt`, () => {
	for (const p of PROGRAMS)
		it(p.name, () => {
			const q = spawnSync(
				QEMU,
				[
					'-machine',
					'virt',
					'-nographic',
					'-bios',
					p.qemuBios,
					'-kernel',
					join(DIR, `${p.name}.elf`)
				],
				{ input: INPUT, encoding: 'latin1', timeout: 20_000 }
			);
			if (q.error) throw q.error;
			expect([q.stdout.replace(/\r\n/g, '\n'), q.status]).toEqual([p.out, 0]);
		});
});
if (!has(QEMU)) console.warn(`uart-programs: ${QEMU} not installed, QEMU comparison skipped`);

const GCC = 'riscv64-unknown-elf-gcc';
describe.skipIf(!has(GCC) || !has('make'))('the committed ELFs match their sources', () => {
	const tmp = mkdtempSync(join(tmpdir(), 'vmscope-dev-'));
	afterAll(() => rmSync(tmp, { recursive: true, force: true }));
	it('rebuilds byte for byte', () => {
		// A copy of the sources, built by the same Makefile, so the committed files are never touched.
		const dir = join(tmp, 'devices');
		mkdirSync(dir);
		copyFileSync('test/programs/link.ld', join(tmp, 'link.ld'));
		for (const f of ['Makefile', 'link-s.ld', ...PROGRAMS.map((p) => `${p.name}.S`)])
			copyFileSync(join(DIR, f), join(dir, f));
		const r = spawnSync('make', ['-s', '-C', dir], { encoding: 'utf8' });
		expect(r.status, r.stderr).toBe(0);
		for (const p of PROGRAMS)
			expect(Buffer.compare(readFileSync(join(dir, `${p.name}.elf`)), elf(p.name)), p.name).toBe(0);
	});
});
if (!has(GCC)) console.warn(`uart-programs: ${GCC} not installed, rebuild check skipped`);

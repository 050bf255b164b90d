/**
 * The generated device tree: dtc (Debian's device-tree-compiler) decodes it without a warning, re-encodes
 * it to the same bytes, and every node it shows matches the machine: one cpu per hart with an honest
 * riscv,isa, the memory, and one node per board device at that device's address and size.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isaString, virtDtb } from '../../src/lib/sim/machine/device-tree';
import { node, writeFdt } from '../../src/lib/sim/machine/fdt';
import { VIRT_BOARD } from '../../src/lib/sim/machine/virt';

const hasDtc = spawnSync('sh', ['-c', 'command -v dtc']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'vmscope-dtb-'));

function dts(blob: Uint8Array): { text: string; warnings: string } {
	const file = join(dir, 'tree.dtb');
	writeFileSync(file, blob);
	const r = spawnSync('dtc', ['-I', 'dtb', '-O', 'dts', file], { encoding: 'utf8' });
	expect(r.status, r.stderr).toBe(0);
	return { text: r.stdout, warnings: r.stderr };
}

/** The body of the node whose line starts with `name {` (nested nodes included). */
function body(text: string, name: string): string {
	const start = text.indexOf(`\t${name} {`);
	expect(start, `node ${name}`).toBeGreaterThanOrEqual(0);
	let depth = 0;
	for (let i = text.indexOf('{', start); i < text.length; i++) {
		if (text[i] === '{') depth++;
		else if (text[i] === '}' && --depth === 0) return text.slice(start, i);
	}
	throw new Error(`unterminated ${name}`);
}

const cell = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

describe('the FDT writer (DTSpec v0.4 chapter 5)', () => {
	it('writes the header, an empty reservation block, aligned tokens and shared strings', () => {
		const blob = writeFdt(
			node(
				'',
				[
					['a', [1]],
					['b', 'x']
				],
				[node('c@1', [['a', true]])]
			)
		);
		const dv = new DataView(blob.buffer);
		expect(dv.getUint32(0)).toBe(0xd00dfeed);
		expect(dv.getUint32(4)).toBe(blob.length);
		expect([dv.getUint32(20), dv.getUint32(24)]).toEqual([17, 16]);
		expect(dv.getUint32(8) % 4).toBe(0);
		expect(dv.getUint32(32)).toBe(4); // "a\0b\0": the name 'a' is stored once
	});

	it('refuses a cell that is not a u32', () => {
		expect(() => writeFdt(node('', [['x', [2 ** 32]]]))).toThrow(/not a u32/);
	});
});

describe.skipIf(!hasDtc)('the machine device tree, decoded by dtc', () => {
	for (const harts of [1, 2, 4])
		it(`${harts} hart(s), 64 MiB: no warnings, same bytes again, every node true to the machine`, () => {
			const blob = virtDtb({
				harts,
				ramBytes: 64 << 20,
				bootargs: 'console=ttyS0',
				initrd: { start: 0x8100_0000, end: 0x8110_0000 }
			});
			const { text, warnings } = dts(blob);
			expect(warnings).toBe('');
			const again = join(dir, 'again.dtb');
			expect(
				spawnSync('dtc', ['-I', 'dtb', '-O', 'dtb', '-o', again, join(dir, 'tree.dtb')]).status
			).toBe(0);
			expect(Buffer.from(readFileSync(again)).equals(Buffer.from(blob))).toBe(true);

			expect(body(text, 'memory@80000000')).toContain('reg = <0x00 0x80000000 0x00 0x4000000>;');
			const chosen = body(text, 'chosen');
			expect(chosen).toContain('bootargs = "console=ttyS0";');
			expect(chosen).toContain('stdout-path = "/soc/serial@10000000";');
			expect(chosen).toContain('linux,initrd-start = <0x00 0x81000000>;');
			const cpus = body(text, 'cpus');
			expect(cpus).toContain('timebase-frequency = <0x989680>;');
			expect(cpus.match(/\tcpu@\d+ \{/g)).toHaveLength(harts);
			// The ISA the hart has, and nothing it lacks (QEMU's claims c, f, d, h and sstc).
			expect(isaString()).toBe('rv32ima_zicsr_zifencei');
			expect(cpus.match(/riscv,isa = "rv32ima_zicsr_zifencei";/g)).toHaveLength(harts);
			for (const row of VIRT_BOARD) {
				const name = { uart0: 'serial', 'test-finisher': 'test' }[row.name] ?? row.name;
				const dev = body(text, `${name}@${row.base.toString(16)}`);
				expect(dev).toContain(`reg = <0x00 ${cell(row.base)} 0x00 ${cell(row.size)}>;`);
				if (row.irq !== undefined) expect(dev).toContain(`interrupts = <${cell(row.irq)}>;`);
			}
			// Each hart's M and S external contexts on the PLIC; its M software and timer on the CLINT.
			const plic = body(text, 'plic@c000000');
			expect(plic.match(/interrupts-extended = <([^>]*)>/)![1].split(' ')).toHaveLength(4 * harts);
			expect(body(text, 'poweroff')).toContain('value = <0x5555>;');
			expect(body(text, 'reboot')).toContain('value = <0x7777>;');
		});
});

describe('vmscope dtb', () => {
	it('writes the same blob as the machine passes, and rejects a bad option with exit 2', () => {
		const out = join(dir, 'cli.dtb');
		const ok = spawnSync(
			process.execPath,
			['bin/vmscope.js', 'dtb', '--harts', '2', '--ram', '64', '-o', out],
			{
				encoding: 'utf8'
			}
		);
		expect(ok.status, ok.stderr).toBe(0);
		const want = virtDtb({ harts: 2, ramBytes: 64 << 20 });
		expect(Buffer.from(readFileSync(out)).equals(Buffer.from(want))).toBe(true);
		const bad = spawnSync(process.execPath, ['bin/vmscope.js', 'dtb', '--harts', '9'], {
			encoding: 'utf8'
		});
		expect(bad.status).toBe(2);
		expect(bad.stderr).toMatch(/^vmscope dtb: --harts must be a whole number from 1 to 8, got '9'/);
	});
});

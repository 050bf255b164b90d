/**
 * Differential test against QEMU: random RV32IMA instruction sequences (ALU, M, loads and stores at
 * any alignment, branches, AMOs) are assembled with GNU as, run on qemu-system-riscv32 (virt, -bios
 * none) and on vmscope, and must leave every register and the data buffer identical. Each block's
 * registers are dumped to memory and the dump printed through the UART as hex.
 * Skips (with a reason) when the cross assembler or QEMU is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadElf } from '../../src/lib/sim/isa/elf';
import { Machine } from '../../src/lib/sim/machine/machine';
import { runQemu } from './hart-harness';

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const GCC = 'riscv64-unknown-elf-gcc';
const QEMU = 'qemu-system-riscv32';
const ready = has(GCC) && has(QEMU);
if (!ready) console.warn(`hart-qemu-oracle: needs ${GCC} and ${QEMU}; skipped`);

/** xorshift32: the generator is seeded, so a failure names a reproducible program. */
function rng(seed: number) {
	let s = seed >>> 0 || 1;
	return (n: number) => {
		s ^= s << 13;
		s >>>= 0;
		s ^= s >>> 17;
		s ^= s << 5;
		s >>>= 0;
		return s % n;
	};
}

// x2 (sp) points at the dump area and x3 (gp) at the data buffer; x4 (tp) is a scratch address.
const FREE = [1, ...Array.from({ length: 27 }, (_, i) => i + 5)];
const RR = [
	'add',
	'sub',
	'sll',
	'slt',
	'sltu',
	'xor',
	'srl',
	'sra',
	'or',
	'and',
	'mul',
	'mulh',
	'mulhsu',
	'mulhu',
	'div',
	'divu',
	'rem',
	'remu'
];
const RI = ['addi', 'slti', 'sltiu', 'xori', 'ori', 'andi'];
const SH = ['slli', 'srli', 'srai'];
const LD = ['lb', 'lh', 'lw', 'lbu', 'lhu'];
const ST = ['sb', 'sh', 'sw'];
const BR = ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'];
const AMO = [
	'amoswap.w',
	'amoadd.w',
	'amoxor.w',
	'amoand.w',
	'amoor.w',
	'amomin.w',
	'amomax.w',
	'amominu.w',
	'amomaxu.w'
];
const INTERESTING = [0, 1, -1, 2, -2, 0x7fffffff, -0x80000000, 0x80, 0xff, 0xffff, 0x12345678, -0x21524111];

function program(seed: number, blocks: number, length: number): string {
	const r = rng(seed);
	const reg = () => `x${FREE[r(FREE.length)]}`;
	const imm12 = () => r(4096) - 2048;
	const value = () =>
		(r(3) === 0 ? INTERESTING[r(INTERESTING.length)] : (r(0x10000) << 16) | r(0x10000)) | 0;
	const out: string[] = ['.globl _start', '_start:', 'la sp, dump', 'la gp, data'];
	let label = 0;
	for (let b = 0; b < blocks; b++) {
		for (const x of FREE) out.push(`li x${x}, ${value()}`);
		for (let k = 0; k < length; k++) {
			const kind = r(10);
			if (kind < 3) out.push(`${RR[r(RR.length)]} ${reg()}, ${reg()}, ${reg()}`);
			else if (kind < 5) out.push(`${RI[r(RI.length)]} ${reg()}, ${reg()}, ${imm12()}`);
			else if (kind < 6) out.push(`${SH[r(SH.length)]} ${reg()}, ${reg()}, ${r(32)}`);
			else if (kind === 6) out.push(`${LD[r(LD.length)]} ${reg()}, ${r(2000)}(gp)`);
			else if (kind === 7) out.push(`${ST[r(ST.length)]} ${reg()}, ${r(2000)}(gp)`);
			else if (kind === 8) {
				out.push(`${BR[r(BR.length)]} ${reg()}, ${reg()}, 9${label}f`);
				out.push(`${RR[r(RR.length)]} ${reg()}, ${reg()}, ${reg()}`);
				out.push(`9${label}:`);
				label = (label + 1) % 10;
			} else {
				out.push(`addi tp, gp, ${4 * r(500)}`, `${AMO[r(AMO.length)]} ${reg()}, ${reg()}, (tp)`);
				if (r(2))
					out.push('lui x31, %hi(data)', `lr.w ${reg()}, (tp)`, `sc.w ${reg()}, ${reg()}, (tp)`);
			}
		}
		for (let x = 1; x < 32; x++) if (x !== 2) out.push(`sw x${x}, ${4 * x}(sp)`);
		out.push('addi sp, sp, 128');
	}
	// Print the dump and the data buffer as hex words, one per line, then pass through the finisher.
	out.push(
		'la s0, dump',
		'la s1, data_end',
		'li s2, 0x10000000',
		'1: bgeu s0, s1, 4f',
		'lw s3, 0(s0)',
		'li s4, 28',
		'2: srl t0, s3, s4',
		'andi t0, t0, 15',
		'la t1, hex',
		'add t1, t1, t0',
		'lbu t0, 0(t1)',
		'sb t0, 0(s2)',
		'addi s4, s4, -4',
		'bgez s4, 2b',
		'li t0, 10',
		'sb t0, 0(s2)',
		'addi s0, s0, 4',
		'j 1b',
		'4: li t0, 0x100000',
		'li t1, 0x5555',
		'sw t1, 0(t0)',
		'5: j 5b',
		'.section .rodata',
		'hex: .ascii "0123456789abcdef"',
		'.data',
		'.align 4',
		`dump: .zero ${128 * blocks}`,
		'data:'
	);
	for (let i = 0; i < 512; i++) out.push(`.word ${value()}`);
	out.push('data_end:');
	return out.join('\n') + '\n';
}

describe.skipIf(!ready)('random instruction sequences: vmscope and QEMU agree', () => {
	const dir = ready ? mkdtempSync(join(tmpdir(), 'vmscope-oracle-')) : '';
	for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) {
		it(`seed ${seed}`, () => {
			const src = join(dir, `r${seed}.s`);
			const elf = join(dir, `r${seed}.elf`);
			writeFileSync(src, program(seed, 24, 40));
			execFileSync(GCC, [
				'-march=rv32ima_zicsr',
				'-mabi=ilp32',
				'-nostdlib',
				'-T',
				'test/programs/link.ld',
				'-Wl,--no-warn-rwx-segments',
				'-o',
				elf,
				src
			]);
			const q = runQemu(elf);
			const m = new Machine();
			m.load(loadElf(new Uint8Array(readFileSync(elf))));
			expect(m.run(10_000_000)).toEqual({ kind: 'exited', code: 0, by: 'finisher' });
			expect(q.status).toBe(0);
			expect(q.stdout.length).toBeGreaterThan(24 * 31 * 9);
			expect(m.consoleText()).toBe(q.stdout);
		});
	}
	it('cleans up', () => rmSync(dir, { recursive: true, force: true }));
});

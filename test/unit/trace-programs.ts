/** Guest programs for the trace, snapshot and session tests (assembled at test time). */
import { assemble, formatError } from '../../src/lib/sim/isa/asm/index';
import type { Program } from '../../src/lib/sim/isa/program';

/**
 * ECALLs in a loop handled by an M-mode handler (trap, MRET, CSR writes), UART bytes every 16
 * iterations, and a CLINT timer interrupt re-armed by the handler: every cpu and device kind appears.
 * Ends through the test finisher with code 0 after `loops` iterations.
 */
export function trappySource(loops = 2000): string {
	return `
	.globl _start
_start:
	la t0, handler
	csrw mtvec, t0
	li a5, 0x02004000        # CLINT mtimecmp, hart 0
	li t0, 300
	sw zero, 4(a5)
	sw t0, 0(a5)
	li t0, 0x80
	csrs mie, t0             # MTIE
	csrsi mstatus, 8         # MIE
	li s0, 0
	li s1, ${loops}
	li s2, 0x10000000        # UART THR
	la s3, buffer
loop:
	addi s0, s0, 1
	ecall
	andi t1, s0, 15
	bnez t1, 1f
	li t2, 120
	sb t2, 0(s2)
1:
	andi t1, s0, 1023
	slli t1, t1, 2
	add t1, t1, s3
	sw s0, 0(t1)
	blt s0, s1, loop
	li t0, 0x100000
	li t1, 0x5555
	sw t1, 0(t0)
2:	j 2b
handler:
	csrr t4, mcause
	bltz t4, timer
	csrr t3, mepc
	addi t3, t3, 4
	csrw mepc, t3
	csrw mscratch, s0
	mret
timer:
	lw t5, 0(a5)
	addi t5, t5, 317
	sw t5, 0(a5)
	mret
	.data
	.balign 4096
buffer:
	.space 8192
`;
}

export function assembleOrThrow(source: string): Program {
	const { program, errors } = assemble(source, { file: 'test.s' });
	if (errors.length) throw new Error(errors.map(formatError).join('\n'));
	return program;
}

export const trappy = (loops = 2000) => assembleOrThrow(trappySource(loops));

/** A tight loop that never ends (for budgets and stepping). */
export const spin = () =>
	assembleOrThrow(`
	.globl _start
_start:
	li a0, 0
	la a1, buf
1:	addi a0, a0, 1
	andi t0, a0, 255
	slli t0, t0, 2
	add t0, t0, a1
	sw a0, 0(t0)
	j 1b
	.data
buf:	.space 1024
`);

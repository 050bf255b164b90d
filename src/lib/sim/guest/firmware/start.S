/*
 * start.S -- minisbi's entry and its M-mode trap vector.
 *
 * QEMU's reset code jumps to 0x8000_0000 in M-mode with a0 = hartid, a1 = the device tree and
 * a2 = a struct fw_dynamic_info that names the kernel's entry point (the "next stage").
 */
	.section .text.start, "ax"
	.global _start
_start:
	csrr t0, mhartid
	bnez t0, park		/* one hart only: the others wait forever */
	la sp, m_stack_top
	csrw mscratch, sp	/* the trap vector finds its stack here */
	la t0, m_trap
	csrw mtvec, t0
	call firmware_main	/* sets mepc, mstatus.MPP = S; returns with a0, a1 for the kernel */
	mret			/* into the kernel, in S-mode */
park:
	wfi
	j park

	.balign 4
m_trap:
	csrrw sp, mscratch, sp	/* sp = M-mode stack, mscratch = the interrupted sp */
	addi sp, sp, -32*4
	.irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sw x\r, \r*4(sp)
	.endr
	mv a0, sp
	call m_trap_handler	/* may change the saved a0/a1 (the SBI return values) */
	.irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	lw x\r, \r*4(sp)
	.endr
	addi sp, sp, 32*4
	csrrw sp, mscratch, sp
	mret

	.section .bss
	.balign 16
	.space 4096
m_stack_top:

/*
 * uart-echo.S -- interrupt-driven console input on QEMU virt / vmscope, M-mode, no firmware.
 * The UART raises its received-data interrupt (IER.ERBFI) on PLIC source 10; the PLIC passes it to
 * hart 0's M-mode context (context 0) as mip.MEIP. The handler claims the source, drains the UART,
 * echoes each byte in upper case, and completes the claim. A '.' ends the run through the test
 * finisher. Expected output for the input "hello, world\n.":
 *   ready
 *   claimed source 10
 *   HELLO, WORLD
 *   bye
 */
#define UART 0x10000000
#define PLIC 0x0c000000
#define PLIC_ENABLE_CTX0 (PLIC + 0x2000)
#define PLIC_THRESHOLD_CTX0 (PLIC + 0x200000)
#define PLIC_CLAIM_CTX0 (PLIC + 0x200004)
#define FINISHER 0x100000

	.section .text.init
	.globl _start
_start:
	la t0, trap
	csrw mtvec, t0
	li s0, UART
	/* PLIC: source 10 at priority 1, enabled for context 0, threshold 0 (PLIC spec, "Memory Map") */
	li t0, PLIC
	li t1, 1
	sw t1, 4*10(t0)
	li t0, PLIC_ENABLE_CTX0
	li t1, 1 << 10
	sw t1, 0(t0)
	li t0, PLIC_THRESHOLD_CTX0
	sw zero, 0(t0)
	/* UART: 8 data bits (LCR), received-data interrupt on (IER). The FIFOs stay off: switching them
	 * on resets the receive FIFO, which on QEMU would drop input that arrived before this point. */
	li t1, 0x03
	sb t1, 3(s0)
	li t1, 0x01
	sb t1, 1(s0)
	la a0, msg_ready
	call puts
	/* mie.MEIE, then mstatus.MIE: from here on input arrives by interrupt */
	li t1, 1 << 11
	csrs mie, t1
	csrsi mstatus, 8
idle:	wfi
	j idle

/* Machine external interrupt. No registers need saving: the idle loop uses none. */
	.align 2
trap:
	csrr t0, mcause
	li t1, 0x8000000b
	bne t0, t1, unexpected
	li s1, PLIC_CLAIM_CTX0
	lw s2, 0(s1)                /* claim: the source id, and its pending bit clears */
	la t0, claimed
	lw t1, 0(t0)
	bnez t1, drain
	li t1, 1
	sw t1, 0(t0)
	la a0, msg_claim
	call puts
	li a0, '1'                  /* two digits: "1", then the source id minus 10 */
	call putc
	addi a0, s2, '0' - 10
	call putc
	li a0, '\n'
	call putc
drain:	lbu t1, 5(s0)               /* LSR.DR: a byte is waiting */
	andi t1, t1, 1
	beqz t1, done
	lbu a0, 0(s0)
	li t1, '.'
	beq a0, t1, finish
	li t1, 'a'
	blt a0, t1, echo
	li t1, 'z'
	bgt a0, t1, echo
	addi a0, a0, 'A' - 'a'
echo:	call putc
	j drain
done:	sw s2, 0(s1)                /* complete: the gateway may forward the next request */
	mret

finish:	la a0, msg_bye
	call puts
	li t0, FINISHER
	li t1, 0x5555
	sw t1, 0(t0)
1:	j 1b

unexpected:
	la a0, msg_unexpected
	call puts
	li t0, FINISHER
	li t1, 0x13333
	sw t1, 0(t0)
2:	j 2b

/* putc(a0): wait for LSR.THRE, then write THR. Clobbers t1. */
putc:	lbu t1, 5(s0)
	andi t1, t1, 0x20
	beqz t1, putc
	sb a0, 0(s0)
	ret

/* puts(a0): a NUL-terminated string. Clobbers a0, a1, t1, t6. */
puts:	mv t6, ra
	mv a1, a0
3:	lbu a0, 0(a1)
	beqz a0, 4f
	call putc
	addi a1, a1, 1
	j 3b
4:	mv ra, t6
	ret

	.section .rodata
msg_ready:	.asciz "ready\n"
msg_claim:	.asciz "claimed source "
msg_bye:	.asciz "\nbye\n"
msg_unexpected:	.asciz "unexpected trap\n"
	.data
	.align 2
claimed:	.word 0

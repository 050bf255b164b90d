/*
 * uart-echo-s.S -- the same echo as uart-echo.S, from S-mode under SBI firmware: the UART's
 * interrupt reaches the S-mode context of hart 0 (PLIC context 1) as mip.SEIP, which the firmware
 * delegates (mideleg.SEI), so the trap lands at stvec without M-mode noticing. Output goes through
 * the SBI (legacy console_putchar), and the end is an SBI system_reset. Runs on vmscope's SBI and on
 * QEMU with the teaching kernel's minisbi. Expected output for the input "hello, world\n.":
 *   ready
 *   claimed source 10 in S-mode
 *   HELLO, WORLD
 *   bye
 */
#define UART 0x10000000
#define PLIC 0x0c000000
#define PLIC_ENABLE_CTX1 (PLIC + 0x2080)
#define PLIC_THRESHOLD_CTX1 (PLIC + 0x201000)
#define PLIC_CLAIM_CTX1 (PLIC + 0x201004)
#define SIE_SEIE (1 << 9)
#define SSTATUS_SIE (1 << 1)

	.section .text.init
	.globl _start
_start:
	la t0, trap
	csrw stvec, t0
	li s0, UART
	li t0, PLIC
	li t1, 1
	sw t1, 4*10(t0)
	li t0, PLIC_ENABLE_CTX1
	li t1, 1 << 10
	sw t1, 0(t0)
	li t0, PLIC_THRESHOLD_CTX1
	sw zero, 0(t0)
	li t1, 0x03
	sb t1, 3(s0)                /* LCR: 8 data bits; FIFOs stay off (see uart-echo.S) */
	li t1, 0x01
	sb t1, 1(s0)                /* IER: received-data interrupt */
	la a0, msg_ready
	call puts
	li t1, SIE_SEIE
	csrs sie, t1
	csrsi sstatus, SSTATUS_SIE
idle:	wfi
	j idle

	.align 2
trap:
	csrr t0, scause
	li t1, 0x80000009           /* supervisor external interrupt */
	bne t0, t1, unexpected
	li s1, PLIC_CLAIM_CTX1
	lw s2, 0(s1)
	la t0, claimed
	lw t1, 0(t0)
	bnez t1, drain
	li t1, 1
	sw t1, 0(t0)
	la a0, msg_claim
	call puts
	li a0, '1'
	call putc
	addi a0, s2, '0' - 10
	call putc
	la a0, msg_in_s
	call puts
drain:	lbu t1, 5(s0)
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
done:	sw s2, 0(s1)
	sret

finish:	la a0, msg_bye
	call puts
	li a0, 0                    /* SRST system_reset(shutdown, no reason) */
	li a1, 0
	li a6, 0
	li a7, 0x53525354
	ecall
1:	j 1b

unexpected:
	la a0, msg_unexpected
	call puts
	li a0, 0
	li a1, 1                    /* reason: system failure */
	li a6, 0
	li a7, 0x53525354
	ecall
2:	j 2b

/* putc(a0) through the SBI: legacy console_putchar (EID 0x01). Clobbers a0, a6, a7. */
putc:	li a7, 1
	li a6, 0
	ecall
	ret

/* puts(a0): a NUL-terminated string. Clobbers a0, a1, a6, a7, t6. */
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
msg_in_s:	.asciz " in S-mode\n"
msg_bye:	.asciz "\nbye\n"
msg_unexpected:	.asciz "unexpected trap\n"
	.data
	.align 2
claimed:	.word 0

# UART and HTIF in one program: a UART line, an HTIF console line, then pass through HTIF.
	.file "htif-uart-mix.S"
#include "htif.h"
	.globl _start
_start:
	li	s2, 0x10000000
	la	s0, uart_msg
1:	lbu	t0, 0(s0)
	beqz	t0, 2f
	sb	t0, 0(s2)
	addi	s0, s0, 1
	j	1b
2:	la	s1, tohost
	li	s3, 0x01010000
	la	s0, htif_msg
3:	lbu	t0, 0(s0)
	beqz	t0, 5f
	sw	t0, 0(s1)
	sw	s3, 4(s1)
4:	lw	t1, 4(s1)
	bnez	t1, 4b
	addi	s0, s0, 1
	j	3b
5:	li	t0, 1
	sw	t0, 0(s1)
	sw	zero, 4(s1)
6:	j	6b
	.section .rodata
uart_msg: .string "from the UART\n"
htif_msg: .string "from HTIF\n"

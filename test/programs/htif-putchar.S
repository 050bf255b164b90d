# Console output through HTIF device 1, command 1: tohost = (1 << 56) | (1 << 48) | byte.
	.file "htif-putchar.S"
# The host clears tohost when it has taken a command; wait for that before the next one.
#include "htif.h"
	.globl _start
_start:
	la	s0, message
	la	s1, tohost
	li	s2, 0x01010000		# high word: device 1, command 1
1:	lbu	t0, 0(s0)
	beqz	t0, 3f
	sw	t0, 0(s1)
	sw	s2, 4(s1)
2:	lw	t1, 0(s1)		# wait until the host has cleared tohost
	lw	t2, 4(s1)
	or	t1, t1, t2
	bnez	t1, 2b
	addi	s0, s0, 1
	j	1b
3:	li	t0, 1
	sw	t0, 0(s1)
	sw	zero, 4(s1)
4:	j	4b
	.section .rodata
message: .string "putchar via HTIF\n"

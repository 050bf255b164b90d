# A 32-bit store to tohost's low word alone is not a command: the program keeps running (and
	.file "htif-lowonly.S"
# prints through the UART) until it writes the high word, which completes exit code 3.
#include "htif.h"
	.globl _start
_start:
	la	s1, tohost
	li	t0, (3 << 1) | 1
	sw	t0, 0(s1)		# low word only
	la	s0, message
	li	s2, 0x10000000		# UART THR
1:	lbu	t0, 0(s0)
	beqz	t0, 2f
	sb	t0, 0(s2)
	addi	s0, s0, 1
	j	1b
2:	sw	zero, 4(s1)		# high word: now the command is complete
3:	j	3b
	.section .rodata
message: .string "still running after the low word\n"

# riscv-tests style pass: tohost = 1 written as two 32-bit stores, low word first.
	.file "htif-pass.S"
#include "htif.h"
	.globl _start
_start:
	li	t0, 1
	la	t1, tohost
	sw	t0, 0(t1)
	sw	zero, 4(t1)
1:	j	1b

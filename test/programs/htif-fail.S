# riscv-tests style failure of test case 5: tohost = (5 << 1) | 1.
	.file "htif-fail.S"
#include "htif.h"
	.globl _start
_start:
	li	t0, (5 << 1) | 1
	la	t1, tohost
	sw	t0, 0(t1)
	sw	zero, 4(t1)
1:	j	1b

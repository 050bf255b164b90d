# Spike's syscall proxy: tohost = address of magic_mem {which, arg0, arg1, arg2, ...} (64-bit words).
	.file "htif-syscall.S"
# SYS_write to fd 1 and fd 2, an unknown syscall (-ENOSYS = -38), then SYS_exit(7).
#include "htif.h"
#define OUT_LEN 20
#define ERR_LEN 20
	.globl _start
_start:
	la	s0, magic
	la	s1, tohost
	la	s2, fromhost
	# SYS_write(1, out, out_len)
	li	a0, 64
	li	a1, 1
	la	a2, out
	li	a3, OUT_LEN
	call	syscall
	li	t0, OUT_LEN
	bne	a0, t0, fail
	# SYS_write(2, err, err_len)
	li	a0, 64
	li	a1, 2
	la	a2, err
	li	a3, ERR_LEN
	call	syscall
	# unknown syscall 1234 -> -ENOSYS
	li	a0, 1234
	call	syscall
	li	t0, -38
	bne	a0, t0, fail
	# SYS_exit(7)
	li	a0, 93
	li	a1, 7
	call	syscall
fail:	li	t0, (99 << 1) | 1
	sw	t0, 0(s1)
	sw	zero, 4(s1)
1:	j	1b

# a0 = which, a1..a3 = arguments; returns magic[0] after the host answers through fromhost.
syscall:
	sw	a0, 0(s0)
	sw	zero, 4(s0)
	sw	a1, 8(s0)
	sw	zero, 12(s0)
	sw	a2, 16(s0)
	sw	zero, 20(s0)
	sw	a3, 24(s0)
	sw	zero, 28(s0)
	sw	s0, 0(s1)
	sw	zero, 4(s1)
2:	lw	t0, 0(s2)		# wait for fromhost
	beqz	t0, 2b
	sw	zero, 0(s2)
	sw	zero, 4(s2)
	lw	a0, 0(s0)
	ret

	.data
	.align 3
magic:	.zero 64
out:	.ascii "SYS_write to stdout\n"
out_end:
err:	.ascii "SYS_write to stderr\n"
err_end:

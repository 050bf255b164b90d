	.globl _start
_start:
	li	s0, 0x10000000
	la	s1, msg
1:	lbu	t0, 0(s1)
	beqz	t0, 2f
	sb	t0, 0(s0)
	addi	s1, s1, 1
	j	1b
2:	li	t0, 0x100000
	li	t1, (4 << 16) | 0x3333
	sw	t1, 0(t0)
3:	j	3b
	.data
msg:	.string "assembled by vmscope\n"

# RV32I base: every instruction, with the edge cases of each immediate field.
	.text
	.globl _start
_start:
	lui	a0, 0
	lui	a1, 0xfffff
	lui	x31, 0x80000
	auipc	t0, 0
	auipc	t1, 1048575
	jal	ra, forward
	jal	zero, _start
	jal	x5, .
	jalr	ra, 0(a0)
	jalr	t0, -2048(t1)
	jalr	x0, 2047(x31)
backward:
	beq	a0, a1, forward
	bne	a2, a3, forward
	blt	s0, s1, backward
	bge	t3, t4, forward
	bltu	x1, x2, .+8
	bgeu	x30, x31, .-4
	lb	a0, 0(sp)
	lh	a1, -1(sp)
	lw	a2, 2047(gp)
	lbu	a3, -2048(tp)
	lhu	a4, 0x7ff(fp)
	lw	a5, (a0)
	sb	a0, 0(sp)
	sh	s11, -2048(s10)
	sw	t6, 2047(t5)
	sw	zero, (sp)
	addi	a0, a0, -1
	addi	x0, x0, 0
	slti	a0, a1, -2048
	sltiu	a0, a1, 2047
	xori	a0, a1, -1
	ori	a0, a1, 0x555
	andi	a0, a1, 0xff
	slli	a0, a1, 0
	slli	a0, a1, 31
	srli	a0, a1, 1
	srai	a0, a1, 31
	add	a0, a1, a2
	sub	s2, s3, s4
	sll	s5, s6, s7
	slt	s8, s9, s10
	sltu	s11, t3, t4
	xor	t5, t6, ra
	srl	sp, gp, tp
	sra	t0, t1, t2
	or	s0, s1, a0
	and	a1, a2, a3
	fence	iorw, iorw
	fence	rw, w
	fence	i, o
	fence	r, r
	fence.tso
	ecall
	ebreak
forward:
	# Branch and jump targets at the ends of their ranges.
	beq	a0, a0, .+4094
	bne	a0, a0, .-4096
	jal	.+0xffffe
	jal	.-0x100000
	.skip	4000
far:
	beq	a0, a1, forward

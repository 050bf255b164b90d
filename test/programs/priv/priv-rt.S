# run_in (enter a mode, come back on the trap that ends it), the M trap entry and the S vector table.
	.file "priv-rt.S"
	.section .text
	.globl run_in
	.align 2
run_in:
	la	t0, m_ctx
	sw	ra, 0(t0)
	sw	sp, 4(t0)
	sw	s0, 8(t0)
	sw	s1, 12(t0)
	sw	s2, 16(t0)
	sw	s3, 20(t0)
	sw	s4, 24(t0)
	sw	s5, 28(t0)
	sw	s6, 32(t0)
	sw	s7, 36(t0)
	sw	s8, 40(t0)
	sw	s9, 44(t0)
	sw	s10, 48(t0)
	sw	s11, 52(t0)
	sw	gp, 56(t0)
	li	t1, 0x1800
	csrc	mstatus, t1
	slli	a0, a0, 11
	csrs	mstatus, a0
	csrw	mepc, a1
	la	t1, m_trap
	csrw	mtvec, t1
	mret

	.align 2
m_trap:
	csrw	mscratch, t0
	csrr	t0, mcause
	bgez	t0, 1f
	# M timer interrupt: hand it to S as STIP and stop the M timer (firmware's job)
	li	t0, 0x80
	csrc	mie, t0
	li	t0, 0x20
	csrs	mip, t0
	csrr	t0, mscratch
	mret
1:	la	t0, mtrap
	csrr	t1, mcause
	sw	t1, 0(t0)
	csrr	t1, mtval
	sw	t1, 4(t0)
	csrr	t1, mepc
	sw	t1, 8(t0)
	csrr	t1, mstatus
	sw	t1, 12(t0)
	csrw	satp, zero
	sfence.vma
	la	t0, m_ctx
	lw	ra, 0(t0)
	lw	sp, 4(t0)
	lw	s0, 8(t0)
	lw	s1, 12(t0)
	lw	s2, 16(t0)
	lw	s3, 20(t0)
	lw	s4, 24(t0)
	lw	s5, 28(t0)
	lw	s6, 32(t0)
	lw	s7, 36(t0)
	lw	s8, 40(t0)
	lw	s9, 44(t0)
	lw	s10, 48(t0)
	lw	s11, 52(t0)
	lw	gp, 56(t0)
	la	t0, mtrap
	lw	a0, 0(t0)
	ret

# stvec in vectored mode: entry k (BASE + 4k) jumps to code that puts k in tp (compiled code never
# uses tp) and enters the C handler.
	.globl s_vectors
	.align 6
s_vectors:
	j	s_vec0
	j	s_vec1
	j	s_vec2
	j	s_vec3
	j	s_vec4
	j	s_vec5
	j	s_vec6
	j	s_vec7
	j	s_vec8
	j	s_vec9
s_vec0:
	li	tp, 0
	j	s_trap
s_vec1:
	li	tp, 1
	j	s_trap
s_vec2:
	li	tp, 2
	j	s_trap
s_vec3:
	li	tp, 3
	j	s_trap
s_vec4:
	li	tp, 4
	j	s_trap
s_vec5:
	li	tp, 5
	j	s_trap
s_vec6:
	li	tp, 6
	j	s_trap
s_vec7:
	li	tp, 7
	j	s_trap
s_vec8:
	li	tp, 8
	j	s_trap
s_vec9:
	li	tp, 9
	j	s_trap

	.section .bss
	.align 3
m_ctx:	.space 64

# Every pseudo-instruction, in each of its forms (RISC-V unprivileged spec Tables 25.2-25.3, GNU as).
	.text
	.globl	_start
	.equ	CONST, 0x1234
_start:
	nop
	li	a0, 0
	li	a0, 2047
	li	a0, -2048
	li	a0, 2048
	li	a0, -2049
	li	a0, 0x800
	li	a0, 0x12345000
	li	a0, 0x12345678
	li	a0, 0x12345fff
	li	a0, 0x7fffffff
	li	a0, 0x80000000
	li	a0, 0x80000800
	li	a0, 0xfffff800
	li	a0, 0xfffff7ff
	li	a0, 0xffffffff
	li	a0, -0x80000000
	li	t0, 'A'
	li	zero, 0x12345000		# GNU as adds an addi when the target is x0
	li	t1, CONST
	li	t2, CONST * 2 + 1
	la	a0, message
	la	a1, _start
	lla	a2, message
	lla	a3, table + 8
	la	a4, CONST		# a known constant: GNU as loads it with li
	lla	a5, 0x12345678
	la	a6, LATER		# not known yet: pc-relative
	mv	a0, a1
	not	a0, a1
	neg	a0, a1
	seqz	a0, a1
	snez	a0, a1
	sltz	a0, a1
	sgtz	a0, a1
	zext.b	a0, a1
1:	beqz	a0, 1b
	bnez	a0, 1f
	blez	a0, 1b
	bgez	a0, 1f
	bltz	a0, 1b
	bgtz	a0, 1f
	bgt	a0, a1, 1b
	ble	a0, a1, 1f
	bgtu	a0, a1, 1b
	bleu	a0, a1, 1f
1:	j	1b
	j	far
	jal	func
	jal	1b
	jr	t0
	jr	t0, 8
	jr	-4(t0)
	jalr	t0
	jalr	a0, t0
	jalr	a0, t0, 4
	jalr	a0, 4(t0)
	jalr	-8(t0)
	ret
	call	func
	call	t0, func
	call	far
	tail	func
	tail	far
	jump	func, t2
	csrr	a0, mstatus
	csrr	a0, 0x341
	csrw	mtvec, a0
	csrw	mtvec, 5
	csrs	mie, a1
	csrs	mie, 8
	csrc	mip, a2
	csrc	mip, 31
	csrwi	mscratch, 0
	csrsi	sstatus, 2
	csrci	sstatus, 31
	csrrw	a0, mscratch, 7
	csrrs	a0, mscratch, 1
	csrrc	a0, mscratch, 2
	rdcycle	a0
	rdtime	a1
	rdinstret	a2
	rdcycleh	a3
	rdtimeh	a4
	rdinstreth	a5
	fence
	sfence.vma
	sfence.vma	a0
	unimp
	lb	a0, message
	lh	a1, table
	lw	a2, table + 4
	lbu	a3, message
	lhu	a4, table
	sb	a0, buffer, t0
	sh	a1, buffer + 2, t1
	sw	a2, buffer + 4, t2
	add	a0, a1, 5
	and	a0, a1, -1
	or	a0, a1, 0x7ff
	xor	a0, a1, -2048
	slt	a0, a1, 100
	sltu	a0, a1, 1
	sll	a0, a1, 3
	srl	a0, a1, 31
	sra	a0, a1, 0
func:
	ret


	.section .text.far, "ax", @progbits
far:
	ret

	.equ	LATER, 0x400
	.data
table:	.word	1, 2, 3, 4
message:	.asciz	"hi"
	.bss
buffer:	.zero	16

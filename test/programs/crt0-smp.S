# Start for several harts (QEMU virt -smp N, vmscope run --harts N): every hart gets its own 4 KiB
# stack below __stack_top; hart 0 zeroes .bss and then lets the others in; main(hartid) runs on all.
# Only hart 0 may return from main: its value goes to the test finisher, as in crt0.S.
	.section .text.init
	.file "crt0-smp.S"
	.globl _start
_start:
	csrr	t0, mhartid
	la	sp, __stack_top
	slli	t1, t0, 12
	sub	sp, sp, t1
	la	t2, bss_ready
	bnez	t0, 3f
	la	t3, __bss_start
	la	t4, __bss_end
1:	bgeu	t3, t4, 2f
	sw	zero, 0(t3)
	addi	t3, t3, 4
	j	1b
2:	fence	w, w
	li	t3, 1
	sw	t3, 0(t2)
	j	4f
3:	lw	t3, 0(t2)
	beqz	t3, 3b
	fence	r, r
4:	mv	a0, t0
	call	main
	li	t0, 0x100000
	li	t1, 0x5555
	beqz	a0, 5f
	slli	t1, a0, 16
	li	t2, 0x3333
	or	t1, t1, t2
5:	sw	t1, 0(t0)
6:	j	6b

	.data
	.align	2
bss_ready:
	.word	0

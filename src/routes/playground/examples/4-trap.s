# A trap handler. mtvec says where the hart goes on a trap; mcause says why it came,
# mepc where it came from. The handler counts the traps in s0 and skips the instruction
# that trapped, then mret returns to the program.

	.text
	.globl _start
_start:
	la	t0, handler
	csrw	mtvec, t0	# traps now go to handler, in M-mode
	li	s0, 0		# traps handled
	ecall			# 1: an environment call
	.word	0		# 2: an illegal instruction (all zeros)
	li	a0, 42		# back here after both
done:
	li	t0, 0x100000	# the test finisher (as on QEMU virt)
	li	t1, 0x5555
	sw	t1, 0(t0)	# power off (0x5555 = pass)

	.balign	4		# mtvec needs a 4-byte aligned address
handler:
	csrr	t1, mcause	# 11 = ecall from M-mode, 2 = illegal instruction
	csrr	t2, mepc	# the instruction that trapped
	addi	t2, t2, 4	# skip it
	csrw	mepc, t2
	addi	s0, s0, 1
	mret

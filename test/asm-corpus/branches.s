# Conditional branches: one word when the target is near in the same section, else GNU as's long
# form (inverted branch over a jal), as tc-riscv.c relaxed_branch_length decides.
	.text
	.globl	_start
_start:
	beq	a0, a1, near
	bne	a0, a1, too_far		# 4100 bytes ahead: long
	blt	a0, a1, other		# another section: long
	bge	a0, a1, weak_target	# weak: long
	bltu	a0, a1, global_target	# global but near: short
	bgeu	a0, a1, .+8
	beqz	a0, too_far
	bnez	a0, other
	blez	a0, other
	bgez	a0, other
	bltz	a0, other
	bgtz	a0, other
	bgt	a0, a1, other
	ble	a0, a1, other
	bgtu	a0, a1, other
	bleu	a0, a1, other
near:	nop
	.skip	4000
too_far:
	beq	a0, a1, edge		# exactly 4094 ahead after relaxation settles
	bne	a0, a1, _start		# far behind: long
	.skip	4090
edge:	nop
	.weak	weak_target
weak_target:
	.globl	global_target
global_target:
	ret

	.section	.text.other, "ax"
other:
	beq	a0, a1, _start
	ret

# A function call with the stack: factorial(5), recursively. Each call saves its return
# address (ra) and its argument on the stack; watch sp go down as calls nest and back up.

	.text
	.globl _start
_start:
	la	sp, stack_top	# the stack grows down from here
	li	a0, 5
	call	factorial	# a0 = 5! = 120
done:
	li	t0, 0x100000	# the test finisher (as on QEMU virt)
	li	t1, 0x5555
	sw	t1, 0(t0)	# power off (0x5555 = pass)

# a0 = factorial(a0)
factorial:
	addi	sp, sp, -8	# make room for two words
	sw	ra, 4(sp)	# save where to return to
	sw	a0, 0(sp)	# save n
	li	t0, 1
	ble	a0, t0, base	# n <= 1: the answer is 1
	addi	a0, a0, -1
	call	factorial	# a0 = (n - 1)!
	lw	t1, 0(sp)	# n again
	mul	a0, a0, t1	# n * (n - 1)!
	j	return
base:
	li	a0, 1
return:
	lw	ra, 4(sp)
	addi	sp, sp, 8	# give the room back
	ret

	.bss
	.balign	16
stack:
	.space	1024
stack_top:

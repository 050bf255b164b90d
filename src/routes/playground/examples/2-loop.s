# A loop: add 1 + 2 + ... + 10 into a0. Step it and watch t0 count and a0 grow.

	.text
	.globl _start
_start:
	li	a0, 0		# the sum
	li	t0, 1		# the counter
	li	t1, 10		# the last number
loop:
	add	a0, a0, t0	# sum += counter
	addi	t0, t0, 1	# counter += 1
	ble	t0, t1, loop	# again while counter <= 10
	# a0 is now 55 (0x37).
done:
	li	t0, 0x100000	# the test finisher (as on QEMU virt)
	li	t1, 0x5555
	sw	t1, 0(t0)	# power off (0x5555 = pass)

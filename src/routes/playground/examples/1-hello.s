# Hello on the UART: the 16550 at 0x10000000 prints every byte stored to it.
# Then the test finisher at 0x100000 stops the machine (0x5555 = pass, as on QEMU virt).

	.equ UART, 0x10000000
	.equ FINISHER, 0x100000

	.text
	.globl _start
_start:
	li	t1, UART
	la	a0, message	# a0 walks through the string
print:
	lbu	t0, 0(a0)	# next byte
	beqz	t0, done	# 0 ends the string
	sb	t0, 0(t1)	# store it to the UART: it appears in the console
	addi	a0, a0, 1
	j	print
done:
	li	t0, FINISHER
	li	t1, 0x5555
	sw	t1, 0(t0)	# power off

	.data
message:
	.asciz	"Hello from RISC-V!\n"

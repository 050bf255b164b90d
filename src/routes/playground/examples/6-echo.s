# Echo: read what you type from the UART and write it back. Run it, then type in the box
# under the console. The program polls LSR (offset 5): bit 0 says a byte is waiting in RBR.
# A q ends it.

	.equ UART, 0x10000000
	.equ LSR, 5		# line status register
	.equ DR, 1		# LSR bit 0: data ready
	.equ FINISHER, 0x100000

	.text
	.globl _start
_start:
	li	t1, UART
wait:
	lbu	t0, LSR(t1)
	andi	t0, t0, DR
	beqz	t0, wait	# nothing yet: ask again
	lbu	a0, 0(t1)	# read the byte (RBR)
	sb	a0, 0(t1)	# and write it back (THR)
	addi	s0, s0, 1	# bytes echoed
	li	t0, 'q'
	bne	a0, t0, wait	# anything but q: wait for the next byte
	li	t0, FINISHER
	li	t1, 0x5555
	sw	t1, 0(t0)	# q: power off

# A timer interrupt from the CLINT. mtime (at 0x0200bff8) counts up; when it reaches
# mtimecmp (at 0x02004000) the machine timer interrupt is pending. With mie.MTIE and
# mstatus.MIE set, the hart traps to the handler, which prints "tick" and sets the next
# deadline. The main loop waits with wfi in between.

	.equ CLINT_MTIMECMP, 0x02004000
	.equ CLINT_MTIME, 0x0200bff8
	.equ UART, 0x10000000
	.equ INTERVAL, 1000	# mtime ticks between interrupts
	.equ FINISHER, 0x100000

	.text
	.globl _start
_start:
	la	t0, handler
	csrw	mtvec, t0
	li	s0, 0		# ticks so far
	call	next_deadline
	li	t0, 0x80	# mie.MTIE (bit 7): let the timer interrupt in
	csrs	mie, t0
	csrsi	mstatus, 8	# mstatus.MIE (bit 3): interrupts on in M-mode
wait:
	wfi			# sleep until an interrupt is pending
	li	t0, 3
	blt	s0, t0, wait	# three ticks, then stop
	csrci	mstatus, 8	# interrupts off
done:
	li	t0, FINISHER
	li	t1, 0x5555
	sw	t1, 0(t0)	# the test finisher: power off (0x5555 = pass)

# mtimecmp = mtime + INTERVAL (the low word is enough for a short demo)
next_deadline:
	li	t1, CLINT_MTIME
	lw	t2, 0(t1)
	addi	t2, t2, INTERVAL
	li	t1, CLINT_MTIMECMP
	sw	zero, 4(t1)
	sw	t2, 0(t1)
	ret

	.balign	4
handler:
	addi	s0, s0, 1
	li	t1, UART
	la	t2, tick
1:	lbu	t0, 0(t2)
	beqz	t0, 2f
	sb	t0, 0(t1)
	addi	t2, t2, 1
	j	1b
2:	mv	s1, ra
	call	next_deadline	# writing mtimecmp clears the pending interrupt
	mv	ra, s1
	mret

	.data
tick:
	.asciz	"tick\n"

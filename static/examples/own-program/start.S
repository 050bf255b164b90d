# The entry point: the machine starts every hart here (pc = 0x80000000) in M-mode. Hart 0 sets up
# a stack and calls main; the others wait. main's return value becomes the exit code.
	.section .text.init
	.globl _start
_start:
	csrr	t0, mhartid
	bnez	t0, park
	la	sp, __stack_top
	call	main
	call	exit
park:
	wfi
	j	park

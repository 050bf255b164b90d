# Macros: parameters, defaults, \@ and \() in bodies, macros using macros and block directives.
	.macro	save reg, slot
	sw	\reg, (\slot * 4)(sp)
	.endm
	.macro	restore reg, slot
	lw	\reg, (\slot * 4)(sp)
	.endm
	.macro	frame size=16
	addi	sp, sp, -\size
	.endm
	.macro	both reg, slot
	save	\reg, \slot
	restore	\reg, \slot
	.endm
	.macro	spin
1\@:	j	1\@b
	.endm
	.macro	words n, value=7
	.rept	\n
	.word	\value
	.endr
	.endm
	.macro	label name
\name\()_start:
	nop
	.endm

	.text
	.globl	_start
_start:
	frame
	frame	32
	save	ra, 0
	save	s0, 1
	both	a0, 2
	restore	ra, 0
	label	alpha
	spin
	spin
	j	alpha_start
	words	3
	words	2, 0x12345678
	.purgem	spin
	.macro	spin
	ebreak
	.endm
	spin
	ret

# Block directives: .rept/.endr (nested, with local labels inside) and conditional assembly.
	.text
	.globl	_start
_start:
	.equ	ENTRIES, 4
table:	.rept	ENTRIES
	.word	0x11111111
1:	j	1b
	.endr
	.rept	2
	.rept	3
	addi	a0, a0, 1
	.endr
	nop
	.endr
	.rept	0
	ebreak
	.endr
	.if	ENTRIES == 4
	li	a1, 4
	.else
	li	a1, 0
	.endif
	.if	(ENTRIES - 4)
	ebreak
	.else
	.ifdef	table
	li	a2, 1
	.endif
	.ifndef	nowhere
	li	a3, 2
	.endif
	.ifdef	nowhere
	.rept	5
	ebreak
	.endr
	.endif
	.endif
	ret

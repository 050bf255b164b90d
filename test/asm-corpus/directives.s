# Every directive vmscope accepts, with the alignment and fill rules GNU as applies.
	.file	"directives.s"
	.ident	"vmscope asm corpus"
	.attribute	unaligned_access, 0
	.attribute	stack_align, 16
	.option	push
	.option	norvc
	.option	rvc
	.option	pop
	.option	norelax
	.option	relax
	.option	norelax
	.option	nopic
	# Debug, unwind and visibility directives: accepted, no effect on the loaded program.
	.file	1 "directives.s"
	.loc_mark_labels	1
	.cfi_sections	.debug_frame	# unwind tables to a debug section, not a loaded .eh_frame
	.hidden	main
	.protected	_start
	.internal	internal_sym

	.text
	.globl	_start
	.global	main
	.type	_start, @function
	.type	main, %function
_start:
	.loc	1 20 0
	.cfi_startproc
	call	main
	.cfi_endproc
	j	.
	.size	_start, . - _start
main:
	la	a0, greeting
	lw	a1, count
	ret
	.size	main, .-main
	.byte	1
	.align	2		# code: 4 bytes or less pads nothing (riscv_frag_align_code)
	.byte	2
	.p2align	3	# code: a zero byte, a c.nop, then nops
	nop
	.byte	3, 4
	.balign	16
	.byte	5
	.balign	8, 0xee		# an explicit fill is used as given, even in code
	.byte	6, 7, 8
	.p2align	4, , 4	# more than 4 bytes needed: skipped
	.p2align	2, 0x11, 1

	.section	.rodata
	.type	greeting, @object
greeting:
	.ascii	"Hello"
	.ascii	", ", "world\n"
	.asciz	"tab\tquote\"backslash\\"
	.string	"octal\101\x42 end"
	.size	greeting, . - greeting
	.balign	4
	.half	0x1234, -1
	.short	65535
	.2byte	-32768
	.word	0xdeadbeef, -2147483648
	.long	greeting
	.4byte	greeting + 3
	.quad	0x123456789abcdef0
	.dword	-1
	.8byte	greeting

	.data
	.local	count
	.type	count, @object
internal_sym:
count:	.word	3
	.size	count, 4
	.byte	0x7f
	.align	3
	.zero	3
	.space	5, 0xab
	.skip	2
	.set	VALUE, 10
	.byte	VALUE
	.set	VALUE, VALUE + 1
	.byte	VALUE
	.equ	LATER, later - count
	.byte	LATER
	.equiv	ONCE, 0x55
	.byte	ONCE
	.weak	later
later:
	.word	.

	.bss
	.align	4
zeros:	.zero	32
	.skip	4
	.space	4
	.p2align	3
	.balign	8

	.section	.sdata, "aw", @progbits
small:	.word	7
	.pushsection	.rodata.extra, "a"
extra:	.byte	9
	.popsection
	.word	8
	.data
	.byte	10
	.previous
	.word	11
	.section	.sbss, "aw", @nobits
	.zero	8
	.section	.text.more, "ax"
	ret
	.text
	ebreak
	.local	shared
	.comm	shared, 12, 8
	.lcomm	scratch, 3
	.lcomm	wide, 16
	.data
	.word	shared, scratch, wide

	.section	.text.org, "ax"
vectors:
	j	_start
	.org	0x10
	j	main
	.org	vectors + 0x20, 0xff
	ebreak
	.end
	This line and the next are after .end: never assembled.
	frobnicate 1, 2, 3

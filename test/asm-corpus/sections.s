# Sections: the standard ones and their `.name.suffix` and small-data variants gathered into one output
# section each, custom sections by flags, and alignment fills in data.
	.section	.data.first, "aw"
first:	.byte	1
	.section	".rodata.str", "a"
str:	.asciz	"text"
	.section	.srodata, "a"
	.balign	8, 0x5a
srodata:	.word	0x12345678
	.section	.sdata, "aw", @progbits
sdata:	.half	7
	.section	.sbss, "aw", @nobits
sbss:	.skip	3
	.section	.bss.big, "aw", @nobits
	.p2align	5
big:	.zero	100
	.section	.mydata, "aw"
mine:	.byte	9
	.p2align	3, 0xcc
	.byte	10
	.balign	16, 0x77, 3	# would need 7 bytes: skipped
	.byte	11
	.section	.myconst, "a"
const:	.word	mine, first, str
	.section	.mycode, "ax"
	.p2align	3
code:	ret
	.text
	.globl	_start
_start:
	la	a0, first
	la	a1, mine
	call	code
	lw	a2, sdata
	sw	a2, sbss, t0
	j	.
	.section	.text.unlikely, "ax"
cold:	ebreak
	.section	.data, "aw"
	.word	big

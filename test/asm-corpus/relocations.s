# Relocation functions and references across sections (absolute, pc-relative, and both rounding
# directions of %hi/%lo), resolved after layout the way GNU ld resolves GNU as's relocations.
	.text
	.globl	_start
_start:
	lui	a0, %hi(data_word)
	addi	a0, a0, %lo(data_word)
	lw	a1, %lo(data_word)(a0)
	sw	a1, %lo(data_word + 4)(a0)
	lui	a4, %hi(low_half)
	addi	a4, a4, %lo(low_half)
	lui	a5, %hi(0x12345fff)
	addi	a5, a5, %lo(0x12345fff)
	lui	a6, %hi(data_word) + 0x800	# GNU as folds the addend in: %hi(data_word + 0x800)
	lw	a6, %lo(data_word) + 4(a6)
	sw	a6, %lo(data_word + 8) - 8(a6)
.Lpc:	auipc	t0, %pcrel_hi(data_word)
	lw	t1, %pcrel_lo(.Lpc)(t0)
	sw	t1, %pcrel_lo(.Lpc)(t0)
	addi	t2, t0, %pcrel_lo(.Lpc)
1:	auipc	a2, %pcrel_hi(table + 12)
	addi	a2, a2, %pcrel_lo(1b)
2:	auipc	a3, %pcrel_hi(_start)
	jalr	ra, %pcrel_lo(2b)(a3)
	la	a3, far_data
	lla	a4, zeroed
	lw	a5, far_data
	sw	a5, zeroed + 4, t3
	call	far_func
	tail	far_func
	jal	far_func
	j	far_func
	beq	a0, a1, far_func
	bnez	a0, _start
	ret

	.section	.text.far, "ax"
far_func:
	call	_start
	ret

	.section	.rodata
	.align	2
table:
	.word	_start, data_word, table_end - table, ., _start + 4
	.half	table_end - table
	.byte	(table_end - table) / 4, far_func - _start
	.align	3
	.dword	far_data
table_end:

	.data
	.align	4
	.skip	0x7f0
data_word:
	.word	0x11223344, 0
low_half:
	.word	zeroed
	.skip	0x900
far_data:
	.word	far_data - data_word

	.bss
	.align	2
zeroed:	.zero	8

# Constant expressions: number bases, character literals, operators (parenthesised wherever C and
# GNU as precedence differ), the location counter, label differences and symbol assignment.
	.data
numbers:
	.word	0, 42, -42, 0x2a, 0X2A, 0x7fffffff, 0xffffffff, -0x80000000
	.word	052, 0b101010, 0B11, 00
	# GNU as knows only simple escapes in character literals ('\0' is '0' there, C's NUL here).
	.byte	'a', 'Z', '0', ' ', '\n', '\t', '\\', '\''
	.align	2
operators:
	.word	1 + 2, 10 - 3, 6 * 7, 100 / 7, 100 % 7, -100 / 7, -100 % 7
	.word	1 << 4, 0x80 >> 3, (-1 >> 28) & 0xffffffff, (1 << 31) >> 31
	.word	0xf0 & 0x3c, 0xf0 | 0x0f, 0xff ^ 0x0f, ~0, ~0x0f, -(-7), +5
	.word	!0, !1, !!5
	.word	3 == 3, 3 == 4, 3 != 4, 3 <> 3, 2 < 3, 3 < 2, 2 <= 2, 3 > 2, 2 >= 3
	.word	1 && 2, 1 && 0, 0 || 0, 0 || 7
	.word	(1 + 2) * 3, 2 * (3 + 4), ((1 << 4) + 1) << 2, (10 - 2) - 3, 100 / (5 * 2)
	.word	(1 + 2) << 3, 1 + (2 << 3), (6 & 3) + 1, 6 & (3 + 1)
location:
	.word	., . - location, . + 4 - location
	.word	labels_end - labels_start, (labels_end - labels_start) * 2
	sum = 1 + 2
	.set	twice, sum * 2
	.equ	neg, -twice
	.word	sum, twice, neg, later_value
	.equ	later_value, labels_end - location
labels_start:
	.byte	1, 2, 3
labels_end:
	.align	2
$dollar.name_1:
	.word	$dollar.name_1 - labels_start
	.text
	.globl	_start
_start:
	li	a0, (1 << 12) | 0x34
	li	a1, 'A' + 1
	li	a2, -(1 << 11)
	li	a3, (0x12 << 24) | (0x34 << 16)
	slli	a6, a6, (1 << 2) + 1
	csrrs	a7, 0x300 + 4, zero
10:	j	10f
	j	10b
10:	j	10b
	lui	t0, (0xfffff & 0x12345)
	ret

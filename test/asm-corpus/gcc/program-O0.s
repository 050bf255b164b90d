	.file	"program.c"
	.option nopic
	.attribute arch, "rv32i2p1_m2p0_a2p1_zicsr2p0_zifencei2p0"
	.attribute unaligned_access, 0
	.attribute stack_align, 16
	.text
	.section	.srodata,"a"
	.align	2
	.type	uart, @object
	.size	uart, 4
uart:
	.word	268435456
	.globl	counter
	.section	.sbss,"aw",@nobits
	.align	2
	.type	counter, @object
	.size	counter, 4
counter:
	.zero	4
	.globl	limit
	.section	.sdata,"aw"
	.align	2
	.type	limit, @object
	.size	limit, 4
limit:
	.word	42
	.section	.rodata
	.align	2
.LC0:
	.string	"zero"
	.align	2
.LC1:
	.string	"one"
	.align	2
.LC2:
	.string	"two"
	.align	2
.LC3:
	.string	"three"
	.align	2
.LC4:
	.string	"four"
	.align	2
.LC5:
	.string	"five"
	.align	2
	.type	names, @object
	.size	names, 24
names:
	.word	.LC0
	.word	.LC1
	.word	.LC2
	.word	.LC3
	.word	.LC4
	.word	.LC5
	.local	table
	.comm	table,1024,4
	.globl	big
	.section	.sdata
	.align	3
	.type	big, @object
	.size	big, 8
big:
	.word	-1985229329
	.word	19088743
	.text
	.align	2
	.type	putc_, @function
putc_:
	addi	sp,sp,-32
	sw	s0,28(sp)
	addi	s0,sp,32
	mv	a5,a0
	sb	a5,-17(s0)
	li	a5,268435456
	lbu	a4,-17(s0)
	sb	a4,0(a5)
	nop
	lw	s0,28(sp)
	addi	sp,sp,32
	jr	ra
	.size	putc_, .-putc_
	.align	2
	.globl	puts_
	.type	puts_, @function
puts_:
	addi	sp,sp,-32
	sw	ra,28(sp)
	sw	s0,24(sp)
	addi	s0,sp,32
	sw	a0,-20(s0)
	j	.L3
.L4:
	lw	a5,-20(s0)
	addi	a4,a5,1
	sw	a4,-20(s0)
	lbu	a5,0(a5)
	mv	a0,a5
	call	putc_
.L3:
	lw	a5,-20(s0)
	lbu	a5,0(a5)
	bne	a5,zero,.L4
	nop
	nop
	lw	ra,28(sp)
	lw	s0,24(sp)
	addi	sp,sp,32
	jr	ra
	.size	puts_, .-puts_
	.align	2
	.type	make_table, @function
make_table:
	addi	sp,sp,-32
	sw	s0,28(sp)
	addi	s0,sp,32
	sw	zero,-20(s0)
	j	.L6
.L11:
	lw	a5,-20(s0)
	sw	a5,-24(s0)
	sw	zero,-28(s0)
	j	.L7
.L10:
	lw	a5,-24(s0)
	andi	a5,a5,1
	beq	a5,zero,.L8
	lw	a5,-24(s0)
	srli	a4,a5,1
	li	a5,-306675712
	addi	a5,a5,800
	xor	a5,a4,a5
	j	.L9
.L8:
	lw	a5,-24(s0)
	srli	a5,a5,1
.L9:
	sw	a5,-24(s0)
	lw	a5,-28(s0)
	addi	a5,a5,1
	sw	a5,-28(s0)
.L7:
	lw	a4,-28(s0)
	li	a5,7
	ble	a4,a5,.L10
	lui	a5,%hi(table)
	addi	a4,a5,%lo(table)
	lw	a5,-20(s0)
	slli	a5,a5,2
	add	a5,a4,a5
	lw	a4,-24(s0)
	sw	a4,0(a5)
	lw	a5,-20(s0)
	addi	a5,a5,1
	sw	a5,-20(s0)
.L6:
	lw	a4,-20(s0)
	li	a5,255
	bleu	a4,a5,.L11
	nop
	nop
	lw	s0,28(sp)
	addi	sp,sp,32
	jr	ra
	.size	make_table, .-make_table
	.align	2
	.globl	crc32
	.type	crc32, @function
crc32:
	addi	sp,sp,-48
	sw	s0,44(sp)
	addi	s0,sp,48
	sw	a0,-36(s0)
	sw	a1,-40(s0)
	li	a5,-1
	sw	a5,-20(s0)
	j	.L13
.L14:
	lw	a5,-36(s0)
	addi	a4,a5,1
	sw	a4,-36(s0)
	lbu	a5,0(a5)
	mv	a4,a5
	lw	a5,-20(s0)
	xor	a5,a4,a5
	andi	a5,a5,255
	lui	a4,%hi(table)
	addi	a4,a4,%lo(table)
	slli	a5,a5,2
	add	a5,a4,a5
	lw	a4,0(a5)
	lw	a5,-20(s0)
	srli	a5,a5,8
	xor	a5,a4,a5
	sw	a5,-20(s0)
.L13:
	lw	a5,-40(s0)
	addi	a4,a5,-1
	sw	a4,-40(s0)
	bne	a5,zero,.L14
	lw	a5,-20(s0)
	not	a5,a5
	mv	a0,a5
	lw	s0,44(sp)
	addi	sp,sp,48
	jr	ra
	.size	crc32, .-crc32
	.section	.rodata
	.align	2
.LC6:
	.string	"none"
	.align	2
.LC7:
	.string	"single"
	.align	2
.LC8:
	.string	"pair"
	.align	2
.LC9:
	.string	"triple"
	.align	2
.LC10:
	.string	"quad"
	.align	2
.LC11:
	.string	"seven"
	.text
	.align	2
	.globl	describe
	.type	describe, @function
describe:
	addi	sp,sp,-32
	sw	s0,28(sp)
	addi	s0,sp,32
	sw	a0,-20(s0)
	lw	a4,-20(s0)
	li	a5,7
	bgtu	a4,a5,.L17
	lw	a5,-20(s0)
	slli	a4,a5,2
	lui	a5,%hi(.L19)
	addi	a5,a5,%lo(.L19)
	add	a5,a4,a5
	lw	a5,0(a5)
	jr	a5
	.section	.rodata
	.align	2
	.align	2
.L19:
	.word	.L25
	.word	.L24
	.word	.L23
	.word	.L22
	.word	.L21
	.word	.L20
	.word	.L17
	.word	.L18
	.text
.L25:
	lui	a5,%hi(.LC6)
	addi	a5,a5,%lo(.LC6)
	j	.L26
.L24:
	lui	a5,%hi(.LC7)
	addi	a5,a5,%lo(.LC7)
	j	.L26
.L23:
	lui	a5,%hi(.LC8)
	addi	a5,a5,%lo(.LC8)
	j	.L26
.L22:
	lui	a5,%hi(.LC9)
	addi	a5,a5,%lo(.LC9)
	j	.L26
.L21:
	lui	a5,%hi(.LC10)
	addi	a5,a5,%lo(.LC10)
	j	.L26
.L20:
	lui	a5,%hi(.LC5)
	addi	a5,a5,%lo(.LC5)
	j	.L26
.L18:
	lui	a5,%hi(.LC11)
	addi	a5,a5,%lo(.LC11)
	j	.L26
.L17:
	lw	a4,-20(s0)
	li	a5,6
	rem	a5,a4,a5
	lui	a4,%hi(names)
	addi	a4,a4,%lo(names)
	slli	a5,a5,2
	add	a5,a4,a5
	lw	a5,0(a5)
.L26:
	mv	a0,a5
	lw	s0,28(sp)
	addi	sp,sp,32
	jr	ra
	.size	describe, .-describe
	.align	2
	.globl	divide
	.type	divide, @function
divide:
	addi	sp,sp,-32
	sw	s0,28(sp)
	addi	s0,sp,32
	sw	a0,-20(s0)
	sw	a1,-24(s0)
	lw	a5,-24(s0)
	beq	a5,zero,.L28
	lw	a4,-20(s0)
	lw	a5,-24(s0)
	div	a4,a4,a5
	lw	a3,-20(s0)
	lw	a5,-24(s0)
	rem	a5,a3,a5
	add	a5,a4,a5
	j	.L30
.L28:
	li	a5,-1
.L30:
	mv	a0,a5
	lw	s0,28(sp)
	addi	sp,sp,32
	jr	ra
	.size	divide, .-divide
	.align	2
	.globl	atomic_bump
	.type	atomic_bump, @function
atomic_bump:
	addi	sp,sp,-32
	sw	s0,28(sp)
	addi	s0,sp,32
	sw	a0,-20(s0)
	lw	a5,-20(s0)
	li	a4,1
	fence iorw,ow; amoadd.w.aq a3,a4,0(a5)
	mv	a5,a3
	mv	a0,a5
	lw	s0,28(sp)
	addi	sp,sp,32
	jr	ra
	.size	atomic_bump, .-atomic_bump
	.align	2
	.globl	read_cycle
	.type	read_cycle, @function
read_cycle:
	addi	sp,sp,-32
	sw	s0,28(sp)
	addi	s0,sp,32
 #APP
# 54 "program.c" 1
	csrr a5, cycle
# 0 "" 2
 #NO_APP
	sw	a5,-20(s0)
	lw	a5,-20(s0)
	mv	a0,a5
	lw	s0,28(sp)
	addi	sp,sp,32
	jr	ra
	.size	read_cycle, .-read_cycle
	.section	.rodata
	.align	2
.LC12:
	.string	"0123456789abcdef"
	.text
	.align	2
	.type	print_hex, @function
print_hex:
	addi	sp,sp,-48
	sw	ra,44(sp)
	sw	s0,40(sp)
	addi	s0,sp,48
	sw	a0,-36(s0)
	li	a5,28
	sw	a5,-20(s0)
	j	.L36
.L37:
	lw	a5,-20(s0)
	lw	a4,-36(s0)
	srl	a5,a4,a5
	andi	a5,a5,15
	lui	a4,%hi(.LC12)
	addi	a4,a4,%lo(.LC12)
	add	a5,a4,a5
	lbu	a5,0(a5)
	mv	a0,a5
	call	putc_
	lw	a5,-20(s0)
	addi	a5,a5,-4
	sw	a5,-20(s0)
.L36:
	lw	a5,-20(s0)
	bge	a5,zero,.L37
	nop
	nop
	lw	ra,44(sp)
	lw	s0,40(sp)
	addi	sp,sp,48
	jr	ra
	.size	print_hex, .-print_hex
	.section	.rodata
	.align	2
.LC13:
	.string	"crc: "
	.align	2
.LC14:
	.string	"hello, world"
	.text
	.align	2
	.globl	main
	.type	main, @function
main:
	addi	sp,sp,-32
	sw	ra,28(sp)
	sw	s0,24(sp)
	sw	s1,20(sp)
	addi	s0,sp,32
	call	make_table
	lui	a5,%hi(.LC13)
	addi	a0,a5,%lo(.LC13)
	call	puts_
	li	a1,12
	lui	a5,%hi(.LC14)
	addi	a0,a5,%lo(.LC14)
	call	crc32
	mv	a5,a0
	mv	a0,a5
	call	print_hex
	sw	zero,-20(s0)
	j	.L39
.L40:
	lw	a0,-20(s0)
	call	describe
	mv	a5,a0
	mv	a0,a5
	call	puts_
	lw	a5,-20(s0)
	addi	a5,a5,1
	sw	a5,-20(s0)
.L39:
	lw	a4,-20(s0)
	li	a5,8
	ble	a4,a5,.L40
	lui	a5,%hi(limit)
	lw	a5,%lo(limit)(a5)
	li	a1,5
	mv	a0,a5
	call	divide
	mv	a3,a0
	lui	a5,%hi(big)
	lw	a4,%lo(big)(a5)
	lw	a5,%lo(big+4)(a5)
	mv	a5,a4
	add	a4,a3,a5
	lui	a5,%hi(counter)
	lw	a5,%lo(counter)(a5)
	add	a4,a4,a5
	lui	a5,%hi(counter)
	sw	a4,%lo(counter)(a5)
	lui	a5,%hi(counter)
	addi	a0,a5,%lo(counter)
	call	atomic_bump
	mv	s1,a0
	call	read_cycle
	mv	a5,a0
	add	a5,s1,a5
	snez	a5,a5
	andi	a5,a5,0xff
	mv	a0,a5
	lw	ra,28(sp)
	lw	s0,24(sp)
	lw	s1,20(sp)
	addi	sp,sp,32
	jr	ra
	.size	main, .-main

	.file	"program.c"
	.option nopic
	.attribute arch, "rv32i2p1_m2p0_a2p1_zicsr2p0_zifencei2p0"
	.attribute unaligned_access, 0
	.attribute stack_align, 16
	.text
	.align	2
	.globl	puts_
	.type	puts_, @function
puts_:
	lbu	a5,0(a0)
	beq	a5,zero,.L1
	li	a4,268435456
.L3:
	addi	a0,a0,1
	sb	a5,0(a4)
	lbu	a5,0(a0)
	bne	a5,zero,.L3
.L1:
	ret
	.size	puts_, .-puts_
	.align	2
	.globl	crc32
	.type	crc32, @function
crc32:
	beq	a1,zero,.L12
	lui	a2,%hi(.LANCHOR0)
	add	a1,a0,a1
	li	a4,-1
	addi	a2,a2,%lo(.LANCHOR0)
.L11:
	lbu	a5,0(a0)
	srli	a3,a4,8
	addi	a0,a0,1
	xor	a5,a5,a4
	andi	a5,a5,255
	slli	a5,a5,2
	add	a5,a2,a5
	lw	a4,0(a5)
	xor	a4,a4,a3
	bne	a0,a1,.L11
	not	a0,a4
	ret
.L12:
	li	a0,0
	ret
	.size	crc32, .-crc32
	.section	.rodata.str1.4,"aMS",@progbits,1
	.align	2
.LC0:
	.string	"none"
	.align	2
.LC1:
	.string	"single"
	.align	2
.LC2:
	.string	"pair"
	.align	2
.LC3:
	.string	"triple"
	.align	2
.LC4:
	.string	"quad"
	.align	2
.LC5:
	.string	"five"
	.align	2
.LC6:
	.string	"seven"
	.text
	.align	2
	.globl	describe
	.type	describe, @function
describe:
	li	a5,7
	bgtu	a0,a5,.L15
	lui	a4,%hi(.L17)
	slli	a5,a0,2
	addi	a4,a4,%lo(.L17)
	add	a5,a5,a4
	lw	a5,0(a5)
	jr	a5
	.section	.rodata
	.align	2
	.align	2
.L17:
	.word	.L23
	.word	.L24
	.word	.L21
	.word	.L20
	.word	.L19
	.word	.L18
	.word	.L15
	.word	.L16
	.text
.L24:
	lui	a0,%hi(.LC1)
	addi	a0,a0,%lo(.LC1)
	ret
.L21:
	lui	a0,%hi(.LC2)
	addi	a0,a0,%lo(.LC2)
	ret
.L20:
	lui	a0,%hi(.LC3)
	addi	a0,a0,%lo(.LC3)
	ret
.L19:
	lui	a0,%hi(.LC4)
	addi	a0,a0,%lo(.LC4)
	ret
.L18:
	lui	a0,%hi(.LC5)
	addi	a0,a0,%lo(.LC5)
	ret
.L16:
	lui	a0,%hi(.LC6)
	addi	a0,a0,%lo(.LC6)
	ret
.L23:
	lui	a0,%hi(.LC0)
	addi	a0,a0,%lo(.LC0)
	ret
.L15:
	li	a5,6
	rem	a0,a0,a5
	lui	a5,%hi(.LANCHOR1)
	addi	a5,a5,%lo(.LANCHOR1)
	slli	a0,a0,2
	add	a5,a5,a0
	lw	a0,0(a5)
	ret
	.size	describe, .-describe
	.align	2
	.globl	divide
	.type	divide, @function
divide:
	beq	a1,zero,.L27
	div	a5,a0,a1
	rem	a0,a0,a1
	add	a0,a5,a0
	ret
.L27:
	li	a0,-1
	ret
	.size	divide, .-divide
	.align	2
	.globl	atomic_bump
	.type	atomic_bump, @function
atomic_bump:
	mv	a5,a0
	li	a4,1
	fence iorw,ow; amoadd.w.aq a0,a4,0(a5)
	ret
	.size	atomic_bump, .-atomic_bump
	.align	2
	.globl	read_cycle
	.type	read_cycle, @function
read_cycle:
 #APP
# 54 "program.c" 1
	csrr a0, cycle
# 0 "" 2
 #NO_APP
	ret
	.size	read_cycle, .-read_cycle
	.section	.rodata.str1.4
	.align	2
.LC7:
	.string	"crc: "
	.align	2
.LC8:
	.string	"hello, world"
	.align	2
.LC9:
	.string	"0123456789abcdef"
	.section	.text.startup,"ax",@progbits
	.align	2
	.globl	main
	.type	main, @function
main:
	addi	sp,sp,-16
	lui	a0,%hi(.LANCHOR0)
	li	a2,-306675712
	sw	ra,12(sp)
	sw	s0,8(sp)
	sw	s1,4(sp)
	sw	s2,0(sp)
	addi	a0,a0,%lo(.LANCHOR0)
	li	a1,0
	addi	a2,a2,800
	li	a6,256
.L33:
	mv	a5,a1
	li	a4,8
.L32:
	andi	a3,a5,1
	addi	a4,a4,-1
	srli	a5,a5,1
	beq	a3,zero,.L31
	xor	a5,a5,a2
.L31:
	bne	a4,zero,.L32
	sw	a5,0(a0)
	addi	a1,a1,1
	addi	a0,a0,4
	bne	a1,a6,.L33
	lui	a5,%hi(.LC7)
	li	a4,99
	addi	a5,a5,%lo(.LC7)
	li	a3,268435456
.L34:
	addi	a5,a5,1
	sb	a4,0(a3)
	lbu	a4,0(a5)
	bne	a4,zero,.L34
	lui	a0,%hi(.LC8)
	li	a1,12
	addi	a0,a0,%lo(.LC8)
	call	crc32
	lui	a3,%hi(.LC9)
	mv	a2,a0
	li	a4,28
	addi	a3,a3,%lo(.LC9)
	li	a0,268435456
	li	a1,-4
.L35:
	srl	a5,a2,a4
	andi	a5,a5,15
	add	a5,a3,a5
	lbu	a5,0(a5)
	addi	a4,a4,-4
	sb	a5,0(a0)
	bne	a4,a1,.L35
	li	s1,0
	li	s0,268435456
	li	s2,9
.L37:
	mv	a0,s1
	call	describe
	lbu	a5,0(a0)
	beq	a5,zero,.L39
.L36:
	addi	a0,a0,1
	sb	a5,0(s0)
	lbu	a5,0(a0)
	bne	a5,zero,.L36
.L39:
	addi	s1,s1,1
	bne	s1,s2,.L37
	lui	a5,%hi(limit)
	lw	a3,%lo(limit)(a5)
	li	a2,5
	lui	a1,%hi(big)
	div	a5,a3,a2
	lw	a0,%lo(big)(a1)
	lui	a4,%hi(counter)
	lw	a1,%lo(counter)(a4)
	rem	a3,a3,a2
	add	a5,a5,a3
	add	a5,a5,a0
	add	a5,a5,a1
	sw	a5,%lo(counter)(a4)
	li	a3,1
	addi	a4,a4,%lo(counter)
	fence iorw,ow; amoadd.w.aq a5,a3,0(a4)
 #APP
# 54 "program.c" 1
	csrr a0, cycle
# 0 "" 2
 #NO_APP
	lw	ra,12(sp)
	lw	s0,8(sp)
	add	a0,a0,a5
	lw	s1,4(sp)
	lw	s2,0(sp)
	snez	a0,a0
	addi	sp,sp,16
	jr	ra
	.size	main, .-main
	.globl	big
	.section	.rodata.str1.4
	.align	2
.LC10:
	.string	"zero"
	.align	2
.LC11:
	.string	"one"
	.align	2
.LC12:
	.string	"two"
	.align	2
.LC13:
	.string	"three"
	.align	2
.LC14:
	.string	"four"
	.globl	limit
	.globl	counter
	.bss
	.align	2
	.set	.LANCHOR0,. + 0
	.type	table, @object
	.size	table, 1024
table:
	.zero	1024
	.section	.rodata
	.align	2
	.set	.LANCHOR1,. + 0
	.type	names, @object
	.size	names, 24
names:
	.word	.LC10
	.word	.LC11
	.word	.LC12
	.word	.LC13
	.word	.LC14
	.word	.LC5
	.section	.sbss,"aw",@nobits
	.align	2
	.type	counter, @object
	.size	counter, 4
counter:
	.zero	4
	.section	.sdata,"aw"
	.align	3
	.type	big, @object
	.size	big, 8
big:
	.word	-1985229329
	.word	19088743
	.type	limit, @object
	.size	limit, 4
limit:
	.word	42

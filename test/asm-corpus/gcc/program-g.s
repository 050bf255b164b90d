	.file	"program.c"
	.option nopic
	.attribute arch, "rv32i2p1_m2p0_a2p1_zicsr2p0_zifencei2p0"
	.attribute unaligned_access, 0
	.attribute stack_align, 16
	.text
.Ltext0:
	.cfi_sections	.debug_frame
	.file 0 "." "program.c"
	.align	2
	.globl	puts_
	.type	puts_, @function
puts_:
.LFB1:
	.file 1 "program.c"
	.loc 1 17 27
	.cfi_startproc
.LVL0:
	.loc 1 18 2
	.loc 1 18 9
	lbu	a5,0(a0)
	beq	a5,zero,.L1
.LBB27:
.LBB28:
	.loc 1 15 35 is_stmt 0
	li	a4,268435456
.L3:
.LBE28:
.LBE27:
	.loc 1 18 13 is_stmt 1 discriminator 2
	.loc 1 18 21 is_stmt 0 discriminator 2
	addi	a0,a0,1
.LVL1:
.LBB30:
.LBB29:
	.loc 1 15 29 is_stmt 1 discriminator 2
	.loc 1 15 35 is_stmt 0 discriminator 2
	sb	a5,0(a4)
.LVL2:
.LBE29:
.LBE30:
	.loc 1 18 9 is_stmt 1 discriminator 2
	lbu	a5,0(a0)
	bne	a5,zero,.L3
.L1:
	.loc 1 19 1 is_stmt 0
	ret
	.cfi_endproc
.LFE1:
	.size	puts_, .-puts_
	.align	2
	.globl	crc32
	.type	crc32, @function
crc32:
.LFB3:
	.loc 1 29 33 is_stmt 1
	.cfi_startproc
.LVL3:
	.loc 1 30 2
	.loc 1 31 2
	.loc 1 31 9
	beq	a1,zero,.L12
	lui	a2,%hi(.LANCHOR0)
	add	a1,a0,a1
.LVL4:
	.loc 1 30 6 is_stmt 0
	li	a4,-1
	addi	a2,a2,%lo(.LANCHOR0)
.LVL5:
.L11:
	.loc 1 31 14 is_stmt 1 discriminator 2
	.loc 1 31 29 is_stmt 0 discriminator 2
	lbu	a5,0(a0)
	.loc 1 31 63 discriminator 2
	srli	a3,a4,8
	.loc 1 31 46 discriminator 2
	addi	a0,a0,1
.LVL6:
	.loc 1 31 27 discriminator 2
	xor	a5,a5,a4
	.loc 1 31 50 discriminator 2
	andi	a5,a5,255
	.loc 1 31 23 discriminator 2
	slli	a5,a5,2
	add	a5,a2,a5
	lw	a4,0(a5)
.LVL7:
	.loc 1 31 16 discriminator 2
	xor	a4,a4,a3
.LVL8:
	.loc 1 31 9 is_stmt 1 discriminator 2
	bne	a0,a1,.L11
	.loc 1 32 9 is_stmt 0
	not	a0,a4
.LVL9:
	ret
.LVL10:
.L12:
	.loc 1 31 9
	li	a0,0
.LVL11:
	.loc 1 32 2 is_stmt 1
	.loc 1 33 1 is_stmt 0
	ret
	.cfi_endproc
.LFE3:
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
.LFB4:
	.loc 1 35 29 is_stmt 1
	.cfi_startproc
.LVL12:
	.loc 1 36 2
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
.LVL13:
	addi	a0,a0,%lo(.LC1)
	.loc 1 46 1 is_stmt 0
	ret
.LVL14:
.L21:
	.loc 1 39 10 is_stmt 1
	.loc 1 39 17 is_stmt 0
	lui	a0,%hi(.LC2)
.LVL15:
	addi	a0,a0,%lo(.LC2)
	ret
.LVL16:
.L20:
	.loc 1 40 10 is_stmt 1
	.loc 1 40 17 is_stmt 0
	lui	a0,%hi(.LC3)
.LVL17:
	addi	a0,a0,%lo(.LC3)
	ret
.LVL18:
.L19:
	.loc 1 41 10 is_stmt 1
	.loc 1 41 17 is_stmt 0
	lui	a0,%hi(.LC4)
.LVL19:
	addi	a0,a0,%lo(.LC4)
	ret
.LVL20:
.L18:
	.loc 1 42 10 is_stmt 1
	.loc 1 42 17 is_stmt 0
	lui	a0,%hi(.LC5)
.LVL21:
	addi	a0,a0,%lo(.LC5)
	ret
.LVL22:
.L16:
	.loc 1 43 10 is_stmt 1
	.loc 1 43 17 is_stmt 0
	lui	a0,%hi(.LC6)
.LVL23:
	addi	a0,a0,%lo(.LC6)
	ret
.LVL24:
.L23:
	.loc 1 37 17
	lui	a0,%hi(.LC0)
.LVL25:
	addi	a0,a0,%lo(.LC0)
	ret
.LVL26:
.L15:
	.loc 1 44 11 is_stmt 1
	.loc 1 44 26 is_stmt 0
	li	a5,6
	rem	a0,a0,a5
.LVL27:
	.loc 1 44 23
	lui	a5,%hi(.LANCHOR1)
	addi	a5,a5,%lo(.LANCHOR1)
	slli	a0,a0,2
	add	a5,a5,a0
	lw	a0,0(a5)
	ret
	.cfi_endproc
.LFE4:
	.size	describe, .-describe
	.align	2
	.globl	divide
	.type	divide, @function
divide:
.LFB5:
	.loc 1 48 26 is_stmt 1
	.cfi_startproc
.LVL28:
	.loc 1 48 28
	.loc 1 48 53 is_stmt 0
	beq	a1,zero,.L27
	.loc 1 48 41 discriminator 1
	div	a5,a0,a1
	.loc 1 48 49 discriminator 1
	rem	a0,a0,a1
.LVL29:
	.loc 1 48 53 discriminator 1
	add	a0,a5,a0
	ret
.LVL30:
.L27:
	.loc 1 48 53
	li	a0,-1
.LVL31:
	.loc 1 48 59
	ret
	.cfi_endproc
.LFE5:
	.size	divide, .-divide
	.align	2
	.globl	atomic_bump
	.type	atomic_bump, @function
atomic_bump:
.LFB6:
	.loc 1 50 25 is_stmt 1
	.cfi_startproc
.LVL32:
	.loc 1 50 27
	.loc 1 50 25 is_stmt 0
	mv	a5,a0
	.loc 1 50 34
	li	a4,1
	fence iorw,ow; amoadd.w.aq a0,a4,0(a5)
.LVL33:
	.loc 1 50 78
	ret
	.cfi_endproc
.LFE6:
	.size	atomic_bump, .-atomic_bump
	.align	2
	.globl	read_cycle
	.type	read_cycle, @function
read_cycle:
.LFB7:
	.loc 1 52 22 is_stmt 1
	.cfi_startproc
	.loc 1 53 2
	.loc 1 54 2
 #APP
# 54 "program.c" 1
	csrr a0, cycle
# 0 "" 2
.LVL34:
	.loc 1 55 2
	.loc 1 56 1 is_stmt 0
 #NO_APP
	ret
	.cfi_endproc
.LFE7:
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
.LFB9:
	.loc 1 62 16 is_stmt 1
	.cfi_startproc
	.loc 1 63 2
.LBB55:
	.loc 1 22 2
.LBB56:
	.loc 1 22 7
.LVL35:
	.loc 1 22 20
.LBE56:
.LBE55:
	.loc 1 62 16 is_stmt 0
	addi	sp,sp,-16
	.cfi_def_cfa_offset 16
	lui	a0,%hi(.LANCHOR0)
.LBB68:
.LBB65:
.LBB57:
.LBB58:
	.loc 1 24 66
	li	a2,-306675712
.LBE58:
.LBE57:
.LBE65:
.LBE68:
	.loc 1 62 16
	sw	ra,12(sp)
	sw	s0,8(sp)
	sw	s1,4(sp)
	sw	s2,0(sp)
	.cfi_offset 1, -4
	.cfi_offset 8, -8
	.cfi_offset 9, -12
	.cfi_offset 18, -16
	addi	a0,a0,%lo(.LANCHOR0)
.LBB69:
.LBB66:
	.loc 1 22 11
	li	a1,0
.LBB62:
.LBB59:
	.loc 1 24 66
	addi	a2,a2,800
.LBE59:
.LBE62:
	.loc 1 22 20
	li	a6,256
.LVL36:
.L33:
.LBB63:
.LBB60:
	.loc 1 24 21 is_stmt 1
.LBE60:
.LBE63:
	.loc 1 22 11 is_stmt 0
	mv	a5,a1
	li	a4,8
.LVL37:
.L32:
.LBB64:
.LBB61:
	.loc 1 24 31 is_stmt 1
	.loc 1 24 37 is_stmt 0
	andi	a3,a5,1
	.loc 1 24 21
	addi	a4,a4,-1
	.loc 1 24 60
	srli	a5,a5,1
.LVL38:
	.loc 1 24 66
	beq	a3,zero,.L31
	xor	a5,a5,a2
.L31:
.LVL39:
	.loc 1 24 27 is_stmt 1
	.loc 1 24 21
	bne	a4,zero,.L32
.LBE61:
	.loc 1 25 3
	.loc 1 25 12 is_stmt 0
	sw	a5,0(a0)
.LBE64:
	.loc 1 22 28 is_stmt 1
	addi	a1,a1,1
.LVL40:
	.loc 1 22 20
	addi	a0,a0,4
	bne	a1,a6,.L33
	lui	a5,%hi(.LC7)
.LVL41:
.LBE66:
.LBE69:
.LBB70:
.LBB71:
	.loc 1 18 9 is_stmt 0
	li	a4,99
.LBE71:
.LBE70:
.LBB77:
.LBB67:
	.loc 1 22 20
	addi	a5,a5,%lo(.LC7)
.LBE67:
.LBE77:
.LBB78:
.LBB76:
.LBB72:
.LBB73:
	.loc 1 15 35
	li	a3,268435456
.LVL42:
.L34:
.LBE73:
.LBE72:
	.loc 1 18 13 is_stmt 1
	.loc 1 18 21 is_stmt 0
	addi	a5,a5,1
.LVL43:
.LBB75:
.LBB74:
	.loc 1 15 29 is_stmt 1
	.loc 1 15 35 is_stmt 0
	sb	a4,0(a3)
.LVL44:
.LBE74:
.LBE75:
	.loc 1 18 9 is_stmt 1
	lbu	a4,0(a5)
	bne	a4,zero,.L34
.LVL45:
.LBE76:
.LBE78:
	.loc 1 65 2
	lui	a0,%hi(.LC8)
	li	a1,12
	addi	a0,a0,%lo(.LC8)
	call	crc32
.LVL46:
	lui	a3,%hi(.LC9)
	mv	a2,a0
.LVL47:
.LBB79:
.LBB80:
	.loc 1 59 21
	.loc 1 59 11 is_stmt 0
	li	a4,28
	addi	a3,a3,%lo(.LC9)
.LBB81:
.LBB82:
	.loc 1 15 35
	li	a0,268435456
.LVL48:
.LBE82:
.LBE81:
	.loc 1 59 21
	li	a1,-4
.LVL49:
.L35:
	.loc 1 59 35 is_stmt 1
	.loc 1 59 63 is_stmt 0
	srl	a5,a2,a4
	.loc 1 59 69
	andi	a5,a5,15
	.loc 1 59 35
	add	a5,a3,a5
	lbu	a5,0(a5)
.LVL50:
.LBB85:
.LBB83:
	.loc 1 15 29 is_stmt 1
.LBE83:
.LBE85:
	.loc 1 59 29 is_stmt 0
	addi	a4,a4,-4
.LVL51:
.LBB86:
.LBB84:
	.loc 1 15 35
	sb	a5,0(a0)
.LVL52:
.LBE84:
.LBE86:
	.loc 1 59 29 is_stmt 1
	.loc 1 59 21
	bne	a4,a1,.L35
.LBE80:
.LBE79:
.LBB87:
	.loc 1 66 11 is_stmt 0
	li	s1,0
.LBB88:
.LBB89:
.LBB90:
.LBB91:
	.loc 1 15 35
	li	s0,268435456
.LBE91:
.LBE90:
.LBE89:
.LBE88:
	.loc 1 66 20
	li	s2,9
.LVL53:
.L37:
	.loc 1 66 30 is_stmt 1 discriminator 3
	mv	a0,s1
	call	describe
.LVL54:
.LBB95:
.LBB94:
	.loc 1 18 2 discriminator 3
	.loc 1 18 9 discriminator 3
	lbu	a5,0(a0)
	beq	a5,zero,.L39
.L36:
	.loc 1 18 13
	.loc 1 18 21 is_stmt 0
	addi	a0,a0,1
.LVL55:
.LBB93:
.LBB92:
	.loc 1 15 29 is_stmt 1
	.loc 1 15 35 is_stmt 0
	sb	a5,0(s0)
.LVL56:
.LBE92:
.LBE93:
	.loc 1 18 9 is_stmt 1
	lbu	a5,0(a0)
	bne	a5,zero,.L36
.L39:
.LVL57:
.LBE94:
.LBE95:
	.loc 1 66 26
	addi	s1,s1,1
.LVL58:
	.loc 1 66 20
	bne	s1,s2,.L37
.LBE87:
	.loc 1 67 2
	.loc 1 67 13 is_stmt 0
	lui	a5,%hi(limit)
	lw	a3,%lo(limit)(a5)
.LVL59:
.LBB96:
.LBB97:
	.loc 1 48 28 is_stmt 1
	.loc 1 48 41 is_stmt 0
	li	a2,5
.LBE97:
.LBE96:
	.loc 1 67 30
	lui	a1,%hi(big)
.LBB100:
.LBB98:
	.loc 1 48 41
	div	a5,a3,a2
.LBE98:
.LBE100:
	.loc 1 67 30
	lw	a0,%lo(big)(a1)
	.loc 1 67 10
	lui	a4,%hi(counter)
	lw	a1,%lo(counter)(a4)
.LBB101:
.LBB99:
	.loc 1 48 49
	rem	a3,a3,a2
	.loc 1 48 53
	add	a5,a5,a3
.LBE99:
.LBE101:
	.loc 1 67 30
	add	a5,a5,a0
	.loc 1 67 10
	add	a5,a5,a1
	sw	a5,%lo(counter)(a4)
	.loc 1 68 2 is_stmt 1
.LVL60:
.LBB102:
.LBB103:
	.loc 1 50 27
	.loc 1 50 34 is_stmt 0
	li	a3,1
	addi	a4,a4,%lo(counter)
	fence iorw,ow; amoadd.w.aq a5,a3,0(a4)
.LVL61:
.LBE103:
.LBE102:
.LBB104:
.LBB105:
	.loc 1 53 2 is_stmt 1
	.loc 1 54 2
 #APP
# 54 "program.c" 1
	csrr a0, cycle
# 0 "" 2
.LVL62:
	.loc 1 55 2
 #NO_APP
.LBE105:
.LBE104:
	.loc 1 69 1 is_stmt 0
	lw	ra,12(sp)
	.cfi_restore 1
	lw	s0,8(sp)
	.cfi_restore 8
	.loc 1 68 38
	add	a0,a0,a5
	.loc 1 69 1
	lw	s1,4(sp)
	.cfi_restore 9
.LVL63:
	lw	s2,0(sp)
	.cfi_restore 18
	snez	a0,a0
	addi	sp,sp,16
	.cfi_def_cfa_offset 0
	jr	ra
	.cfi_endproc
.LFE9:
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
	.text
.Letext0:
	.section	.debug_info,"",@progbits
.Ldebug_info0:
	.4byte	0x46b
	.2byte	0x5
	.byte	0x1
	.byte	0x4
	.4byte	.Ldebug_abbrev0
	.byte	0x1a
	.4byte	.LASF19
	.byte	0x1d
	.4byte	.LASF0
	.4byte	.LASF1
	.4byte	.LLRL30
	.4byte	0
	.4byte	.Ldebug_line0
	.byte	0x1b
	.string	"u32"
	.byte	0x1
	.byte	0x6
	.byte	0x16
	.4byte	0x32
	.byte	0x9
	.byte	0x4
	.byte	0x7
	.4byte	.LASF2
	.byte	0x1c
	.4byte	.LASF6
	.byte	0x1
	.byte	0x8
	.byte	0x1d
	.4byte	0x4e
	.4byte	0x10000000
	.byte	0xa
	.4byte	0x5a
	.byte	0x4
	.4byte	0x49
	.byte	0x9
	.byte	0x1
	.byte	0x8
	.4byte	.LASF3
	.byte	0x1d
	.4byte	0x53
	.byte	0x4
	.4byte	0x53
	.byte	0x13
	.4byte	.LASF4
	.byte	0x9
	.4byte	0x74
	.byte	0x5
	.byte	0x3
	.4byte	counter
	.byte	0x1e
	.byte	0x4
	.byte	0x5
	.string	"int"
	.byte	0x13
	.4byte	.LASF5
	.byte	0xa
	.4byte	0x74
	.byte	0x5
	.byte	0x3
	.4byte	limit
	.byte	0x14
	.4byte	0xa5
	.4byte	0x9b
	.byte	0x15
	.4byte	0x32
	.byte	0x5
	.byte	0
	.byte	0x4
	.4byte	0x8b
	.byte	0xa
	.4byte	0x5f
	.byte	0x4
	.4byte	0xa0
	.byte	0x16
	.4byte	.LASF7
	.byte	0xb
	.byte	0x1a
	.4byte	0x9b
	.byte	0x5
	.byte	0x3
	.4byte	names
	.byte	0x14
	.4byte	0x26
	.4byte	0xcb
	.byte	0x15
	.4byte	0x32
	.byte	0xff
	.byte	0
	.byte	0x16
	.4byte	.LASF8
	.byte	0xc
	.byte	0xc
	.4byte	0xbb
	.byte	0x5
	.byte	0x3
	.4byte	table
	.byte	0x1f
	.string	"big"
	.byte	0x1
	.byte	0xd
	.byte	0xb
	.4byte	0xee
	.byte	0x5
	.byte	0x3
	.4byte	big
	.byte	0x9
	.byte	0x8
	.byte	0x5
	.4byte	.LASF9
	.byte	0xb
	.4byte	.LASF13
	.byte	0x3e
	.byte	0x5
	.4byte	0x74
	.4byte	.LFB9
	.4byte	.LFE9-.LFB9
	.byte	0x1
	.byte	0x9c
	.4byte	0x2ac
	.byte	0x20
	.4byte	.LBB87
	.4byte	.LBE87-.LBB87
	.4byte	0x16f
	.byte	0x17
	.string	"i"
	.byte	0x42
	.byte	0xb
	.4byte	0x74
	.4byte	.LLST23
	.byte	0x5
	.4byte	0x3b5
	.4byte	.LBB88
	.4byte	.LLRL24
	.byte	0x42
	.byte	0x1e
	.4byte	0x15e
	.byte	0x1
	.4byte	0x3c2
	.4byte	.LLST25
	.byte	0x6
	.4byte	0x3cc
	.4byte	.LBB90
	.4byte	.LLRL26
	.byte	0x12
	.byte	0xd
	.byte	0x1
	.4byte	0x3d6
	.4byte	.LLST27
	.byte	0
	.byte	0
	.byte	0x18
	.4byte	.LVL54
	.4byte	0x321
	.byte	0xc
	.byte	0x1
	.byte	0x5a
	.byte	0x2
	.byte	0x79
	.byte	0
	.byte	0
	.byte	0
	.byte	0x5
	.4byte	0x389
	.4byte	.LBB55
	.4byte	.LLRL9
	.byte	0x3f
	.byte	0x2
	.4byte	0x1bc
	.byte	0xd
	.4byte	0x393
	.4byte	.LLRL9
	.byte	0x7
	.4byte	0x394
	.4byte	.LLST10
	.byte	0xd
	.4byte	0x39d
	.4byte	.LLRL11
	.byte	0x7
	.4byte	0x39e
	.4byte	.LLST12
	.byte	0xd
	.4byte	0x3a7
	.4byte	.LLRL13
	.byte	0x7
	.4byte	0x3a8
	.4byte	.LLST14
	.byte	0
	.byte	0
	.byte	0
	.byte	0
	.byte	0x5
	.4byte	0x3b5
	.4byte	.LBB70
	.4byte	.LLRL15
	.byte	0x40
	.byte	0x2
	.4byte	0x1f2
	.byte	0x1
	.4byte	0x3c2
	.4byte	.LLST16
	.byte	0x6
	.4byte	0x3cc
	.4byte	.LBB72
	.4byte	.LLRL17
	.byte	0x12
	.byte	0xd
	.byte	0x1
	.4byte	0x3d6
	.4byte	.LLST18
	.byte	0
	.byte	0
	.byte	0xe
	.4byte	0x2ac
	.4byte	.LBB79
	.4byte	.LBE79-.LBB79
	.byte	0x41
	.byte	0x2
	.4byte	0x23f
	.byte	0x1
	.4byte	0x2b6
	.4byte	.LLST19
	.byte	0x21
	.4byte	0x2bf
	.4byte	.LBB80
	.4byte	.LBE80-.LBB80
	.byte	0x7
	.4byte	0x2c0
	.4byte	.LLST20
	.byte	0x6
	.4byte	0x3cc
	.4byte	.LBB81
	.4byte	.LLRL21
	.byte	0x3b
	.byte	0x23
	.byte	0x1
	.4byte	0x3d6
	.4byte	.LLST22
	.byte	0
	.byte	0
	.byte	0
	.byte	0x5
	.4byte	0x300
	.4byte	.LBB96
	.4byte	.LLRL28
	.byte	0x43
	.byte	0xd
	.4byte	0x25d
	.byte	0x19
	.4byte	0x317
	.byte	0x19
	.4byte	0x30e
	.byte	0
	.byte	0xe
	.4byte	0x2e3
	.4byte	.LBB102
	.4byte	.LBE102-.LBB102
	.byte	0x44
	.byte	0x9
	.4byte	0x27a
	.byte	0x1
	.4byte	0x2f1
	.4byte	.LLST29
	.byte	0
	.byte	0xe
	.4byte	0x2cb
	.4byte	.LBB104
	.4byte	.LBE104-.LBB104
	.byte	0x44
	.byte	0x28
	.4byte	0x293
	.byte	0x22
	.4byte	0x2d9
	.byte	0
	.byte	0x18
	.4byte	.LVL46
	.4byte	0x348
	.byte	0xc
	.byte	0x1
	.byte	0x5a
	.byte	0x5
	.byte	0x3
	.4byte	.LC8
	.byte	0xc
	.byte	0x1
	.byte	0x5b
	.byte	0x1
	.byte	0x3c
	.byte	0
	.byte	0
	.byte	0xf
	.4byte	.LASF16
	.byte	0x3a
	.4byte	0x2cb
	.byte	0x2
	.string	"v"
	.byte	0x3a
	.byte	0x1b
	.4byte	0x26
	.byte	0x8
	.byte	0x3
	.string	"i"
	.byte	0x3b
	.byte	0xb
	.4byte	0x74
	.byte	0
	.byte	0
	.byte	0x10
	.4byte	.LASF10
	.byte	0x34
	.4byte	0x26
	.4byte	0x2e3
	.byte	0x3
	.string	"v"
	.byte	0x35
	.byte	0x6
	.4byte	0x26
	.byte	0
	.byte	0x10
	.4byte	.LASF11
	.byte	0x32
	.4byte	0x26
	.4byte	0x2fb
	.byte	0x2
	.string	"p"
	.byte	0x32
	.byte	0x16
	.4byte	0x2fb
	.byte	0
	.byte	0xa
	.4byte	0x26
	.byte	0x10
	.4byte	.LASF12
	.byte	0x30
	.4byte	0x74
	.4byte	0x321
	.byte	0x2
	.string	"a"
	.byte	0x30
	.byte	0x10
	.4byte	0x74
	.byte	0x2
	.string	"b"
	.byte	0x30
	.byte	0x17
	.4byte	0x74
	.byte	0
	.byte	0xb
	.4byte	.LASF14
	.byte	0x23
	.byte	0xd
	.4byte	0xa0
	.4byte	.LFB4
	.4byte	.LFE4-.LFB4
	.byte	0x1
	.byte	0x9c
	.4byte	0x348
	.byte	0x11
	.string	"x"
	.byte	0x23
	.byte	0x1a
	.4byte	0x74
	.4byte	.LLST6
	.byte	0
	.byte	0xb
	.4byte	.LASF15
	.byte	0x1d
	.byte	0x5
	.4byte	0x26
	.4byte	.LFB3
	.4byte	.LFE3-.LFB3
	.byte	0x1
	.byte	0x9c
	.4byte	0x389
	.byte	0x11
	.string	"p"
	.byte	0x1d
	.byte	0x17
	.4byte	0xa0
	.4byte	.LLST3
	.byte	0x11
	.string	"n"
	.byte	0x1d
	.byte	0x1e
	.4byte	0x74
	.4byte	.LLST4
	.byte	0x17
	.string	"c"
	.byte	0x1e
	.byte	0x6
	.4byte	0x26
	.4byte	.LLST5
	.byte	0
	.byte	0xf
	.4byte	.LASF17
	.byte	0x15
	.4byte	0x3b5
	.byte	0x8
	.byte	0x3
	.string	"i"
	.byte	0x16
	.byte	0xb
	.4byte	0x26
	.byte	0x8
	.byte	0x3
	.string	"c"
	.byte	0x17
	.byte	0x7
	.4byte	0x26
	.byte	0x8
	.byte	0x3
	.string	"k"
	.byte	0x18
	.byte	0xc
	.4byte	0x74
	.byte	0
	.byte	0
	.byte	0
	.byte	0
	.byte	0x23
	.4byte	.LASF20
	.byte	0x1
	.byte	0x11
	.byte	0x6
	.byte	0x1
	.4byte	0x3cc
	.byte	0x2
	.string	"s"
	.byte	0x11
	.byte	0x18
	.4byte	0xa0
	.byte	0
	.byte	0xf
	.4byte	.LASF18
	.byte	0xf
	.4byte	0x3e0
	.byte	0x2
	.string	"c"
	.byte	0xf
	.byte	0x18
	.4byte	0x53
	.byte	0
	.byte	0x12
	.4byte	0x3b5
	.4byte	.LFB1
	.4byte	.LFE1-.LFB1
	.byte	0x1
	.byte	0x9c
	.4byte	0x416
	.byte	0x1
	.4byte	0x3c2
	.4byte	.LLST0
	.byte	0x6
	.4byte	0x3cc
	.4byte	.LBB27
	.4byte	.LLRL1
	.byte	0x12
	.byte	0xd
	.byte	0x1
	.4byte	0x3d6
	.4byte	.LLST2
	.byte	0
	.byte	0
	.byte	0x12
	.4byte	0x300
	.4byte	.LFB5
	.4byte	.LFE5-.LFB5
	.byte	0x1
	.byte	0x9c
	.4byte	0x43a
	.byte	0x1
	.4byte	0x30e
	.4byte	.LLST7
	.byte	0x24
	.4byte	0x317
	.byte	0x1
	.byte	0x5b
	.byte	0
	.byte	0x12
	.4byte	0x2e3
	.4byte	.LFB6
	.4byte	.LFE6-.LFB6
	.byte	0x1
	.byte	0x9c
	.4byte	0x457
	.byte	0x1
	.4byte	0x2f1
	.4byte	.LLST8
	.byte	0
	.byte	0x25
	.4byte	0x2cb
	.4byte	.LFB7
	.4byte	.LFE7-.LFB7
	.byte	0x1
	.byte	0x9c
	.byte	0x26
	.4byte	0x2d9
	.byte	0x1
	.byte	0x5a
	.byte	0
	.byte	0
	.section	.debug_abbrev,"",@progbits
.Ldebug_abbrev0:
	.byte	0x1
	.byte	0x5
	.byte	0
	.byte	0x31
	.byte	0x13
	.byte	0x2
	.byte	0x17
	.byte	0
	.byte	0
	.byte	0x2
	.byte	0x5
	.byte	0
	.byte	0x3
	.byte	0x8
	.byte	0x3a
	.byte	0x21
	.byte	0x1
	.byte	0x3b
	.byte	0xb
	.byte	0x39
	.byte	0xb
	.byte	0x49
	.byte	0x13
	.byte	0
	.byte	0
	.byte	0x3
	.byte	0x34
	.byte	0
	.byte	0x3
	.byte	0x8
	.byte	0x3a
	.byte	0x21
	.byte	0x1
	.byte	0x3b
	.byte	0xb
	.byte	0x39
	.byte	0xb
	.byte	0x49
	.byte	0x13
	.byte	0
	.byte	0
	.byte	0x4
	.byte	0x26
	.byte	0
	.byte	0x49
	.byte	0x13
	.byte	0
	.byte	0
	.byte	0x5
	.byte	0x1d
	.byte	0x1
	.byte	0x31
	.byte	0x13
	.byte	0x52
	.byte	0x1
	.byte	0x55
	.byte	0x17
	.byte	0x58
	.byte	0x21
	.byte	0x1
	.byte	0x59
	.byte	0xb
	.byte	0x57
	.byte	0xb
	.byte	0x1
	.byte	0x13
	.byte	0
	.byte	0
	.byte	0x6
	.byte	0x1d
	.byte	0x1
	.byte	0x31
	.byte	0x13
	.byte	0x52
	.byte	0x1
	.byte	0x55
	.byte	0x17
	.byte	0x58
	.byte	0x21
	.byte	0x1
	.byte	0x59
	.byte	0xb
	.byte	0x57
	.byte	0xb
	.byte	0
	.byte	0
	.byte	0x7
	.byte	0x34
	.byte	0
	.byte	0x31
	.byte	0x13
	.byte	0x2
	.byte	0x17
	.byte	0
	.byte	0
	.byte	0x8
	.byte	0xb
	.byte	0x1
	.byte	0
	.byte	0
	.byte	0x9
	.byte	0x24
	.byte	0
	.byte	0xb
	.byte	0xb
	.byte	0x3e
	.byte	0xb
	.byte	0x3
	.byte	0xe
	.byte	0
	.byte	0
	.byte	0xa
	.byte	0xf
	.byte	0
	.byte	0xb
	.byte	0x21
	.byte	0x4
	.byte	0x49
	.byte	0x13
	.byte	0
	.byte	0
	.byte	0xb
	.byte	0x2e
	.byte	0x1
	.byte	0x3f
	.byte	0x19
	.byte	0x3
	.byte	0xe
	.byte	0x3a
	.byte	0x21
	.byte	0x1
	.byte	0x3b
	.byte	0xb
	.byte	0x39
	.byte	0xb
	.byte	0x27
	.byte	0x19
	.byte	0x49
	.byte	0x13
	.byte	0x11
	.byte	0x1
	.byte	0x12
	.byte	0x6
	.byte	0x40
	.byte	0x18
	.byte	0x7a
	.byte	0x19
	.byte	0x1
	.byte	0x13
	.byte	0
	.byte	0
	.byte	0xc
	.byte	0x49
	.byte	0
	.byte	0x2
	.byte	0x18
	.byte	0x7e
	.byte	0x18
	.byte	0
	.byte	0
	.byte	0xd
	.byte	0xb
	.byte	0x1
	.byte	0x31
	.byte	0x13
	.byte	0x55
	.byte	0x17
	.byte	0
	.byte	0
	.byte	0xe
	.byte	0x1d
	.byte	0x1
	.byte	0x31
	.byte	0x13
	.byte	0x11
	.byte	0x1
	.byte	0x12
	.byte	0x6
	.byte	0x58
	.byte	0x21
	.byte	0x1
	.byte	0x59
	.byte	0xb
	.byte	0x57
	.byte	0xb
	.byte	0x1
	.byte	0x13
	.byte	0
	.byte	0
	.byte	0xf
	.byte	0x2e
	.byte	0x1
	.byte	0x3
	.byte	0xe
	.byte	0x3a
	.byte	0x21
	.byte	0x1
	.byte	0x3b
	.byte	0xb
	.byte	0x39
	.byte	0x21
	.byte	0xd
	.byte	0x27
	.byte	0x19
	.byte	0x20
	.byte	0x21
	.byte	0x1
	.byte	0x1
	.byte	0x13
	.byte	0
	.byte	0
	.byte	0x10
	.byte	0x2e
	.byte	0x1
	.byte	0x3f
	.byte	0x19
	.byte	0x3
	.byte	0xe
	.byte	0x3a
	.byte	0x21
	.byte	0x1
	.byte	0x3b
	.byte	0xb
	.byte	0x39
	.byte	0x21
	.byte	0x5
	.byte	0x27
	.byte	0x19
	.byte	0x49
	.byte	0x13
	.byte	0x20
	.byte	0x21
	.byte	0x1
	.byte	0x1
	.byte	0x13
	.byte	0
	.byte	0
	.byte	0x11
	.byte	0x5
	.byte	0
	.byte	0x3
	.byte	0x8
	.byte	0x3a
	.byte	0x21
	.byte	0x1
	.byte	0x3b
	.byte	0xb
	.byte	0x39
	.byte	0xb
	.byte	0x49
	.byte	0x13
	.byte	0x2
	.byte	0x17
	.byte	0
	.byte	0
	.byte	0x12
	.byte	0x2e
	.byte	0x1
	.byte	0x31
	.byte	0x13
	.byte	0x11
	.byte	0x1
	.byte	0x12
	.byte	0x6
	.byte	0x40
	.byte	0x18
	.byte	0x7a
	.byte	0x19
	.byte	0x1
	.byte	0x13
	.byte	0
	.byte	0
	.byte	0x13
	.byte	0x34
	.byte	0
	.byte	0x3
	.byte	0xe
	.byte	0x3a
	.byte	0x21
	.byte	0x1
	.byte	0x3b
	.byte	0xb
	.byte	0x39
	.byte	0x21
	.byte	0x5
	.byte	0x49
	.byte	0x13
	.byte	0x3f
	.byte	0x19
	.byte	0x2
	.byte	0x18
	.byte	0
	.byte	0
	.byte	0x14
	.byte	0x1
	.byte	0x1
	.byte	0x49
	.byte	0x13
	.byte	0x1
	.byte	0x13
	.byte	0
	.byte	0
	.byte	0x15
	.byte	0x21
	.byte	0
	.byte	0x49
	.byte	0x13
	.byte	0x2f
	.byte	0xb
	.byte	0
	.byte	0
	.byte	0x16
	.byte	0x34
	.byte	0
	.byte	0x3
	.byte	0xe
	.byte	0x3a
	.byte	0x21
	.byte	0x1
	.byte	0x3b
	.byte	0xb
	.byte	0x39
	.byte	0xb
	.byte	0x49
	.byte	0x13
	.byte	0x2
	.byte	0x18
	.byte	0
	.byte	0
	.byte	0x17
	.byte	0x34
	.byte	0
	.byte	0x3
	.byte	0x8
	.byte	0x3a
	.byte	0x21
	.byte	0x1
	.byte	0x3b
	.byte	0xb
	.byte	0x39
	.byte	0xb
	.byte	0x49
	.byte	0x13
	.byte	0x2
	.byte	0x17
	.byte	0
	.byte	0
	.byte	0x18
	.byte	0x48
	.byte	0x1
	.byte	0x7d
	.byte	0x1
	.byte	0x7f
	.byte	0x13
	.byte	0
	.byte	0
	.byte	0x19
	.byte	0x5
	.byte	0
	.byte	0x31
	.byte	0x13
	.byte	0
	.byte	0
	.byte	0x1a
	.byte	0x11
	.byte	0x1
	.byte	0x25
	.byte	0xe
	.byte	0x13
	.byte	0xb
	.byte	0x3
	.byte	0x1f
	.byte	0x1b
	.byte	0x1f
	.byte	0x55
	.byte	0x17
	.byte	0x11
	.byte	0x1
	.byte	0x10
	.byte	0x17
	.byte	0
	.byte	0
	.byte	0x1b
	.byte	0x16
	.byte	0
	.byte	0x3
	.byte	0x8
	.byte	0x3a
	.byte	0xb
	.byte	0x3b
	.byte	0xb
	.byte	0x39
	.byte	0xb
	.byte	0x49
	.byte	0x13
	.byte	0
	.byte	0
	.byte	0x1c
	.byte	0x34
	.byte	0
	.byte	0x3
	.byte	0xe
	.byte	0x3a
	.byte	0xb
	.byte	0x3b
	.byte	0xb
	.byte	0x39
	.byte	0xb
	.byte	0x49
	.byte	0x13
	.byte	0x1c
	.byte	0x6
	.byte	0
	.byte	0
	.byte	0x1d
	.byte	0x35
	.byte	0
	.byte	0x49
	.byte	0x13
	.byte	0
	.byte	0
	.byte	0x1e
	.byte	0x24
	.byte	0
	.byte	0xb
	.byte	0xb
	.byte	0x3e
	.byte	0xb
	.byte	0x3
	.byte	0x8
	.byte	0
	.byte	0
	.byte	0x1f
	.byte	0x34
	.byte	0
	.byte	0x3
	.byte	0x8
	.byte	0x3a
	.byte	0xb
	.byte	0x3b
	.byte	0xb
	.byte	0x39
	.byte	0xb
	.byte	0x49
	.byte	0x13
	.byte	0x3f
	.byte	0x19
	.byte	0x2
	.byte	0x18
	.byte	0
	.byte	0
	.byte	0x20
	.byte	0xb
	.byte	0x1
	.byte	0x11
	.byte	0x1
	.byte	0x12
	.byte	0x6
	.byte	0x1
	.byte	0x13
	.byte	0
	.byte	0
	.byte	0x21
	.byte	0xb
	.byte	0x1
	.byte	0x31
	.byte	0x13
	.byte	0x11
	.byte	0x1
	.byte	0x12
	.byte	0x6
	.byte	0
	.byte	0
	.byte	0x22
	.byte	0x34
	.byte	0
	.byte	0x31
	.byte	0x13
	.byte	0
	.byte	0
	.byte	0x23
	.byte	0x2e
	.byte	0x1
	.byte	0x3f
	.byte	0x19
	.byte	0x3
	.byte	0xe
	.byte	0x3a
	.byte	0xb
	.byte	0x3b
	.byte	0xb
	.byte	0x39
	.byte	0xb
	.byte	0x27
	.byte	0x19
	.byte	0x20
	.byte	0xb
	.byte	0x1
	.byte	0x13
	.byte	0
	.byte	0
	.byte	0x24
	.byte	0x5
	.byte	0
	.byte	0x31
	.byte	0x13
	.byte	0x2
	.byte	0x18
	.byte	0
	.byte	0
	.byte	0x25
	.byte	0x2e
	.byte	0x1
	.byte	0x31
	.byte	0x13
	.byte	0x11
	.byte	0x1
	.byte	0x12
	.byte	0x6
	.byte	0x40
	.byte	0x18
	.byte	0x7a
	.byte	0x19
	.byte	0
	.byte	0
	.byte	0x26
	.byte	0x34
	.byte	0
	.byte	0x31
	.byte	0x13
	.byte	0x2
	.byte	0x18
	.byte	0
	.byte	0
	.byte	0
	.section	.debug_loclists,"",@progbits
	.4byte	.Ldebug_loc3-.Ldebug_loc2
.Ldebug_loc2:
	.2byte	0x5
	.byte	0x4
	.byte	0
	.4byte	0
.Ldebug_loc0:
.LLST23:
	.byte	0x7
	.4byte	.LVL53
	.4byte	.LVL63
	.byte	0x1
	.byte	0x59
	.byte	0
.LLST25:
	.byte	0x7
	.4byte	.LVL54
	.4byte	.LVL57
	.byte	0x1
	.byte	0x5a
	.byte	0
.LLST27:
	.byte	0x7
	.4byte	.LVL55
	.4byte	.LVL56
	.byte	0x1
	.byte	0x5f
	.byte	0
.LLST10:
	.byte	0x7
	.4byte	.LVL35
	.4byte	.LVL36
	.byte	0x2
	.byte	0x30
	.byte	0x9f
	.byte	0x7
	.4byte	.LVL36
	.4byte	.LVL42
	.byte	0x1
	.byte	0x5b
	.byte	0
.LLST12:
	.byte	0x7
	.4byte	.LVL36
	.4byte	.LVL37
	.byte	0x1
	.byte	0x5b
	.byte	0x7
	.4byte	.LVL37
	.4byte	.LVL38
	.byte	0x1
	.byte	0x5f
	.byte	0x7
	.4byte	.LVL39
	.4byte	.LVL41
	.byte	0x1
	.byte	0x5f
	.byte	0x7
	.4byte	.LVL41
	.4byte	.LVL42
	.byte	0x2
	.byte	0x7a
	.byte	0x7c
	.byte	0
.LLST14:
	.byte	0x7
	.4byte	.LVL36
	.4byte	.LVL37
	.byte	0x2
	.byte	0x30
	.byte	0x9f
	.byte	0
.LLST16:
	.byte	0x7
	.4byte	.LVL42
	.4byte	.LVL45
	.byte	0x1
	.byte	0x5f
	.byte	0
.LLST18:
	.byte	0x7
	.4byte	.LVL43
	.4byte	.LVL44
	.byte	0x1
	.byte	0x5e
	.byte	0
.LLST19:
	.byte	0x7
	.4byte	.LVL47
	.4byte	.LVL48
	.byte	0x1
	.byte	0x5a
	.byte	0x7
	.4byte	.LVL48
	.4byte	.LVL53
	.byte	0x1
	.byte	0x5c
	.byte	0
.LLST20:
	.byte	0x7
	.4byte	.LVL47
	.4byte	.LVL49
	.byte	0x2
	.byte	0x4c
	.byte	0x9f
	.byte	0x7
	.4byte	.LVL49
	.4byte	.LVL51
	.byte	0x1
	.byte	0x5e
	.byte	0x7
	.4byte	.LVL51
	.4byte	.LVL52
	.byte	0x3
	.byte	0x7e
	.byte	0x4
	.byte	0x9f
	.byte	0x7
	.4byte	.LVL52
	.4byte	.LVL53
	.byte	0x1
	.byte	0x5e
	.byte	0
.LLST22:
	.byte	0x7
	.4byte	.LVL50
	.4byte	.LVL51
	.byte	0xd
	.byte	0x7c
	.byte	0
	.byte	0x7e
	.byte	0
	.byte	0x8
	.byte	0xff
	.byte	0x1a
	.byte	0x25
	.byte	0x3f
	.byte	0x1a
	.byte	0x7d
	.byte	0
	.byte	0x22
	.byte	0
.LLST29:
	.byte	0x7
	.4byte	.LVL60
	.4byte	.LVL61
	.byte	0x6
	.byte	0x3
	.4byte	counter
	.byte	0x9f
	.byte	0
.LLST6:
	.byte	0x7
	.4byte	.LVL12
	.4byte	.LVL13
	.byte	0x1
	.byte	0x5a
	.byte	0x7
	.4byte	.LVL13
	.4byte	.LVL14
	.byte	0x4
	.byte	0xa3
	.byte	0x1
	.byte	0x5a
	.byte	0x9f
	.byte	0x7
	.4byte	.LVL14
	.4byte	.LVL15
	.byte	0x1
	.byte	0x5a
	.byte	0x7
	.4byte	.LVL15
	.4byte	.LVL16
	.byte	0x4
	.byte	0xa3
	.byte	0x1
	.byte	0x5a
	.byte	0x9f
	.byte	0x7
	.4byte	.LVL16
	.4byte	.LVL17
	.byte	0x1
	.byte	0x5a
	.byte	0x7
	.4byte	.LVL17
	.4byte	.LVL18
	.byte	0x4
	.byte	0xa3
	.byte	0x1
	.byte	0x5a
	.byte	0x9f
	.byte	0x7
	.4byte	.LVL18
	.4byte	.LVL19
	.byte	0x1
	.byte	0x5a
	.byte	0x7
	.4byte	.LVL19
	.4byte	.LVL20
	.byte	0x4
	.byte	0xa3
	.byte	0x1
	.byte	0x5a
	.byte	0x9f
	.byte	0x7
	.4byte	.LVL20
	.4byte	.LVL21
	.byte	0x1
	.byte	0x5a
	.byte	0x7
	.4byte	.LVL21
	.4byte	.LVL22
	.byte	0x4
	.byte	0xa3
	.byte	0x1
	.byte	0x5a
	.byte	0x9f
	.byte	0x7
	.4byte	.LVL22
	.4byte	.LVL23
	.byte	0x1
	.byte	0x5a
	.byte	0x7
	.4byte	.LVL23
	.4byte	.LVL24
	.byte	0x4
	.byte	0xa3
	.byte	0x1
	.byte	0x5a
	.byte	0x9f
	.byte	0x7
	.4byte	.LVL24
	.4byte	.LVL25
	.byte	0x1
	.byte	0x5a
	.byte	0x7
	.4byte	.LVL25
	.4byte	.LVL26
	.byte	0x4
	.byte	0xa3
	.byte	0x1
	.byte	0x5a
	.byte	0x9f
	.byte	0x7
	.4byte	.LVL26
	.4byte	.LVL27
	.byte	0x1
	.byte	0x5a
	.byte	0x7
	.4byte	.LVL27
	.4byte	.LFE4
	.byte	0x4
	.byte	0xa3
	.byte	0x1
	.byte	0x5a
	.byte	0x9f
	.byte	0
.LLST3:
	.byte	0x7
	.4byte	.LVL3
	.4byte	.LVL6
	.byte	0x1
	.byte	0x5a
	.byte	0x7
	.4byte	.LVL6
	.4byte	.LVL9
	.byte	0x1
	.byte	0x5a
	.byte	0x7
	.4byte	.LVL10
	.4byte	.LVL11
	.byte	0x1
	.byte	0x5a
	.byte	0x7
	.4byte	.LVL11
	.4byte	.LFE3
	.byte	0x4
	.byte	0xa3
	.byte	0x1
	.byte	0x5a
	.byte	0x9f
	.byte	0
.LLST4:
	.byte	0x7
	.4byte	.LVL3
	.4byte	.LVL3
	.byte	0x1
	.byte	0x5b
	.byte	0x7
	.4byte	.LVL3
	.4byte	.LVL4
	.byte	0x3
	.byte	0x7b
	.byte	0x7f
	.byte	0x9f
	.byte	0x7
	.4byte	.LVL4
	.4byte	.LVL10
	.byte	0x6
	.byte	0xa3
	.byte	0x1
	.byte	0x5b
	.byte	0x31
	.byte	0x1c
	.byte	0x9f
	.byte	0x7
	.4byte	.LVL10
	.4byte	.LFE3
	.byte	0x3
	.byte	0x7b
	.byte	0x7f
	.byte	0x9f
	.byte	0
.LLST5:
	.byte	0x7
	.4byte	.LVL3
	.4byte	.LVL5
	.byte	0x3
	.byte	0x9
	.byte	0xff
	.byte	0x9f
	.byte	0x7
	.4byte	.LVL5
	.4byte	.LVL7
	.byte	0x1
	.byte	0x5e
	.byte	0x7
	.4byte	.LVL8
	.4byte	.LVL10
	.byte	0x1
	.byte	0x5e
	.byte	0x7
	.4byte	.LVL10
	.4byte	.LFE3
	.byte	0x3
	.byte	0x9
	.byte	0xff
	.byte	0x9f
	.byte	0
.LLST0:
	.byte	0x7
	.4byte	.LVL0
	.4byte	.LVL1
	.byte	0x1
	.byte	0x5a
	.byte	0x7
	.4byte	.LVL1
	.4byte	.LFE1
	.byte	0x1
	.byte	0x5a
	.byte	0
.LLST2:
	.byte	0x7
	.4byte	.LVL1
	.4byte	.LVL2
	.byte	0x1
	.byte	0x5f
	.byte	0
.LLST7:
	.byte	0x7
	.4byte	.LVL28
	.4byte	.LVL29
	.byte	0x1
	.byte	0x5a
	.byte	0x7
	.4byte	.LVL29
	.4byte	.LVL30
	.byte	0x4
	.byte	0xa3
	.byte	0x1
	.byte	0x5a
	.byte	0x9f
	.byte	0x7
	.4byte	.LVL30
	.4byte	.LVL31
	.byte	0x1
	.byte	0x5a
	.byte	0x7
	.4byte	.LVL31
	.4byte	.LFE5
	.byte	0x4
	.byte	0xa3
	.byte	0x1
	.byte	0x5a
	.byte	0x9f
	.byte	0
.LLST8:
	.byte	0x7
	.4byte	.LVL32
	.4byte	.LVL33
	.byte	0x1
	.byte	0x5a
	.byte	0x7
	.4byte	.LVL33
	.4byte	.LFE6
	.byte	0x1
	.byte	0x5f
	.byte	0
.Ldebug_loc3:
	.section	.debug_aranges,"",@progbits
	.4byte	0x24
	.2byte	0x2
	.4byte	.Ldebug_info0
	.byte	0x4
	.byte	0
	.2byte	0
	.2byte	0
	.4byte	.Ltext0
	.4byte	.Letext0-.Ltext0
	.4byte	.LFB9
	.4byte	.LFE9-.LFB9
	.4byte	0
	.4byte	0
	.section	.debug_rnglists,"",@progbits
.Ldebug_ranges0:
	.4byte	.Ldebug_ranges3-.Ldebug_ranges2
.Ldebug_ranges2:
	.2byte	0x5
	.byte	0x4
	.byte	0
	.4byte	0
.LLRL1:
	.byte	0x6
	.4byte	.LBB27
	.4byte	.LBE27
	.byte	0x6
	.4byte	.LBB30
	.4byte	.LBE30
	.byte	0
.LLRL9:
	.byte	0x6
	.4byte	.LBB55
	.4byte	.LBE55
	.byte	0x6
	.4byte	.LBB68
	.4byte	.LBE68
	.byte	0x6
	.4byte	.LBB69
	.4byte	.LBE69
	.byte	0x6
	.4byte	.LBB77
	.4byte	.LBE77
	.byte	0
.LLRL11:
	.byte	0x6
	.4byte	.LBB57
	.4byte	.LBE57
	.byte	0x6
	.4byte	.LBB62
	.4byte	.LBE62
	.byte	0x6
	.4byte	.LBB63
	.4byte	.LBE63
	.byte	0x6
	.4byte	.LBB64
	.4byte	.LBE64
	.byte	0
.LLRL13:
	.byte	0x6
	.4byte	.LBB58
	.4byte	.LBE58
	.byte	0x6
	.4byte	.LBB59
	.4byte	.LBE59
	.byte	0x6
	.4byte	.LBB60
	.4byte	.LBE60
	.byte	0x6
	.4byte	.LBB61
	.4byte	.LBE61
	.byte	0
.LLRL15:
	.byte	0x6
	.4byte	.LBB70
	.4byte	.LBE70
	.byte	0x6
	.4byte	.LBB78
	.4byte	.LBE78
	.byte	0
.LLRL17:
	.byte	0x6
	.4byte	.LBB72
	.4byte	.LBE72
	.byte	0x6
	.4byte	.LBB75
	.4byte	.LBE75
	.byte	0
.LLRL21:
	.byte	0x6
	.4byte	.LBB81
	.4byte	.LBE81
	.byte	0x6
	.4byte	.LBB85
	.4byte	.LBE85
	.byte	0x6
	.4byte	.LBB86
	.4byte	.LBE86
	.byte	0
.LLRL24:
	.byte	0x6
	.4byte	.LBB88
	.4byte	.LBE88
	.byte	0x6
	.4byte	.LBB95
	.4byte	.LBE95
	.byte	0
.LLRL26:
	.byte	0x6
	.4byte	.LBB90
	.4byte	.LBE90
	.byte	0x6
	.4byte	.LBB93
	.4byte	.LBE93
	.byte	0
.LLRL28:
	.byte	0x6
	.4byte	.LBB96
	.4byte	.LBE96
	.byte	0x6
	.4byte	.LBB100
	.4byte	.LBE100
	.byte	0x6
	.4byte	.LBB101
	.4byte	.LBE101
	.byte	0
.LLRL30:
	.byte	0x6
	.4byte	.Ltext0
	.4byte	.Letext0
	.byte	0x6
	.4byte	.LFB9
	.4byte	.LFE9
	.byte	0
.Ldebug_ranges3:
	.section	.debug_line,"",@progbits
.Ldebug_line0:
	.section	.debug_str,"MS",@progbits,1
.LASF9:
	.string	"long long int"
.LASF7:
	.string	"names"
.LASF2:
	.string	"unsigned int"
.LASF19:
	.string	"GNU C17 12.2.0 -mabi=ilp32 -misa-spec=20191213 -march=rv32ima_zicsr_zifencei -g -O2 -ffreestanding -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-ident"
.LASF13:
	.string	"main"
.LASF17:
	.string	"make_table"
.LASF5:
	.string	"limit"
.LASF14:
	.string	"describe"
.LASF10:
	.string	"read_cycle"
.LASF11:
	.string	"atomic_bump"
.LASF3:
	.string	"char"
.LASF16:
	.string	"print_hex"
.LASF20:
	.string	"puts_"
.LASF8:
	.string	"table"
.LASF15:
	.string	"crc32"
.LASF12:
	.string	"divide"
.LASF4:
	.string	"counter"
.LASF6:
	.string	"uart"
.LASF18:
	.string	"putc_"
	.section	.debug_line_str,"MS",@progbits,1
.LASF1:
	.string	"."
.LASF0:
	.string	"program.c"

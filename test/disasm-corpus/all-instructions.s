# Disassembler oracle corpus: every instruction of vmscope's table, with its pseudo-instruction
# forms, ordering suffixes, CSR name classes, edge-case immediates and labelled branch targets.
# test/unit/disasm-oracle.test.ts assembles this with riscv64-unknown-elf-as
# (-march=rv32ima_zicsr_zifencei -mabi=ilp32), links it at 0x80000000 and compares
# `objdump -d` (and `-M no-aliases`) with vmscope's disassembler line by line.

	.text
	.globl	_start
	.type	_start, @function
_start:
# --- RV32I: upper immediates and address arithmetic (objdump comments the sums)
	lui	a0, 0
	lui	a0, 0xfffff
	lui	t0, 0x80000
	addi	t0, t0, 16
	auipc	a1, 0
	addi	a1, a1, -4
	auipc	a2, 0x1
	lw	a3, 8(a2)
	auipc	ra, 0
	jalr	ra, 12(ra)
	lui	a4, %hi(data_end)
	sw	a5, %lo(data_end)(a4)
	lui	s0, 0x12345
	jalr	zero, 0(s0)
	lw	a0, 16(zero)
	lw	a0, -16(zero)
	sw	a0, 2047(zero)
	lw	a0, 8(tp)
	lw	a0, 12(gp)
	lw	a0, -2048(gp)
	addi	a0, gp, 4
	addi	a0, tp, -4
# --- jumps
	jal	zero, forward
	jal	ra, func
	jal	t0, func
	jal	zero, _start
	jalr	zero, 0(ra)
	jalr	zero, 0(a0)
	jalr	zero, 4(a0)
	jalr	ra, 0(a0)
	jalr	ra, -8(a0)
	jalr	t1, 0(a0)
	jalr	t1, 2047(a0)
	jalr	ra, 0(zero)
	jalr	zero, -2048(zero)
back:
# --- branches, backward and forward, with and without zero operands
	beq	a0, a1, back
	beq	a0, zero, back
	beq	zero, zero, forward
	bne	a0, a1, forward
	bne	s1, zero, forward
	blt	a0, a1, back
	blt	a0, zero, back
	blt	zero, a1, back
	blt	zero, zero, back
	bge	a0, a1, forward
	bge	a0, zero, forward
	bge	zero, a1, forward
	bge	zero, zero, forward
	bltu	a0, a1, back
	bltu	zero, a1, back
	bgeu	a0, a1, forward
	bgeu	a0, zero, forward
	beq	t0, t1, . + 4094
	bne	t0, t1, . - 4096
forward:
# --- loads and stores, offset extremes
	lb	a0, 0(a1)
	lh	a0, -1(a1)
	lw	a0, 2047(sp)
	lbu	a0, -2048(sp)
	lhu	s11, 100(t6)
	sb	a0, 0(a1)
	sh	a0, -1(a1)
	sw	ra, 2047(sp)
	sw	t6, -2048(s11)
# --- register-immediate, with every pseudo-instruction form
	addi	zero, zero, 0
	addi	a0, zero, 0
	addi	a0, zero, -2048
	addi	a0, zero, 2047
	addi	a0, a1, 0
	addi	a0, a0, 1
	addi	sp, sp, -16
	slti	a0, a1, -1
	slti	a0, zero, 5
	sltiu	a0, a1, 1
	sltiu	a0, a1, -1
	sltiu	a0, a1, 2
	xori	a0, a1, -1
	xori	a0, a1, 1
	ori	a0, a1, 0
	ori	a0, zero, -1
	andi	a0, a1, 255
	andi	a0, a1, -1
	andi	a0, a1, 0x7f
	slli	a0, a1, 0
	slli	a0, a1, 31
	srli	a0, a1, 1
	srli	a0, a1, 16
	srai	a0, a1, 31
	srai	a0, a1, 0
# --- register-register, with every pseudo-instruction form
	add	a0, a1, a2
	add	zero, zero, zero
	sub	a0, a1, a2
	sub	a0, zero, a2
	sll	a0, a1, a2
	slt	a0, a1, a2
	slt	a0, a1, zero
	slt	a0, zero, a2
	slt	a0, zero, zero
	sltu	a0, a1, a2
	sltu	a0, zero, a2
	sltu	a0, a1, zero
	xor	a0, a1, a2
	srl	a0, a1, a2
	sra	a0, a1, a2
	or	a0, a1, a2
	and	a0, a1, a2
# --- fences
	fence
	fence	rw, rw
	fence	r, w
	fence	i, o
	fence	io, iorw
	fence	w, r
	fence.tso
	fence.i
	ecall
	ebreak
# --- Zicsr: every form and every class of CSR name
	csrrw	a0, mstatus, a1
	csrrw	zero, mstatus, a1
	csrrw	zero, mtvec, zero
	csrrs	a0, mstatus, zero
	csrrs	zero, mie, a1
	csrrs	a0, mie, a1
	csrrs	zero, mie, zero
	csrrc	a0, mip, a1
	csrrc	zero, mip, a1
	csrrc	a0, mip, zero
	csrrwi	a0, mscratch, 0
	csrrwi	zero, mscratch, 31
	csrrsi	a0, mstatus, 8
	csrrsi	zero, mstatus, 8
	csrrci	a0, sstatus, 2
	csrrci	zero, sstatus, 2
	csrr	a0, fflags
	csrr	a0, frm
	csrr	a0, fcsr
	csrr	a0, cycle
	csrr	a0, time
	csrr	a0, instret
	csrr	a0, cycleh
	csrr	a0, timeh
	csrr	a0, instreth
	csrr	a0, hpmcounter3
	csrr	a0, hpmcounter31h
	csrr	a0, sstatus
	csrr	a0, sie
	csrr	a0, stvec
	csrr	a0, scounteren
	csrr	a0, senvcfg
	csrr	a0, sscratch
	csrr	a0, sepc
	csrr	a0, scause
	csrr	a0, stval
	csrr	a0, sip
	csrr	a0, satp
	csrr	a0, mvendorid
	csrr	a0, marchid
	csrr	a0, mimpid
	csrr	a0, mhartid
	csrr	a0, mconfigptr
	csrr	a0, misa
	csrr	a0, medeleg
	csrr	a0, mideleg
	csrr	a0, mcounteren
	csrr	a0, mstatush
	csrr	a0, mepc
	csrr	a0, mcause
	csrr	a0, mtval
	csrr	a0, mtinst
	csrr	a0, mtval2
	csrr	a0, menvcfg
	csrr	a0, menvcfgh
	csrr	a0, mseccfg
	csrr	a0, mcycle
	csrr	a0, minstret
	csrr	a0, mcycleh
	csrr	a0, minstreth
	csrr	a0, mcountinhibit
	csrr	a0, mhpmcounter3
	csrr	a0, mhpmcounter31h
	csrr	a0, mhpmevent3
	csrr	a0, mhpmevent31
	csrr	a0, pmpcfg0
	csrr	a0, pmpcfg15
	csrr	a0, pmpaddr0
	csrr	a0, pmpaddr63
	csrr	a0, tselect
	csrr	a0, tdata1
	csrr	a0, dcsr
	csrr	a0, dpc
	csrr	a0, dscratch0
	csrr	a0, 0x000
	csrr	a0, 0x7ff
	csrr	a0, 0xfff
	csrw	0x5c0, a0
	.insn	0xc0001073	# unimp: csrrw zero, cycle, zero
	.insn	0x00001073	# csrrw zero, 0x0, zero
	csrrs	a0, 0x123, zero
	csrrs	a0, hstatus, zero
	csrrs	a0, vsatp, zero
	csrrs	a0, hgatp, zero
	csrrs	a0, vl, zero
	csrrs	a0, stimecmp, zero
# --- M
	mul	a0, a1, a2
	mulh	a0, a1, a2
	mulhsu	a0, a1, a2
	mulhu	a0, a1, a2
	div	a0, a1, a2
	divu	a0, a1, a2
	rem	a0, a1, a2
	remu	t6, s11, zero
# --- A: every instruction in all four ordering forms
	lr.w	a0, (a1)
	lr.w.aq	a0, (a1)
	lr.w.rl	a0, (a1)
	lr.w.aqrl	a0, (a1)
	sc.w	a0, a2, (a1)
	sc.w.aq	a0, a2, (a1)
	sc.w.rl	a0, a2, (a1)
	sc.w.aqrl	a0, a2, (a1)
	amoswap.w	a0, a2, (a1)
	amoswap.w.aq	a0, a2, (a1)
	amoswap.w.rl	a0, a2, (a1)
	amoswap.w.aqrl	zero, zero, (zero)
	amoadd.w	a0, a2, (a1)
	amoadd.w.aq	a0, a2, (a1)
	amoadd.w.rl	a0, a2, (a1)
	amoadd.w.aqrl	a0, a2, (a1)
	amoxor.w	a0, a2, (a1)
	amoxor.w.aq	a0, a2, (a1)
	amoxor.w.rl	a0, a2, (a1)
	amoxor.w.aqrl	a0, a2, (a1)
	amoand.w	a0, a2, (a1)
	amoand.w.aq	a0, a2, (a1)
	amoand.w.rl	a0, a2, (a1)
	amoand.w.aqrl	a0, a2, (a1)
	amoor.w	a0, a2, (a1)
	amoor.w.aq	a0, a2, (a1)
	amoor.w.rl	a0, a2, (a1)
	amoor.w.aqrl	a0, a2, (a1)
	amomin.w	a0, a2, (a1)
	amomin.w.aq	a0, a2, (a1)
	amomin.w.rl	a0, a2, (a1)
	amomin.w.aqrl	a0, a2, (a1)
	amomax.w	a0, a2, (a1)
	amomax.w.aq	a0, a2, (a1)
	amomax.w.rl	a0, a2, (a1)
	amomax.w.aqrl	a0, a2, (a1)
	amominu.w	a0, a2, (a1)
	amominu.w.aq	a0, a2, (a1)
	amominu.w.rl	a0, a2, (a1)
	amominu.w.aqrl	a0, a2, (a1)
	amomaxu.w	a0, a2, (a1)
	amomaxu.w.aq	a0, a2, (a1)
	amomaxu.w.rl	a0, a2, (a1)
	amomaxu.w.aqrl	a0, a2, (a1)
# --- privileged
	sret
	mret
	wfi
	sfence.vma
	sfence.vma	a0
	sfence.vma	a0, a1
	sfence.vma	zero, a1
# --- encodings objdump does not name (reserved FENCE fields, unknown opcodes)
	.insn	0x8ff0000f
	.insn	0x0ff0008f
	.insn	0x0ff5000f
	.insn	0x0000108f
	.insn	0x0010100f
	.insn	0x12345677
	.insn	0x0000000b
	.insn	0xfe00002f
	.insn	0x1010202f

	.type	func, @function
func:
	addi	sp, sp, -16
	sw	ra, 12(sp)
	jal	ra, _start
	lw	ra, 12(sp)
	addi	sp, sp, 16
	jalr	zero, 0(ra)
loop:
alias_of_loop:
	addi	a0, a0, -1
	bne	a0, zero, loop
	beq	a0, zero, alias_of_loop + 4
	jal	zero, loop
	.globl	data_end
data_end:
	nop

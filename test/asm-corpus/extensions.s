# M, A (every ordering suffix), Zicsr, Zifencei and the privileged instructions.
	.text
	mul	a0, a1, a2
	mulh	a0, a1, a2
	mulhsu	a0, a1, a2
	mulhu	a0, a1, a2
	div	a0, a1, a2
	divu	a0, a1, a2
	rem	a0, a1, a2
	remu	a0, a1, a2
	fence.i
	csrrw	a0, mstatus, a1
	csrrs	a0, 0x300, a1
	csrrc	zero, mtvec, t0
	csrrwi	a0, mscratch, 0
	csrrsi	a0, sstatus, 31
	csrrci	a0, 4095, 5
	csrrw	a0, cycle, zero
	csrrs	t0, pmpaddr63, zero
	csrrs	t0, mhpmcounter31h, zero
	csrrs	t0, satp, zero
	csrrs	t0, fcsr, zero
	sret
	mret
	wfi
	sfence.vma	a0, a1
	sfence.vma	zero, zero
	lr.w	a0, (a1)
	amoswap.w	a0, a1, (a2)
	amoadd.w	a0, a1, (a2)
	amoxor.w	a0, a1, (a2)
	amoand.w	a0, a1, (a2)
	amoor.w	a0, a1, (a2)
	amomin.w	a0, a1, (a2)
	amomax.w	a0, a1, (a2)
	amominu.w	a0, a1, (a2)
	amomaxu.w	a0, a1, (a2)
	sc.w	a0, a1, (a2)
	lr.w.aq	a0, (a1)
	amoswap.w.aq	a0, a1, (a2)
	amoadd.w.aq	a0, a1, (a2)
	amoxor.w.aq	a0, a1, (a2)
	amoand.w.aq	a0, a1, (a2)
	amoor.w.aq	a0, a1, (a2)
	amomin.w.aq	a0, a1, (a2)
	amomax.w.aq	a0, a1, (a2)
	amominu.w.aq	a0, a1, (a2)
	amomaxu.w.aq	a0, a1, (a2)
	sc.w.aq	a0, a1, (a2)
	lr.w.rl	a0, (a1)
	amoswap.w.rl	a0, a1, (a2)
	amoadd.w.rl	a0, a1, (a2)
	amoxor.w.rl	a0, a1, (a2)
	amoand.w.rl	a0, a1, (a2)
	amoor.w.rl	a0, a1, (a2)
	amomin.w.rl	a0, a1, (a2)
	amomax.w.rl	a0, a1, (a2)
	amominu.w.rl	a0, a1, (a2)
	amomaxu.w.rl	a0, a1, (a2)
	sc.w.rl	a0, a1, (a2)
	lr.w.aqrl	a0, (a1)
	amoswap.w.aqrl	a0, a1, (a2)
	amoadd.w.aqrl	a0, a1, (a2)
	amoxor.w.aqrl	a0, a1, (a2)
	amoand.w.aqrl	a0, a1, (a2)
	amoor.w.aqrl	a0, a1, (a2)
	amomin.w.aqrl	a0, a1, (a2)
	amomax.w.aqrl	a0, a1, (a2)
	amominu.w.aqrl	a0, a1, (a2)
	amomaxu.w.aqrl	a0, a1, (a2)
	sc.w.aqrl	a0, a1, (a2)
	lr.w	t0, 0(t1)
	amoadd.w	t0, t1, 0(t2)

/*
 * trap.S -- the way into the kernel from a trap, and the way back to user code.
 *
 * stvec points at trap_entry. The hart jumps there on any trap taken in S-mode, with sepc =
 * the interrupted pc, scause and stval set, and interrupts off (sstatus.SIE = 0).
 *
 * sscratch tells where we came from: while a process runs it holds the address of that
 * process's trapframe (struct proc starts with it); while the kernel runs it holds 0.
 */
#define TF_EPC (32 * 4)

	.section .text
	.balign 4
	.global trap_entry
trap_entry:
	csrrw sp, sscratch, sp	/* swap: sp = trapframe (or 0), sscratch = the old sp */
	beqz sp, from_kernel

	/* From U-mode: save every register but x0 and sp into the trapframe. */
	sw x1, 1*4(sp)
	sw x3, 3*4(sp)
	sw x4, 4*4(sp)
	sw x5, 5*4(sp)
	sw x6, 6*4(sp)
	sw x7, 7*4(sp)
	sw x8, 8*4(sp)
	sw x9, 9*4(sp)
	sw x10, 10*4(sp)
	sw x11, 11*4(sp)
	sw x12, 12*4(sp)
	sw x13, 13*4(sp)
	sw x14, 14*4(sp)
	sw x15, 15*4(sp)
	sw x16, 16*4(sp)
	sw x17, 17*4(sp)
	sw x18, 18*4(sp)
	sw x19, 19*4(sp)
	sw x20, 20*4(sp)
	sw x21, 21*4(sp)
	sw x22, 22*4(sp)
	sw x23, 23*4(sp)
	sw x24, 24*4(sp)
	sw x25, 25*4(sp)
	sw x26, 26*4(sp)
	sw x27, 27*4(sp)
	sw x28, 28*4(sp)
	sw x29, 29*4(sp)
	sw x30, 30*4(sp)
	sw x31, 31*4(sp)
	csrr t0, sscratch	/* the user's sp */
	sw t0, 2*4(sp)
	csrr t0, sepc
	sw t0, TF_EPC(sp)
	csrw sscratch, zero	/* we are in the kernel now */

	mv a0, sp		/* trap_user(trapframe) on a fresh kernel stack */
	la sp, boot_stack_top
	call trap_user		/* returns the trapframe of the process to resume */
	/* fall through */

/* user_return(tf): restore a process's registers from tf and sret to it, in U-mode
 * (sstatus.SPP = 0) with interrupts enabled there (SPIE = 1: sret copies it into SIE). */
	.global user_return
user_return:
	li t0, 0x100		/* sstatus.SPP: return to U-mode */
	csrc sstatus, t0
	li t0, 0x20		/* sstatus.SPIE: with interrupts enabled */
	csrs sstatus, t0
	csrw sscratch, a0	/* the next trap saves into this trapframe */
	lw t0, TF_EPC(a0)
	csrw sepc, t0
	lw x1, 1*4(a0)
	lw x2, 2*4(a0)
	lw x3, 3*4(a0)
	lw x4, 4*4(a0)
	lw x5, 5*4(a0)
	lw x6, 6*4(a0)
	lw x7, 7*4(a0)
	lw x8, 8*4(a0)
	lw x9, 9*4(a0)
	lw x11, 11*4(a0)
	lw x12, 12*4(a0)
	lw x13, 13*4(a0)
	lw x14, 14*4(a0)
	lw x15, 15*4(a0)
	lw x16, 16*4(a0)
	lw x17, 17*4(a0)
	lw x18, 18*4(a0)
	lw x19, 19*4(a0)
	lw x20, 20*4(a0)
	lw x21, 21*4(a0)
	lw x22, 22*4(a0)
	lw x23, 23*4(a0)
	lw x24, 24*4(a0)
	lw x25, 25*4(a0)
	lw x26, 26*4(a0)
	lw x27, 27*4(a0)
	lw x28, 28*4(a0)
	lw x29, 29*4(a0)
	lw x30, 30*4(a0)
	lw x31, 31*4(a0)
	lw x10, 10*4(a0)	/* a0 last: it held the trapframe address */
	sret

/* From S-mode: the kernel itself trapped. Put sp and sscratch back and report, unless the trap
 * is the one a probe expects (below): then resume at the probe's "it failed" exit instead. */
from_kernel:
	csrrw sp, sscratch, sp
	csrr t0, sepc		/* t0 and t1 are free: probe_read32 does not keep them, and a panic */
	la t1, probe_load	/* does not need them */
	bne t0, t1, 2f
	la t0, probe_failed
	csrw sepc, t0
	sret			/* back to S-mode (sstatus.SPP = 1), interrupts still off (SPIE = 0) */
2:	call kernel_trap	/* panics; never returns */
1:	j 1b

/* int probe_read32(uint32_t addr, uint32_t *value): load the word at addr into *value and return
 * 0, or return -1 if the load traps because nothing answers there (an access fault, priv 3.7.1).
 * The disk driver asks each virtio slot this way: on QEMU all eight always answer, but a machine
 * (or a VM) with no device in a slot raises an access fault, which must not become a panic. This
 * is a small "exception table" as Linux has one: from_kernel above knows the one instruction that
 * may fault and where to go if it does. */
	.global probe_read32
probe_read32:
probe_load:
	lw t0, 0(a0)
	sw t0, 0(a1)
	li a0, 0
	ret
probe_failed:
	li a0, -1
	ret

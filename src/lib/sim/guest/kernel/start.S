/*
 * start.S -- the first instructions. The SBI firmware jumps here (kernel.ld puts _start at
 * 0x8020_0000) in S-mode, with paging off, a0 = this hart's id and a1 = the device tree.
 * C needs a stack and a zeroed bss; then kmain(hartid, dtb) takes over.
 */
	.section .text.start, "ax"
	.global _start
_start:
	la sp, boot_stack_top
	/* bss is not in the ELF file; nothing guarantees it is zero in RAM. Clear it. */
	la t0, bss_start
	la t1, bss_end
1:	bgeu t0, t1, 2f
	sw zero, 0(t0)
	addi t0, t0, 4
	j 1b
2:	call kmain
3:	wfi		/* kmain never returns */
	j 3b

	.section .bss.stack, "aw", @nobits
	.balign 16
	/* The one kernel stack: boot code uses it, then every trap starts again at its top. */
	.space 8192
	.global boot_stack_top
boot_stack_top:

/* crt0.S -- a user program's first instruction. The kernel starts it with sp at the top of
 * its stack page; main's return value becomes the exit status. */
	.section .text.start, "ax"
	.global _start
_start:
	call main
	call exit	/* a0 = main's return value */
1:	j 1b

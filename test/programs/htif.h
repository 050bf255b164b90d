# Shared by the HTIF test programs: tohost/fromhost as riscv-tests' env declares them.
	.section .tohost, "aw", @progbits
	.align 6
	.globl tohost
tohost:	.dword 0
	.align 6
	.globl fromhost
fromhost: .dword 0
	.text

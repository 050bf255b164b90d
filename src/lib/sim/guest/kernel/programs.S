/* programs.S -- embed each user program's ELF file, byte for byte, in the kernel's rodata.
 * The Makefile builds build/user/NAME.elf (stripped copies) first; -I tells .incbin where. */
	.macro program name
	.section .rodata.programs, "a"
	.balign 4
	.global \name\()_elf, \name\()_elf_end
\name\()_elf:
	.incbin "\name\().elf"
\name\()_elf_end:
	.endm

	program hello
	program spin
	program sleeper
	program memtouch
	program faulty
	program parent
	program hog
	program interactive
	program batch
	program diskcheck
	program diskbench
	program diskown
	program ping
	program udpserver
	program udpclient
	program pingpeer
	program udpflood

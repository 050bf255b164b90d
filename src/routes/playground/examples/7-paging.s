# Sv32 paging: M-mode builds a two-level page table, turns translation on, and drops to
# S-mode, whose loads go through virtual addresses. Step through the S-mode part and watch
# the page-walk drawing: the virtual address split into VPN[1] | VPN[0] | offset, the two
# PTEs read, the physical address. The last load touches an unmapped page: a page fault.
#
# Privileged spec §4.3 (Sv32): a 32-bit virtual address is VPN[1] (bits 31:22, 10 bits),
# VPN[0] (bits 21:12, 10 bits) and a 12-bit page offset. A page table is one 4 KiB page
# of 1024 four-byte PTEs. A PTE is PPN (bits 31:10) and flags D A G U X W R V (bits 7:0).
# §4.3.2 (the walk): read the root table's PTE at satp.PPN×4096 + VPN[1]×4. If it has
# R or X set it is a leaf (a 4 MiB megapage); otherwise its PPN points at the next table,
# where the PTE at PPN×4096 + VPN[0]×4 is the leaf of a 4 KiB page. The physical address
# is the leaf's PPN followed by the offset.

	.equ FINISHER, 0x100000
	.equ ROOT_TABLE, 0x80010000	# level 1: indexed by VPN[1]
	.equ LEAF_TABLE, 0x80011000	# level 0: indexed by VPN[0], for VPN[1] = 1
	.equ FRAME_DATA, 0x80020000	# physical pages that the virtual pages below map to
	.equ FRAME_RO, 0x80021000

	.equ VA_DATA, 0x00401000	# VPN[1] = 1, VPN[0] = 1 → FRAME_DATA, read and write
	.equ VA_RO, 0x00402000		# VPN[1] = 1, VPN[0] = 2 → FRAME_RO, read only
	.equ VA_HOLE, 0x00403000	# VPN[1] = 1, VPN[0] = 3 → no mapping: a page fault

	# PTE flag bits (§4.3.1)
	.equ PTE_V, 0x01		# valid
	.equ PTE_R, 0x02		# readable
	.equ PTE_W, 0x04		# writable
	.equ PTE_X, 0x08		# executable
	.equ PTE_A, 0x40		# accessed: set here, so the walk need not set it
	.equ PTE_D, 0x80		# dirty: likewise, for pages that are written

	# A PTE holds a physical page number (address >> 12) shifted to bit 10, then the flags.
	.equ PTR_LEAF_TABLE, ((LEAF_TABLE >> 12) << 10) | PTE_V	# R=W=X=0: a pointer
	.equ LEAF_CODE, ((0x80000000 >> 12) << 10) | PTE_V | PTE_R | PTE_X | PTE_A
	.equ LEAF_DATA, ((FRAME_DATA >> 12) << 10) | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
	.equ LEAF_RO, ((FRAME_RO >> 12) << 10) | PTE_V | PTE_R | PTE_A

	# satp (§4.1.11): MODE (bit 31, 1 = Sv32), ASID (bits 30:22), PPN of the root table
	.equ ASID, 1
	.equ SATP, (1 << 31) | (ASID << 22) | (ROOT_TABLE >> 12)

	.text
	.globl _start
_start:
	la	t0, m_trap
	csrw	mtvec, t0	# traps (the page fault) come to M-mode: medeleg stays 0

	# PMP (§3.7): let S-mode reach all memory (one NAPOT region, R W X). vmscope does not
	# check PMP yet, but real hardware and QEMU refuse S-mode accesses without an entry.
	li	t0, -1
	csrw	pmpaddr0, t0
	li	t0, 0x1f
	csrw	pmpcfg0, t0

	# Data for S-mode to find, written at physical addresses while paging is still off.
	li	t0, FRAME_DATA
	li	t1, 0x600df00d
	sw	t1, 0x120(t0)	# PA 0x80020120: S-mode reads it at VA 0x00401120
	li	t0, FRAME_RO
	li	t1, 0x0000beef
	sw	t1, 0(t0)	# PA 0x80021000: S-mode reads it at VA 0x00402000

	# The root table (RAM starts zeroed: every other PTE has V=0, so is invalid). The PTE
	# for a virtual address is at table + VPN×4, as the walk will look for it.
	li	t0, ROOT_TABLE + (0x80000000 >> 22) * 4	# VPN[1] = 0x200: 0x80010800
	li	t1, LEAF_CODE
	sw	t1, 0(t0)	# a megapage: VA 0x80000000..0x803fffff = PA, for the code
	li	t0, ROOT_TABLE + (VA_DATA >> 22) * 4	# VPN[1] = 1: 0x80010004
	li	t1, PTR_LEAF_TABLE
	sw	t1, 0(t0)	# a pointer to the second-level table

	# The second-level table: one PTE per 4 KiB page of VA 0x00400000..0x007fffff.
	li	t0, LEAF_TABLE + ((VA_DATA >> 12) & 0x3ff) * 4	# VPN[0] = 1: 0x80011004
	li	t1, LEAF_DATA
	sw	t1, 0(t0)
	li	t0, LEAF_TABLE + ((VA_RO >> 12) & 0x3ff) * 4	# VPN[0] = 2: 0x80011008
	li	t1, LEAF_RO
	sw	t1, 0(t0)
	# VPN[0] = 3 (VA_HOLE) stays 0: not mapped.

	# Turn on translation. It applies to S and U mode only: M-mode keeps physical addresses.
	li	t0, SATP
	csrw	satp, t0
	sfence.vma		# forget any old translations (§4.2.1)

	# mret goes to the mode in mstatus.MPP (bits 12:11; 1 = S) at the address in mepc.
	li	t0, 0x1800
	csrc	mstatus, t0	# MPP = 0
	li	t0, 0x0800
	csrs	mstatus, t0	# MPP = 1 (S)
	la	t0, supervisor
	csrw	mepc, t0
	mret

# S-mode: from here on every fetch, load and store is translated. The code's own fetches
# go through the megapage (one walk that stops at level 1).
supervisor:
	li	s2, VA_DATA
	lw	a1, 0x120(s2)	# VA 0x00401120 → PA 0x80020120: a1 = 0x600df00d
	addi	a1, a1, 1
	sw	a1, 0x124(s2)	# same page: the TLB has it, so no walk this time
	li	s3, VA_RO
	lw	a2, 0(s3)	# VA 0x00402000 → PA 0x80021000: a2 = 0xbeef
	li	s4, VA_HOLE
	lw	a3, 0(s4)	# VA 0x00403000: PTE V=0 → load page fault (mcause 13)
	j	.		# not reached

# M-mode trap handler: mcause says why (13 = load page fault), mtval which virtual address.
	.balign	4
m_trap:
	csrr	s5, mcause
	csrr	s6, mtval
	li	t0, FINISHER
	li	t1, 0x5555
	sw	t1, 0(t0)	# power off

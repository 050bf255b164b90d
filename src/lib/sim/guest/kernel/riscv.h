/*
 * riscv.h -- tiny wrappers around the RISC-V instructions and CSRs the kernel uses.
 *
 * Everything here is an inline function around one instruction, so that C code reads like
 * "what the hardware does" (r_scause(), w_satp(...)) and a student stepping through the kernel
 * sees exactly one csrr/csrw per call. CSR numbers and bit positions follow the RISC-V
 * privileged spec 1.12, chapter 4 ("Supervisor-Level ISA").
 */
#ifndef RISCV_H
#define RISCV_H

#include <stdint.h>

/* sstatus bits (priv 4.1.1) */
#define SSTATUS_SIE (1u << 1)  /* interrupts enabled while in S-mode */
#define SSTATUS_SPIE (1u << 5) /* SIE before the trap; sret copies it back into SIE */
#define SSTATUS_SPP (1u << 8)  /* mode before the trap: 0 = U, 1 = S; sret returns there */

/* sie / sip bits (priv 4.1.3) */
#define SIE_STIE (1u << 5) /* supervisor timer interrupt enable */
#define SIP_STIP (1u << 5) /* supervisor timer interrupt pending (set by the SBI firmware) */

/* scause: the top bit says "interrupt"; the rest is the code (priv 4.1.9, table 4.2) */
#define SCAUSE_INTERRUPT 0x80000000u
#define IRQ_S_TIMER 5
#define EXC_INST_MISALIGNED 0
#define EXC_INST_ACCESS 1
#define EXC_ILLEGAL_INST 2
#define EXC_BREAKPOINT 3
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS 7
#define EXC_ECALL_U 8
#define EXC_ECALL_S 9
#define EXC_INST_PAGE_FAULT 12
#define EXC_LOAD_PAGE_FAULT 13
#define EXC_STORE_PAGE_FAULT 15

#define CSR_READ(name)                                       \
	static inline uint32_t r_##name(void) {                  \
		uint32_t x;                                          \
		__asm__ volatile("csrr %0, " #name : "=r"(x));       \
		return x;                                            \
	}
#define CSR_WRITE(name)                                      \
	static inline void w_##name(uint32_t x) {                \
		__asm__ volatile("csrw " #name ", %0" : : "r"(x));   \
	}

CSR_READ(sstatus) CSR_WRITE(sstatus)
CSR_READ(sie) CSR_WRITE(sie)
CSR_READ(sip)
CSR_READ(sepc) CSR_WRITE(sepc)
CSR_READ(scause)
CSR_READ(stval)
CSR_WRITE(stvec)
CSR_WRITE(sscratch)
CSR_READ(satp) CSR_WRITE(satp)
CSR_WRITE(scounteren)

/* The 64-bit `time` counter, read as two halves on RV32 (unpriv "Zicntr"). If the high half
 * changed between the two reads, the low half wrapped in between: read again. */
static inline uint64_t r_time(void) {
	uint32_t hi, lo, hi2;
	do {
		__asm__ volatile("rdtimeh %0" : "=r"(hi));
		__asm__ volatile("rdtime %0" : "=r"(lo));
		__asm__ volatile("rdtimeh %0" : "=r"(hi2));
	} while (hi != hi2);
	return ((uint64_t)hi << 32) | lo;
}

/* Throw away every cached translation (priv 4.2.1). Needed after satp changes or after a
 * page-table entry is changed, because the TLB may still hold the old one. */
static inline void sfence_vma(void) { __asm__ volatile("sfence.vma zero, zero" ::: "memory"); }

/* Stall until an interrupt is pending. WFI wakes up for an interrupt that is enabled in sie even
 * when sstatus.SIE is 0 (priv 3.3.3), which is how the idle loop waits without taking a trap. */
static inline void wfi(void) { __asm__ volatile("wfi"); }

#endif

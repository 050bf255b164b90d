/* Helpers for the privileged test programs: run a function in U, S or M mode from M and get back the
 * cause of the trap that ended it; the S-mode trap log; CSR access macros. */
#ifndef PRIV_H
#define PRIV_H
#include <stdint.h>
#include "../rt.h"

#define MODE_U 0u
#define MODE_S 1u
#define MODE_M 3u

#define csrr(csr) ({ uint32_t v_; __asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csrw(csr, v) __asm__ volatile("csrw " #csr ", %0" ::"r"((uint32_t)(v)) : "memory")
#define csrs(csr, v) __asm__ volatile("csrs " #csr ", %0" ::"r"((uint32_t)(v)) : "memory")
#define csrc(csr, v) __asm__ volatile("csrc " #csr ", %0" ::"r"((uint32_t)(v)) : "memory")

/* The trap that ended run_in: mcause, mtval, mepc and mstatus as the M handler found them. */
struct mtrap { uint32_t cause, tval, epc, status; };
extern volatile struct mtrap mtrap;

/* Enter `mode` at fn (mret); returns mcause when fn's execution traps to M. M timer interrupts do
 * not end it: the M handler forwards them to S as STIP (and disables MTIE), as SBI firmware does. */
uint32_t run_in(uint32_t mode, void (*fn)(void));

/* S-mode trap handler: vectored through s_vectors (stvec = s_vectors | 1). Exceptions resume after
 * the trapping instruction; interrupts clear SSIP, or disable STIE, and resume. */
struct strap { uint32_t cause, tval, epc, status, vector; };
#define SLOG_MAX 16
extern volatile struct strap slog[SLOG_MAX];
extern volatile uint32_t slog_n;
extern char s_vectors[];

/* Open PMP for S and U (QEMU denies them everything when no PMP entry matches). */
static inline void pmp_open(void) {
	csrw(pmpaddr0, 0xffffffffu);
	csrw(pmpcfg0, 0x1fu); /* NAPOT, R W X */
}

static inline void print_slog(void) {
	for (uint32_t i = 0; i < slog_n; i++)
		print("  S trap: scause %x stval %x vector %d spp %d spie %d\n", slog[i].cause, slog[i].tval,
		      (int)slog[i].vector, (int)((slog[i].status >> 8) & 1), (int)((slog[i].status >> 5) & 1));
	slog_n = 0;
}
#endif

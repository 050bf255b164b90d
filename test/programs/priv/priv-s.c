/* The S-mode trap handler shared by the privileged test programs (see priv.h). */
#include "priv.h"

volatile struct mtrap mtrap;
volatile struct strap slog[SLOG_MAX];
volatile uint32_t slog_n;

__attribute__((interrupt("supervisor"), used)) void s_trap(void) {
	register uint32_t vector __asm__("tp");
	uint32_t cause = csrr(scause);
	if (slog_n < SLOG_MAX) {
		volatile struct strap *t = &slog[slog_n++];
		t->cause = cause;
		t->tval = csrr(stval);
		t->epc = csrr(sepc);
		t->status = csrr(sstatus);
		t->vector = vector;
	}
	if ((int32_t)cause >= 0) csrw(sepc, csrr(sepc) + 4);
	else if ((cause & 31) == 1) csrc(sip, 1u << 1); /* software: acknowledge */
	else csrc(sie, 1u << (cause & 31));              /* timer/external: stop taking it */
}

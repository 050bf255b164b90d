/* Machine timer and software interrupts through the CLINT (privileged §3.2.1): five timer ticks
 * 1000 mtime units apart, waited for with WFI, then a self-IPI through msip. */
#include "rt.h"

#define CLINT 0x02000000u
#define MSIP ((volatile uint32_t *)(CLINT + 0x0000))
#define MTIMECMP_LO ((volatile uint32_t *)(CLINT + 0x4000))
#define MTIMECMP_HI ((volatile uint32_t *)(CLINT + 0x4004))
#define MTIME_LO ((volatile uint32_t *)(CLINT + 0xbff8))
#define MTIME_HI ((volatile uint32_t *)(CLINT + 0xbffc))

static volatile int ticks, ipis, other;
static volatile uint32_t causes[8];

static uint64_t mtime(void) {
	uint32_t hi, lo;
	do {
		hi = *MTIME_HI;
		lo = *MTIME_LO;
	} while (hi != *MTIME_HI);
	return ((uint64_t)hi << 32) | lo;
}

static void set_mtimecmp(uint64_t t) { /* RV32: never let the pair pass through a small value */
	*MTIMECMP_LO = 0xffffffffu;
	*MTIMECMP_HI = (uint32_t)(t >> 32);
	*MTIMECMP_LO = (uint32_t)t;
}

static uint64_t next;

__attribute__((interrupt("machine"), aligned(4))) static void handler(void) {
	uint32_t cause;
	__asm__ volatile("csrr %0, mcause" : "=r"(cause));
	if (ticks + ipis < 8) causes[ticks + ipis] = cause;
	if (cause == 0x80000007u) {
		ticks++;
		next += 1000;
		if (ticks < 5) set_mtimecmp(next);
		else __asm__ volatile("csrc mie, %0" ::"r"(1u << 7));
	} else if (cause == 0x80000003u) {
		ipis++;
		*MSIP = 0;
	} else {
		other++;
	}
}

/* Wait for *v >= target without the check-then-WFI race: with MIE off an interrupt cannot slip in
 * between the check and the WFI, and WFI still wakes for a pending enabled interrupt (§3.3.3). */
static void wait_until(volatile int *v, int target) {
	for (;;) {
		__asm__ volatile("csrc mstatus, %0" ::"r"(1u << 3));
		if (*v >= target) break;
		__asm__ volatile("wfi");
		__asm__ volatile("csrs mstatus, %0" ::"r"(1u << 3)); /* the interrupt is taken here */
	}
	__asm__ volatile("csrs mstatus, %0" ::"r"(1u << 3));
}

int main(void) {
	__asm__ volatile("csrw mtvec, %0" ::"r"(handler));
	uint64_t start = mtime();
	next = start + 1000;
	set_mtimecmp(next);
	__asm__ volatile("csrs mie, %0" ::"r"((1u << 7) | (1u << 3)));
	__asm__ volatile("csrs mstatus, %0" ::"r"(1u << 3));
	wait_until(&ticks, 5);
	uint64_t elapsed = mtime() - start;
	*MSIP = 1; /* self-IPI: taken right after this store */
	wait_until(&ipis, 1);
	uint32_t t;
	__asm__ volatile("csrr %0, time" : "=r"(t));
	print("timer interrupts %d, software interrupts %d, others %d\n", ticks, ipis, other);
	print("causes %x %x %x %x %x %x\n", causes[0], causes[1], causes[2], causes[3], causes[4], causes[5]);
	print("elapsed >= 5000: %s, time CSR follows mtime: %s\n", elapsed >= 5000 ? "yes" : "no",
	      (uint32_t)(t - (uint32_t)start) >= 5000 ? "yes" : "no");
	return 0;
}

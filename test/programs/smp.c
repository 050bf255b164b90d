/* Four harts: a spinlock built on amoswap, a counter incremented with an LR/SC loop, AMO adds, then
 * hart 0 sends each other hart an inter-processor interrupt through the CLINT's msip and waits for
 * the acknowledgements. Run with 4 harts (QEMU -smp 4, vmscope --harts 4); hart 0 prints. */
#include "rt.h"

#define HARTS 4
#define ROUNDS 500
#define MSIP(h) ((volatile uint32_t *)(0x02000000u + 4u * (h)))

static volatile uint32_t lock;
static volatile int locked_count, lrsc_count, amo_count, arrived;
static volatile int acked[HARTS];

static void acquire(void) {
	uint32_t old;
	do __asm__ volatile("amoswap.w.aq %0, %1, (%2)" : "=r"(old) : "r"(1), "r"(&lock) : "memory");
	while (old);
}

static void release(void) {
	__asm__ volatile("amoswap.w.rl zero, zero, (%0)" ::"r"(&lock) : "memory");
}

static void lrsc_increment(volatile int *p) {
	int tmp, fail;
	__asm__ volatile("1: lr.w %0, (%2)\n"
	                 "   addi %0, %0, 1\n"
	                 "   sc.w %1, %0, (%2)\n"
	                 "   bnez %1, 1b"
	                 : "=&r"(tmp), "=&r"(fail)
	                 : "r"(p)
	                 : "memory");
}

__attribute__((interrupt("machine"), aligned(4))) static void handler(void) {
	uint32_t id;
	__asm__ volatile("csrr %0, mhartid" : "=r"(id));
	*MSIP(id) = 0;
	acked[id] = 1;
}

int main(int hart) {
	for (int i = 0; i < ROUNDS; i++) {
		acquire();
		locked_count = locked_count + 1; /* a plain read-modify-write, safe only under the lock */
		release();
		lrsc_increment(&lrsc_count);
		__atomic_fetch_add(&amo_count, 1, __ATOMIC_RELAXED);
	}
	__atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
	if (hart != 0) {
		__asm__ volatile("csrw mtvec, %0" ::"r"(handler));
		__asm__ volatile("csrs mie, %0" ::"r"(1u << 3));
		for (;;) { /* wait for the IPI without racing it (see timer.c), then park */
			__asm__ volatile("csrc mstatus, %0" ::"r"(1u << 3));
			if (acked[hart]) break;
			__asm__ volatile("wfi");
			__asm__ volatile("csrs mstatus, %0" ::"r"(1u << 3));
		}
		for (;;) __asm__ volatile("wfi");
	}
	while (arrived < HARTS) {
	}
	print("locked %d, lr/sc %d, amoadd %d (expected %d each)\n", locked_count, lrsc_count, amo_count, HARTS * ROUNDS);
	for (int h = 1; h < HARTS; h++) {
		*MSIP(h) = 1;
		while (!acked[h]) {
		}
		print("hart %d acknowledged its IPI\n", h);
	}
	return 0;
}

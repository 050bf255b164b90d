/* interactive -- sleeps a tick, wakes, does a little work, and measures how late it woke. It reads
 * the `time` CSR (10 MHz; the kernel lets user code read it, scounteren.TM): a sleep of one tick
 * that starts just after a tick should last one tick interval, and whatever it lasts beyond that
 * is its wake-up latency: the timer interrupt reaching its kernel, and, in a VM, its vCPU waiting
 * for a pCPU (steal time). It prints the mean and the worst, in microseconds. */
#include "ulib.h"

#define ROUNDS 20
#define TICK 100000u /* time counts per kernel tick (kernel/timer.h: 10 MHz / 100) */
#define PER_US 10u   /* time counts per microsecond */

static unsigned int now(void) {
	unsigned int t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

int main(void) {
	unsigned int total = 0, worst = 0;
	sleep(1); /* start just after a tick */
	for (int i = 0; i < ROUNDS; i++) {
		unsigned int before = now();
		sleep(1);
		unsigned int slept = now() - before; /* unsigned: right across a wrap of the low half */
		unsigned int late = slept > TICK ? slept - TICK : 0;
		total += late;
		if (late > worst) worst = late;
		for (volatile int k = 0; k < 2000; k++) {
		} /* a little work, as a keystroke would cause */
	}
	printf("interactive: %d wake-ups, late by %u us on average, %u us at worst\n", ROUNDS,
	       total / ROUNDS / PER_US, worst / PER_US);
	return 0;
}

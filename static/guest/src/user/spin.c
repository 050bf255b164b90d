/* spin -- a CPU hog. It never gives up the CPU on its own (no yield, no sleep): only the timer
 * interrupt takes it away, and round robin lets everyone else run. Each round it counts for at
 * least ROUND_TICKS timer ticks, glancing at the clock every CHUNK iterations, then prints. */
#include "ulib.h"

#define ROUNDS 5
#define ROUND_TICKS 2
#define CHUNK 10000

int main(void) {
	volatile unsigned int counter = 0; /* volatile: the compiler must not skip the loop */
	for (int round = 1; round <= ROUNDS; round++) {
		int until = uptime() + ROUND_TICKS;
		while (uptime() < until)
			for (int i = 0; i < CHUNK; i++) counter++;
		printf("spin: pid %d round %d/%d, counter %u, tick %d\n", getpid(), round, ROUNDS, counter, uptime());
	}
	return 0;
}

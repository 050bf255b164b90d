/* hog -- a CPU hog for sharing lessons. It never blocks and never yields: it counts for HOG_TICKS
 * timer ticks of its kernel's clock and says how far it got. In a VM beside others, how far it
 * gets in that time is the share of the processor the hypervisor's scheduler gave it. */
#include "ulib.h"

#define HOG_TICKS 30
#define CHUNK 10000

int main(void) {
	volatile unsigned int counter = 0; /* volatile: the compiler must not skip the loop */
	int start = uptime();
	while (uptime() < start + HOG_TICKS)
		for (int i = 0; i < CHUNK; i++) counter++;
	printf("hog: pid %d counted to %u in %d ticks\n", getpid(), counter, HOG_TICKS);
	return 0;
}

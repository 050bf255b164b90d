/* batch -- a fixed amount of CPU work (counting the primes below LIMIT by trial division), then
 * it reports how many ticks it took. Unlike hog, which runs for a fixed time, batch runs until its
 * work is done: under a fair scheduler beside others it simply finishes later. */
#include "ulib.h"

#define LIMIT 40000

int main(void) {
	int start = uptime();
	int primes = 0;
	for (int n = 2; n < LIMIT; n++) {
		int prime = 1;
		for (int d = 2; d * d <= n; d++)
			if (n % d == 0) {
				prime = 0;
				break;
			}
		primes += prime;
	}
	printf("batch: %d primes below %d, done in %d ticks\n", primes, LIMIT, uptime() - start);
	return 0;
}

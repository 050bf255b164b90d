/* Sieve of Eratosthenes, and a count by trial division to cross-check. */
#include "rt.h"

#define LIMIT 20000
static uint8_t composite[LIMIT + 1];

int main(void) {
	int count = 0;
	for (int i = 2; i <= LIMIT; i++) {
		if (composite[i]) continue;
		count++;
		for (int j = i * i; j <= LIMIT; j += i) composite[j] = 1;
	}
	int trial = 0;
	for (int n = 2; n <= 2000; n++) {
		int prime = 1;
		for (int d = 2; d * d <= n; d++)
			if (n % d == 0) {
				prime = 0;
				break;
			}
		trial += prime;
	}
	print("primes up to %d: %d\nprimes up to 2000: %d\nlast primes:", LIMIT, count, trial);
	int shown = 0;
	for (int i = LIMIT; i > 1 && shown < 5; i--)
		if (!composite[i]) {
			print(" %d", i);
			shown++;
		}
	print("\n");
	return count == 2262 ? 0 : 1;
}

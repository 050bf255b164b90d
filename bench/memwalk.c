/* Memory walk: a dependent pointer chase through a 256 KiB table, then strided and sequential
 * sweeps (loads and stores) over a 4 MiB array. */
#include "rt.h"

#define CHASE (1u << 16)
#define WORDS (1u << 20)
static uint32_t next[CHASE];
static uint32_t big[WORDS];

int main(void) {
	/* One cycle through all slots: a full-period LCG (Hull-Dobell) is a permutation of the indices. */
	uint32_t i = 0;
	for (uint32_t k = 0; k < CHASE; k++) {
		uint32_t j = (i * 1103515245u + 12345u) & (CHASE - 1);
		next[i] = j;
		i = j;
	}
	uint32_t p = 0, sum = 0;
	for (uint32_t k = 0; k < 512 * CHASE; k++) {
		p = next[p];
		sum += p;
	}
	for (uint32_t k = 0; k < WORDS; k++) big[k] = k * 2654435761u;
	for (int round = 0; round < 8; round++) {
		uint32_t stride = 1u + 2u * (uint32_t)round; /* odd strides visit every word */
		for (uint32_t k = 0, at = 0; k < WORDS; k++, at = (at + stride) & (WORDS - 1)) {
			uint32_t v = big[at];
			big[at] = v ^ (k << 3);
			sum += v >> round;
		}
	}
	print("memwalk %x %x\n", p, sum);
	return 0;
}

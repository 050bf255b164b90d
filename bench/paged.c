/* The same kind of work as intmix and memwalk, in S-mode with Sv32 paging on: M-mode sets up page
 * tables (RAM as identity megapages, plus a 1 MiB buffer mapped through 256 4 KiB pages at
 * 0x40000000), enters S with satp set, and the S-mode code runs an ALU loop, a pointer chase and
 * strided sweeps over the paged buffer, then returns to M with ECALL. */
#include "../test/programs/priv/priv.h"

#define PTE(pa, flags) ((((uint32_t)(pa)) >> 12 << 10) | (flags))
#define VRWXAD 0xcfu
#define BUF_VA 0x40000000u
#define WORDS (1u << 18) /* 1 MiB */
#define CHASE (1u << 14)

static uint32_t root[1024] __attribute__((aligned(4096)));
static uint32_t l0[1024] __attribute__((aligned(4096)));
static uint32_t buf[WORDS] __attribute__((aligned(4096)));
static volatile uint32_t result[2];

static void work(void) {
	volatile uint32_t *big = (volatile uint32_t *)BUF_VA;
	uint32_t h = 0x811c9dc5u, sum = 0;
	for (uint32_t k = 0; k < 4000000u; k++) {
		h = (h ^ k) * 16777619u;
		h += (h << 7) ^ (h >> 3);
	}
	uint32_t *next = (uint32_t *)BUF_VA; /* the first CHASE words hold a permutation */
	uint32_t i = 0;
	for (uint32_t k = 0; k < CHASE; k++) {
		uint32_t j = (i * 1103515245u + 12345u) & (CHASE - 1);
		next[i] = j;
		i = j;
	}
	uint32_t p = 0;
	for (uint32_t k = 0; k < 1024 * CHASE; k++) {
		p = next[p];
		sum += p;
	}
	for (int round = 0; round < 32; round++) {
		uint32_t stride = 1u + 2u * (uint32_t)round;
		for (uint32_t k = 0, at = 0; k < WORDS; k++, at = (at + stride) & (WORDS - 1)) {
			uint32_t v = big[at];
			big[at] = v ^ (k << 3);
			sum += v >> (round & 7);
		}
	}
	result[0] = h;
	result[1] = sum ^ p;
	for (;;) __asm__ volatile("ecall");
}

int main(void) {
	pmp_open();
	for (uint32_t mb = 0; mb < 4; mb++) root[0x200 + mb] = PTE(0x80000000u + (mb << 22), VRWXAD);
	root[BUF_VA >> 22] = PTE(l0, 1);
	for (uint32_t page = 0; page < WORDS / 1024; page++) l0[page] = PTE(&buf[page * 1024], VRWXAD);
	csrw(satp, 0x80000000u | ((uint32_t)root >> 12));
	__asm__ volatile("sfence.vma" ::: "memory");
	uint32_t cause = run_in(MODE_S, work);
	print("paged %x %x %x\n", cause, result[0], result[1]);
	return 0;
}

/* Self-modifying code: build a function in a data buffer, run it, rewrite it, FENCE.I, run again.
 * Checks that the simulator's decoded-instruction cache follows stores into code (Zifencei). */
#include "rt.h"

static uint32_t buf[8] __attribute__((aligned(16)));
typedef int32_t (*fn_t)(int32_t);

static uint32_t addi_a0(int32_t imm) { /* addi a0,a0,imm */
	return ((uint32_t)imm << 20) | (10u << 15) | (10u << 7) | 0x13u;
}

int main(void) {
	fn_t f = (fn_t)(uintptr_t)buf;
	buf[0] = addi_a0(5);
	buf[1] = 0x00008067; /* ret */
	__asm__ volatile("fence.i" ::: "memory");
	int32_t a = f(100);
	int32_t total = 0;
	for (int k = 1; k <= 20; k++) {
		buf[0] = addi_a0(-k);
		__asm__ volatile("fence.i" ::: "memory");
		total += f(1000);
	}
	buf[1] = addi_a0(7); /* the function grows: addi, addi, ret */
	buf[2] = 0x00008067;
	__asm__ volatile("fence.i" ::: "memory");
	print("f(100) = %d, sum of rewritten = %d, grown f(0) = %d\n", a, total, f(0));
	return 0;
}

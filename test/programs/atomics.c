/* A extension through GCC builtins: AMOs and an LR/SC compare-and-swap loop. */
#include "rt.h"

static volatile int32_t counter;
static volatile uint32_t flags;

int main(void) {
	for (int i = 0; i < 100; i++) __atomic_fetch_add(&counter, 3, __ATOMIC_SEQ_CST);
	__atomic_fetch_or(&flags, 0xf0, __ATOMIC_ACQUIRE);
	__atomic_fetch_and(&flags, 0x3c, __ATOMIC_RELEASE);
	__atomic_fetch_xor(&flags, 0x01, __ATOMIC_RELAXED);
	int32_t old = __atomic_exchange_n(&counter, -5, __ATOMIC_SEQ_CST);
	int32_t expected = -5;
	int ok = __atomic_compare_exchange_n(&counter, &expected, 77, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	expected = 1;
	int fail = __atomic_compare_exchange_n(&counter, &expected, 99, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	print("old %d counter %d flags %x cas %d/%d expected %d\n", old, counter, flags, ok, fail, expected);
	return 0;
}

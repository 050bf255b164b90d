/* M-extension edge cases (unprivileged §7.2 Table 7.1), computed with inline asm so the compiler
 * cannot fold them. */
#include "rt.h"

#define OP(name)                                                               \
	static int32_t name(int32_t a, int32_t b) {                                \
		int32_t r;                                                             \
		__asm__ volatile(#name " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));      \
		return r;                                                              \
	}
OP(mul)
OP(mulh)
OP(mulhsu)
OP(mulhu)
OP(div)
OP(divu)
OP(rem)
OP(remu)

int main(void) {
	const int32_t v[] = {0, 1, -1, 2, -2, 3, 7, -7, 0x7fffffff, (int32_t)0x80000000, 0x12345678, (int32_t)0xdeadbeef};
	const int n = sizeof v / sizeof v[0];
	uint32_t h = 0;
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++) {
			int32_t a = v[i], b = v[j];
			uint32_t r[8] = {mul(a, b), mulh(a, b), mulhsu(a, b), mulhu(a, b), div(a, b), divu(a, b), rem(a, b), remu(a, b)};
			for (int k = 0; k < 8; k++) h = (h ^ r[k]) * 16777619u;
		}
	print("div by zero: %d %u %d %u\n", div(42, 0), divu(42, 0), rem(42, 0), remu(42, 0));
	print("overflow: %d %d\n", div(-2147483647 - 1, -1), rem(-2147483647 - 1, -1));
	print("mulh(-1,-1)=%d mulhu(-1,-1)=%x mulhsu(-1,-1)=%d\n", mulh(-1, -1), mulhu(-1, -1), mulhsu(-1, -1));
	print("hash of all pairs: %x\n", h);
	return 0;
}

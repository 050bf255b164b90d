/* Integer mix: adds, shifts, xors, multiplies, divides and compares in a hash-like loop. */
#include "rt.h"

int main(void) {
	uint32_t a = 0x12345678u, b = 0x9abcdef0u, c = 1, acc = 0;
	for (uint32_t i = 0; i < 12000000u; i++) {
		a ^= a << 13;
		a ^= a >> 17;
		a ^= a << 5;
		b = b * 1664525u + 1013904223u;
		c += (a >> 3) ^ (b << 2);
		if ((int32_t)c < 0) c -= i;
		acc += c * 7 + (a & 0xff);
		if ((i & 63) == 0) acc ^= b / ((a | 1) & 0xffff);
	}
	print("intmix %x %x %x\n", a, b, acc);
	return 0;
}

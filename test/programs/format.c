/* Number formatting: the printf-like routines over edge values. */
#include "rt.h"

int main(void) {
	int32_t vals[] = {0, 1, -1, 7, -7, 42, 1000000, -1000000, 2147483647, -2147483647 - 1};
	for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++)
		print("%d as unsigned %u as hex %x\n", vals[i], (uint32_t)vals[i], (uint32_t)vals[i]);
	print("chars: %c%c%c, string: %s, percent: 100%%\n", 'a', 'b', 'c', "ok");
	return 0;
}

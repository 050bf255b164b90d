/* faulty -- misbehaves on purpose: a system call that does not exist (the kernel answers -1
 * and carries on), then a load through a null pointer (the kernel kills this process and
 * carries on with the others). */
#include "ulib.h"

int main(void) {
	long r = syscall(99, 0, 0, 0);
	printf("faulty: system call 99 returned %d\n", (int)r);
	printf("faulty: now dereferencing a null pointer\n");
	volatile int *bad = 0;
	int x = *bad; /* load page fault: page 0 is never mapped */
	printf("faulty: still alive?! read %d\n", x);
	return 0;
}

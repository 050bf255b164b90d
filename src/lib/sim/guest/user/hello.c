/* hello -- the smallest program: print, ask the kernel two questions, exit. */
#include "ulib.h"

int main(void) {
	printf("hello: hello, world! I am pid %d, running since tick %d\n", getpid(), uptime());
	return 0;
}

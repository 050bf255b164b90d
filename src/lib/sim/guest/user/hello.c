/* hello -- the smallest program: print, ask the kernel two questions, let others run once
 * (yield), exit. Two hellos started together therefore both print before either exits. */
#include "ulib.h"

int main(void) {
	printf("hello: hello, world! I am pid %d, running since tick %d\n", getpid(), uptime());
	yield();
	return 0;
}

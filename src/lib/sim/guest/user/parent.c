/* parent -- starts children and waits for each to exit, printing how it ended. faulty is
 * killed by the kernel, which reports that to the parent as exit status -1. */
#include "ulib.h"

int main(void) {
	const char *children[] = {"hello", "faulty", "nosuch"};
	for (int i = 0; i < 3; i++) printf("parent: spawn(\"%s\") = %d\n", children[i], spawn(children[i]));
	for (;;) {
		int status;
		int pid = wait(&status);
		if (pid < 0) break;
		printf("parent: child %d exited with status %d\n", pid, status);
	}
	printf("parent: no children left\n");
	return 0;
}

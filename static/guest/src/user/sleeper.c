/* sleeper -- sleeps a few times and says when it woke. While it sleeps it uses no CPU at all:
 * the kernel keeps it off the run queue until the timer has ticked enough. */
#include "ulib.h"

int main(void) {
	for (int i = 1; i <= 3; i++) {
		int before = uptime();
		printf("sleeper: pid %d going to sleep for 5 ticks at tick %d\n", getpid(), before);
		sleep(5);
		int after = uptime();
		printf("sleeper: woke at tick %d, slept %d ticks\n", after, after - before);
	}
	return 0;
}

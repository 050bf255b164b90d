/* Exits through the test finisher with a failure code. */
#include "rt.h"

int main(void) {
	puts_("exiting with 3\n");
	return 3;
}

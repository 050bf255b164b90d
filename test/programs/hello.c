#include "rt.h"

int main(void) {
	puts_("Hello from RV32 on vmscope!\n");
	return 0;
}

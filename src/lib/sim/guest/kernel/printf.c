/* printf.c -- kprintf and panic for the kernel, on top of lib/format.c.
 *
 * A whole line is formatted into a buffer first and written with one console call, so output
 * from the kernel and from processes never interleaves inside a line. */
#include "console.h"
#include "format.h"
#include "sbi.h"

void kprintf(const char *fmt, ...) {
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vformat(buf, sizeof buf, fmt, ap);
	va_end(ap);
	console_write(buf, n < (int)sizeof buf ? n : (int)sizeof buf - 1);
}

/* Something is wrong inside the kernel itself: say what, and power off. Continuing could only
 * make things worse (and would hide the first cause from a student reading the log). */
void panic(const char *fmt, ...) {
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vformat(buf, sizeof buf, fmt, ap);
	va_end(ap);
	console_write("[kernel] PANIC: ", 16);
	console_write(buf, n < (int)sizeof buf ? n : (int)sizeof buf - 1);
	console_write("\n", 1);
	sbi_shutdown(1);
}

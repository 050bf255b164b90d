/* console.c -- where kernel and user output goes: the SBI debug console.
 *
 * One place for it, so that a lesson can point at a single function and say "every character
 * anyone prints leaves the guest here". */
#include "console.h"
#include "sbi.h"

void console_write(const char *s, int n) { sbi_console_write(s, n); }

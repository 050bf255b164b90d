/* format.h -- printf-style formatting into a buffer, shared by the kernel and user programs. */
#ifndef LIB_FORMAT_H
#define LIB_FORMAT_H

#include <stdarg.h>

/* Formats into buf (at most size-1 characters, always NUL-terminated) and returns the length.
 * Understands %d %u %x %s %c %p %% with an optional 0 flag and width (e.g. %08x). No floats,
 * no 64-bit numbers: RV32 has no 64-bit divide instruction and we link no libgcc. */
int vformat(char *buf, int size, const char *fmt, va_list ap);
int format(char *buf, int size, const char *fmt, ...);

#endif

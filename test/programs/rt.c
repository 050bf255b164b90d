/* UART 16550 at 0x10000000 (QEMU virt): wait for THRE, write THR. */
#include <stdarg.h>
#include "rt.h"

#define UART ((volatile uint8_t *)0x10000000)
#define LSR_THRE 0x20

void putch(char c) {
	while (!(UART[5] & LSR_THRE)) {
	}
	UART[0] = (uint8_t)c;
}

void puts_(const char *s) {
	while (*s) putch(*s++);
}

void put_uint(uint32_t v) {
	char buf[12];
	int n = 0;
	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n) putch(buf[--n]);
}

void put_int(int32_t v) {
	if (v < 0) {
		putch('-');
		put_uint(-(uint32_t)v);
	} else {
		put_uint((uint32_t)v);
	}
}

void put_hex(uint32_t v) {
	for (int i = 28; i >= 0; i -= 4) putch("0123456789abcdef"[(v >> i) & 15]);
}

/* %d %u %x %s %c %% only: enough to print results. */
void print(const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			putch(*fmt);
			continue;
		}
		switch (*++fmt) {
		case 'd': put_int(va_arg(ap, int32_t)); break;
		case 'u': put_uint(va_arg(ap, uint32_t)); break;
		case 'x': put_hex(va_arg(ap, uint32_t)); break;
		case 's': puts_(va_arg(ap, const char *)); break;
		case 'c': putch((char)va_arg(ap, int)); break;
		case '%': putch('%'); break;
		case 0: fmt--; break;
		}
	}
	va_end(ap);
}

/* format.c -- a small vsnprintf. */
#include "format.h"

struct out {
	char *buf;
	int size; /* capacity including the final NUL */
	int len;
};

static void put(struct out *o, char c) {
	if (o->len + 1 < o->size) o->buf[o->len] = c;
	o->len++;
}

/* Prints an unsigned number in base 10 or 16, padded to width with pad ('0' or ' '). */
static void number(struct out *o, unsigned int x, unsigned int base, int neg, int width, char pad) {
	static const char digits[] = "0123456789abcdef";
	char tmp[12];
	int n = 0;
	do {
		tmp[n++] = digits[x % base];
		x /= base;
	} while (x);
	if (neg) tmp[n++] = '-';
	while (width-- > n) put(o, pad);
	while (n) put(o, tmp[--n]);
}

int vformat(char *buf, int size, const char *fmt, va_list ap) {
	struct out o = {buf, size, 0};
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		char pad = ' ';
		int width = 0;
		if (*fmt == '0') pad = '0', fmt++;
		while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
		switch (*fmt) {
		case 'd': {
			int v = va_arg(ap, int);
			number(&o, v < 0 ? 0u - (unsigned int)v : (unsigned int)v, 10, v < 0, width, pad);
			break;
		}
		case 'u': number(&o, va_arg(ap, unsigned int), 10, 0, width, pad); break;
		case 'x': number(&o, va_arg(ap, unsigned int), 16, 0, width, pad); break;
		case 'p':
			put(&o, '0'), put(&o, 'x');
			number(&o, (unsigned int)va_arg(ap, void *), 16, 0, 8, '0');
			break;
		case 'c': put(&o, (char)va_arg(ap, int)); break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s) s = "(null)";
			int n = 0;
			while (s[n]) n++;
			while (width-- > n) put(&o, ' ');
			while (*s) put(&o, *s++);
			break;
		}
		case '%': put(&o, '%'); break;
		case '\0': fmt--; break; /* a lone '%' at the end: stop */
		default: put(&o, '%'), put(&o, *fmt); break;
		}
	}
	if (size > 0) buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len;
}

int format(char *buf, int size, const char *fmt, ...) {
	va_list ap;
	va_start(ap, fmt);
	int n = vformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* A program of your own for vmscope (and QEMU's virt board): prints to the UART and exits through
 * the test finisher. Build: make (Debian's gcc-riscv64-unknown-elf), then open hello.elf in the
 * playground, or run: npx vmscope run hello.elf */
#include <stdint.h>

#define UART 0x10000000u     /* 16550: writing THR (offset 0) sends a byte */
#define FINISHER 0x00100000u /* SiFive test finisher: 0x5555 passes, code << 16 | 0x3333 fails */

static void putc_(char c) {
	volatile uint8_t *thr = (volatile uint8_t *)UART;
	volatile uint8_t *lsr = (volatile uint8_t *)(UART + 5);
	while ((*lsr & 0x20) == 0) {
	} /* wait until the transmitter can take a byte */
	*thr = (uint8_t)c;
}

static void puts_(const char *s) {
	while (*s) putc_(*s++);
}

void exit(int code) {
	volatile uint32_t *f = (volatile uint32_t *)FINISHER;
	*f = code == 0 ? 0x5555 : ((uint32_t)code << 16) | 0x3333;
	for (;;) {
	}
}

static unsigned fib(unsigned n) {
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(void) {
	puts_("Hello from my own program\n");
	unsigned f = fib(10);
	puts_(f == 55 ? "fib(10) = 55\n" : "fib(10) is wrong\n");
	return f == 55 ? 0 : 1;
}

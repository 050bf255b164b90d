/*
 * Disassembler oracle corpus: a small freestanding C program, so the listing is checked on code
 * as the Debian cross compiler writes it (gp-relative data, prologues, calls, several sections).
 * Built by test/unit/disasm-oracle.test.ts with riscv64-unknown-elf-gcc -march=rv32ima_zicsr.
 */
static const char msg[] = "hello\n";
volatile int counter;
int table[16] = {1, 2, 3};

static void put(char c) { *(volatile char *)0x10000000 = c; }

int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

unsigned sum(const unsigned *p, int n) {
	unsigned s = 0;
	for (int i = 0; i < n; i++) s += p[i] * 3u / (p[i] | 1u);
	return s;
}

void _start(void) {
	for (const char *p = msg; *p; p++) put(*p);
	counter = fib(10) + table[3] + (int)sum((const unsigned *)table, 16);
	unsigned x;
	__asm__ volatile("csrr %0, mstatus" : "=r"(x));
	counter += (int)x;
	__atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
	*(volatile int *)0x100000 = 0x5555;
	for (;;) {
	}
}

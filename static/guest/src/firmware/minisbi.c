/*
 * minisbi.c -- a minimal SBI firmware for QEMU's virt machine, RV32, one hart.
 *
 * Why it exists: QEMU's usual firmware is OpenSBI, but Debian 12 ships OpenSBI for RV64 only,
 * so `qemu-system-riscv32 -bios default` cannot start there. This file does, in M-mode, what
 * vmscope's TypeScript firmware does: the few SBI calls the teaching kernel makes (SBI spec
 * v2.0: Base, TIME, SRST, DBCN, and the legacy console/timer/shutdown calls), on QEMU's
 * devices (CLINT timer, 16550 UART, SiFive test finisher). It is test equipment for running
 * the kernel on QEMU, not part of the kernel.
 */
#include <stdint.h>

#define UART 0x10000000u         /* 16550: THR at +0, LSR at +5 (bit 5: THR empty) */
#define CLINT_MTIMECMP 0x02004000u /* hart 0's 64-bit compare register */
#define FINISHER 0x00100000u     /* write 0x5555 to power off; (code << 16) | 0x3333 to fail */

#define MIP_STIP (1u << 5)
#define MIE_MTIE (1u << 7)
#define MSTATUS_MPP_S (1u << 11)
#define MSTATUS_MPP_MASK (3u << 11)

#define SBI_ERR_NOT_SUPPORTED (-2)

#define csr_read(name) ({ uint32_t v_; __asm__ volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define csr_write(name, v) __asm__ volatile("csrw " #name ", %0" : : "r"(v))
#define csr_set(name, v) __asm__ volatile("csrs " #name ", %0" : : "r"(v))
#define csr_clear(name, v) __asm__ volatile("csrc " #name ", %0" : : "r"(v))

static void uart_putc(char c) {
	volatile uint8_t *uart = (volatile uint8_t *)UART;
	while (!(uart[5] & 0x20)) {
	}
	uart[0] = (uint8_t)c;
}

__attribute__((noreturn)) static void power_off(int failure) {
	*(volatile uint32_t *)FINISHER = failure ? 0x13333u : 0x5555u;
	for (;;) __asm__ volatile("wfi");
}

/* The next timer interrupt for S-mode. M-mode takes the CLINT's machine timer interrupt and
 * passes it on by setting mip.STIP, which S-mode sees as its own timer interrupt. */
static void set_timer(uint32_t lo, uint32_t hi) {
	volatile uint32_t *cmp = (volatile uint32_t *)CLINT_MTIMECMP;
	cmp[1] = 0xffffffffu; /* no spurious match while the halves are updated */
	cmp[0] = lo;
	cmp[1] = hi;
	csr_clear(mip, MIP_STIP);
	csr_set(mie, MIE_MTIE);
}

struct fw_dynamic_info { /* QEMU hw/riscv/boot.c, OpenSBI fw_dynamic */
	uint32_t magic, version, next_addr, next_mode, options, boot_hart;
};

struct regs {
	uint32_t x[32];
};

/* Returns the kernel's hartid/dtb in a0/a1 (they are already there) after preparing mret. */
uint64_t firmware_main(uint32_t hartid, uint32_t dtb, const struct fw_dynamic_info *info) {
	uint32_t next = 0x80200000u;
	if (info && info->magic == 0x4942534fu) next = info->next_addr; /* "OSBI" */
	/* PMP: let S and U modes reach all of memory (priv 3.7: NAPOT region covering everything). */
	csr_write(pmpaddr0, 0xffffffffu);
	csr_write(pmpcfg0, 0x1fu);
	/* Hand S-mode its own exceptions (all but ecalls from S and M, which come here) and its
	 * software, timer and external interrupts. */
	csr_write(medeleg, 0xb1ffu);
	csr_write(mideleg, 0x222u);
	csr_write(mcounteren, 7u); /* S-mode may read cycle, time, instret */
	csr_write(mie, 0u);
	csr_write(mepc, next);
	uint32_t ms = csr_read(mstatus);
	csr_write(mstatus, (ms & ~MSTATUS_MPP_MASK) | MSTATUS_MPP_S);
	return ((uint64_t)dtb << 32) | hartid;
}

static long probe(uint32_t eid) {
	switch (eid) {
	case 0x00: case 0x01: case 0x02: case 0x08: case 0x10:
	case 0x54494D45: case 0x53525354: case 0x4442434E: return 1;
	default: return 0;
	}
}

/* One SBI call: a7 = extension, a6 = function, a0.. = arguments; error in a0, value in a1. */
static void sbi(struct regs *r) {
	uint32_t eid = r->x[17], fid = r->x[16], a0 = r->x[10], a1 = r->x[11], a2 = r->x[12];
	long error = 0, value = 0;
	switch (eid) {
	case 0x00: set_timer(a0, a1); r->x[10] = 0; return;          /* legacy set_timer */
	case 0x01: uart_putc((char)a0); r->x[10] = 0; return;        /* legacy console_putchar */
	case 0x02: r->x[10] = (uint32_t)-1; return;                   /* legacy console_getchar */
	case 0x08: power_off(0);                                      /* legacy shutdown */
	case 0x10:                                                    /* Base */
		if (fid == 0) value = 2 << 24;                        /* spec version 2.0 */
		else if (fid == 1) value = 0x76;                      /* implementation id: ours */
		else if (fid == 3) value = probe(a0);
		else if (fid > 6) error = SBI_ERR_NOT_SUPPORTED;
		break;
	case 0x54494D45: /* TIME */
		if (fid == 0) set_timer(a0, a1);
		else error = SBI_ERR_NOT_SUPPORTED;
		break;
	case 0x53525354: /* SRST: type 0 shutdown, 1/2 reboot (treated as off); reason 1 = failure */
		if (fid == 0 && a0 <= 2) power_off(a1 == 1);
		error = SBI_ERR_NOT_SUPPORTED;
		break;
	case 0x4442434E: /* DBCN */
		if (fid == 0 && a2 == 0) {      /* write(num_bytes, base_lo, base_hi) */
			for (uint32_t i = 0; i < a0; i++) uart_putc(((const char *)a1)[i]);
			value = (long)a0;
		} else if (fid == 2) {          /* write_byte */
			uart_putc((char)a0);
		} else {
			error = SBI_ERR_NOT_SUPPORTED;
		}
		break;
	default: error = SBI_ERR_NOT_SUPPORTED;
	}
	r->x[10] = (uint32_t)error;
	r->x[11] = (uint32_t)value;
}

static void puthex(uint32_t v) {
	for (int i = 28; i >= 0; i -= 4) uart_putc("0123456789abcdef"[(v >> i) & 15]);
}

void m_trap_handler(struct regs *r) {
	uint32_t mcause = csr_read(mcause);
	if (mcause == 0x80000007u) {      /* machine timer: pass it on to S-mode */
		csr_clear(mie, MIE_MTIE);
		csr_set(mip, MIP_STIP);
		return;
	}
	if (mcause == 9) {                 /* ecall from S-mode: an SBI call */
		sbi(r);
		csr_write(mepc, csr_read(mepc) + 4);
		return;
	}
	const char *msg = "\nminisbi: unexpected trap, mcause 0x";
	while (*msg) uart_putc(*msg++);
	puthex(mcause);
	msg = " mepc 0x";
	while (*msg) uart_putc(*msg++);
	puthex(csr_read(mepc));
	msg = " mtval 0x";
	while (*msg) uart_putc(*msg++);
	puthex(csr_read(mtval));
	uart_putc('\n');
	power_off(1);
}

/* sbi.c -- the kernel's only way to reach the machine: an `ecall` from S-mode. */
#include "sbi.h"

/* SBI calling convention (SBI spec 3.1): a7 = extension ID, a6 = function ID, a0..a5 =
 * arguments; the firmware returns an error code in a0 and a value in a1. */
struct sbiret sbi_call(long eid, long fid, long arg0, long arg1, long arg2) {
	register long a0 __asm__("a0") = arg0;
	register long a1 __asm__("a1") = arg1;
	register long a2 __asm__("a2") = arg2;
	register long a6 __asm__("a6") = fid;
	register long a7 __asm__("a7") = eid;
	__asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a6), "r"(a7) : "memory");
	return (struct sbiret){a0, a1};
}

/* Base extension, sbi_probe_extension (FID 3): nonzero if the firmware implements eid. */
long sbi_probe(long eid) { return sbi_call(SBI_EXT_BASE, 3, eid, 0, 0).value; }

/* TIME extension, sbi_set_timer (FID 0): raise the supervisor timer interrupt once `time`
 * reaches `when`, and clear the one pending now. On RV32 the 64-bit value is split in a0/a1. */
void sbi_set_timer(uint64_t when) { sbi_call(SBI_EXT_TIME, 0, (long)(uint32_t)when, (long)(when >> 32), 0); }

static int have_dbcn;

void sbi_init(void) { have_dbcn = sbi_probe(SBI_EXT_DBCN) != 0; }

/* Console output. The Debug Console extension (DBCN, SBI 2.0) writes a whole buffer in one
 * call: fewer traps into the firmware, which matters when that firmware is a hypervisor.
 * It takes a *physical* address; the kernel is mapped at its physical address, so a kernel
 * pointer is one. Older firmware has only the legacy one-character console_putchar (EID 0x01). */
void sbi_console_write(const char *s, int n) {
	if (have_dbcn) {
		while (n > 0) {
			struct sbiret r = sbi_call(SBI_EXT_DBCN, 0, n, (long)s, 0);
			if (r.error) break;
			s += r.value, n -= r.value;
		}
		if (n <= 0) return;
	}
	while (n-- > 0) sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, *s++, 0, 0);
}

/* System Reset extension, sbi_system_reset (FID 0): type 0 = shutdown; reason 0 = none,
 * 1 = system failure. The firmware powers the machine off and never returns. */
void sbi_shutdown(int failure) {
	sbi_call(SBI_EXT_SRST, 0, 0, failure ? 1 : 0, 0);
	sbi_call(0x08, 0, 0, 0, 0); /* legacy sbi_shutdown, for firmware without SRST */
	for (;;) __asm__ volatile("wfi");
}

/*
 * sbi.h -- calls into the SBI firmware (RISC-V Supervisor Binary Interface, spec v2.0).
 *
 * The kernel owns no devices: it prints, sets its timer and powers off by asking the firmware
 * below it (M-mode on a bare machine, the hypervisor inside a VM). That is what lets the same
 * image run on both.
 */
#ifndef SBI_H
#define SBI_H

#include <stdint.h>

/* Extension IDs (SBI spec chapter 3 onwards) */
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45 /* "TIME" */
#define SBI_EXT_SRST 0x53525354 /* "SRST" */
#define SBI_EXT_DBCN 0x4442434E /* "DBCN" */

struct sbiret {
	long error; /* 0 = SBI_SUCCESS, negative = an SBI error code */
	long value;
};

struct sbiret sbi_call(long eid, long fid, long a0, long a1, long a2);
long sbi_probe(long eid);
void sbi_set_timer(uint64_t when);
void sbi_console_write(const char *s, int n);
void sbi_shutdown(int failure) __attribute__((noreturn));
void sbi_init(void);

#endif

/*
 * main.c -- kernel start-up: from start.S's jump to kmain until the first process runs.
 */
#include "console.h"
#include "disk.h"
#include "kalloc.h"
#include "memlayout.h"
#include "net.h"
#include "proc.h"
#include "riscv.h"
#include "sbi.h"
#include "string.h"
#include "timer.h"
#include "vm.h"

/*
 * Which programs to start, as NUL-separated names ended by an empty name (two NULs in a row)
 * or by the end of the array. It sits alone in its own ELF section, .bootprogs, with a fixed
 * size, so a loader can overwrite it in the ELF file before booting (src/lib/sim/guest/
 * boot-programs.ts does it for vmscope's scenarios and tests) without rebuilding the kernel.
 * One built-in name is not a program: "kernel-fault" makes the kernel itself touch an unmapped
 * address, to show what a kernel bug looks like (a panic).
 */
#define BOOT_PROGRAMS_SIZE 256
__attribute__((section(".bootprogs"), used, aligned(4))) const char boot_programs[BOOT_PROGRAMS_SIZE] =
	"hello\0sleeper\0spin\0memtouch\0faulty\0";

extern void trap_entry(void);

/* Copy the name at s into name (NUL-terminated, cut at 31 characters) and return where the
 * next one starts. A patched list is not trusted to be well formed: names may run up to the
 * end of the array without a NUL. */
static const char *take_name(const char *s, char name[32]) {
	const char *limit = boot_programs + BOOT_PROGRAMS_SIZE;
	int n = 0;
	for (; s < limit && *s; s++)
		if (n < 31) name[n++] = *s;
	name[n] = '\0';
	return s + 1;
}

static void start_boot_programs(void) {
	const char *limit = boot_programs + BOOT_PROGRAMS_SIZE;
	char name[32];
	kprintf("[kernel] boot programs:");
	for (const char *s = boot_programs; s < limit && *s;) {
		s = take_name(s, name);
		kprintf(" %s", name);
	}
	kprintf("\n");
	for (const char *s = boot_programs; s < limit && *s;) {
		s = take_name(s, name);
		if (strcmp(name, "kernel-fault") == 0) {
			kprintf("[kernel] kernel-fault: the kernel now loads from unmapped address 0x00000010\n");
			(void)*(volatile uint32_t *)0x10;
		}
		if (!proc_create(name, 0)) kprintf("[kernel] cannot start '%s': no such program, or out of memory\n", name);
	}
}

void kmain(uint32_t hartid, uint32_t dtb) {
	(void)dtb; /* the device tree: this kernel needs nothing from it */
	sbi_init();
	kprintf("\nvmscope teaching kernel: RV32 S-mode, Sv32, hart %u\n", hartid);
	struct sbiret v = sbi_call(SBI_EXT_BASE, 0, 0, 0, 0); /* sbi_get_spec_version */
	kprintf("[kernel] SBI v%d.%d\n", (int)((v.value >> 24) & 0x7f), (int)(v.value & 0xffffff));

	/* Traps go to trap.S in direct mode (stvec low bits 00). sscratch = 0 means "in the kernel". */
	w_stvec((uint32_t)trap_entry);
	w_sscratch(0);
	/* User code may read `time` (scounteren.TM), so a program can time itself (interactive). */
	w_scounteren(1u << 1);

	kinit();
	kvm_init();
	disk_init(); /* silent, and before the count of free pages: it takes a page per disk */
	net_init();  /* the same for a network card: its queues and receive buffers */
	kprintf("[kernel] paging on (satp 0x%08x), %d free pages of %u KiB\n", r_satp(), kfree_count(),
	        PGSIZE / 1024);
	disk_report(); /* nothing when there is no disk */
	net_report();  /* nothing without a network card; with one, DHCP */
	start_boot_programs();
	timer_init();
	user_return(&schedule()->tf); /* from here on the kernel only runs when a trap brings it */
}

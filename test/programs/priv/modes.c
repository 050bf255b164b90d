/* Privilege modes and the trap router (privileged spec 1.12 §3.1.6–3.1.9, §3.3, §4.1): ECALL causes
 * per mode, xPP/xPIE stacking, delegation through medeleg/mideleg, vectored stvec, software and timer
 * interrupts delegated to S, WFI, counter enables, and the TW/TSR/TVM traps. Prints what each trap
 * left in the CSRs; the same output on QEMU virt and vmscope. */
#include "priv.h"

#define CLINT 0x02000000u
#define MTIMECMP_LO ((volatile uint32_t *)(CLINT + 0x4000))
#define MTIMECMP_HI ((volatile uint32_t *)(CLINT + 0x4004))
#define MTIME_LO ((volatile uint32_t *)(CLINT + 0xbff8))

#define ECALL() __asm__ volatile("ecall")
#define END() for (;;) ECALL()

static volatile uint32_t flag, value;

static void do_ecall(void) { END(); }
static void read_sstatus(void) { value = csrr(sstatus); END(); }
static void read_mstatus(void) { value = csrr(mstatus); END(); }
static void do_sret(void) { __asm__ volatile("sret"); END(); }
static void do_mret(void) { __asm__ volatile("mret"); END(); }
static void do_wfi(void) { __asm__ volatile("wfi"); END(); }
static void do_sfence(void) { __asm__ volatile("sfence.vma"); END(); }
static void read_satp(void) { value = csrr(satp); END(); }
static void read_cycle(void) { value = csrr(cycle); END(); }
static void read_instret(void) { value = csrr(instret); END(); }
static void illegal_then_ebreak(void) {
	__asm__ volatile(".4byte 0xffffffff");
	ECALL(); /* delegated: handled by S, resumes here */
	__asm__ volatile("ebreak");
	END();
}
static void set_ssip(void) {
	csrs(sstatus, 1u << 1); /* SIE */
	csrs(sip, 1u << 1);     /* taken at once: SSIP, vectored */
	END();
}
static void ssip_masked(void) {
	csrc(sstatus, 1u << 1);
	csrs(sip, 1u << 1); /* SIE = 0 in S: stays pending */
	value = csrr(sip);
	csrc(sip, 1u << 1);
	END();
}
static void user_spins(void) {
	for (int i = 0; i < 10; i++) value = i; /* U: S interrupts are enabled whatever SIE says */
	END();
}
static void wait_timer(void) {
	csrc(sstatus, 1u << 1);
	/* WFI wakes on a pending, enabled interrupt even with SIE = 0 (§3.3.3) */
	while (!(csrr(sip) & (1u << 5))) __asm__ volatile("wfi");
	value = csrr(sip);
	csrs(sstatus, 1u << 1); /* now it is taken */
	END();
}

static void report(const char *what, uint32_t cause) {
	/* EBREAK's mtval is its pc on vmscope (as Spike), 0 on QEMU 7.2: both legal (§3.1.16) */
	print("%s: mcause %x mtval %x mpp %d mpie %d\n", what, cause, cause == 3 ? 0 : mtrap.tval,
	      (int)((mtrap.status >> 11) & 3), (int)((mtrap.status >> 7) & 1));
	print_slog();
}

int main(void) {
	pmp_open();
	csrw(stvec, (uint32_t)s_vectors | 1);

	print("-- ecall causes and MPP\n");
	report("ecall from U", run_in(MODE_U, do_ecall));
	report("ecall from S", run_in(MODE_S, do_ecall));
	report("ecall from M", run_in(MODE_M, do_ecall));
	csrs(mstatus, 1u << 7); /* MPIE = 1: mret leaves MIE = 1 in S, and the trap stacks it into MPIE */
	report("ecall from S with MIE = 1", run_in(MODE_S, do_ecall));

	print("-- illegal instructions (mtval = the instruction)\n");
	report("U reads sstatus", run_in(MODE_U, read_sstatus));
	report("S reads mstatus", run_in(MODE_S, read_mstatus));
	report("S reads sstatus", run_in(MODE_S, read_sstatus));
	report("U sret", run_in(MODE_U, do_sret));
	report("S mret", run_in(MODE_S, do_mret));
	report("U wfi", run_in(MODE_U, do_wfi));
	report("U sfence.vma", run_in(MODE_U, do_sfence));
	csrs(mstatus, 1u << 21); /* TW */
	report("S wfi, TW=1", run_in(MODE_S, do_wfi));
	csrc(mstatus, 1u << 21);
	csrs(mstatus, 1u << 22); /* TSR */
	report("S sret, TSR=1", run_in(MODE_S, do_sret));
	csrc(mstatus, 1u << 22);
	csrs(mstatus, 1u << 20); /* TVM */
	report("S reads satp, TVM=1", run_in(MODE_S, read_satp));
	report("S sfence.vma, TVM=1", run_in(MODE_S, do_sfence));
	csrc(mstatus, 1u << 20);
	report("S reads satp, TVM=0", run_in(MODE_S, read_satp));

	print("-- counter enables\n");
	csrw(mcounteren, 0);
	csrw(scounteren, 0);
	report("S cycle, mcounteren=0", run_in(MODE_S, read_cycle));
	csrw(mcounteren, 5); /* CY, IR */
	report("S cycle, mcounteren=5", run_in(MODE_S, read_cycle));
	report("U instret, scounteren=0", run_in(MODE_U, read_instret));
	csrw(scounteren, 4);
	report("U instret, scounteren=4", run_in(MODE_U, read_instret));
	report("U cycle, scounteren=4", run_in(MODE_U, read_cycle));

	print("-- delegation\n");
	csrw(medeleg, 0xffffffffu);
	/* WARL: QEMU 7.2 also keeps bits for the H extension (10, 20-23), for LCOFI (13), and bit 11,
	 * which §3.1.8 makes read-only 0; the unit tests check vmscope's exact values. */
	print("medeleg reads %x\n", csrr(medeleg) & 0xb3ffu);
	csrw(mideleg, 0xffffffffu);
	print("mideleg reads %x\n", csrr(mideleg) & 0x222u);
	csrw(medeleg, (1u << 2) | (1u << 8));
	report("U: illegal and ecall delegated, ebreak not", run_in(MODE_U, illegal_then_ebreak));
	report("M: never delegated", run_in(MODE_M, illegal_then_ebreak));
	csrw(medeleg, 0);

	print("-- software interrupt delegated to S (vectored stvec)\n");
	csrw(mideleg, (1u << 1) | (1u << 5));
	csrw(mie, (1u << 1) | (1u << 5));
	report("S sets SSIP with SIE=1", run_in(MODE_S, set_ssip));
	report("S sets SSIP with SIE=0", run_in(MODE_S, ssip_masked));
	print("  sip was %x\n", value);
	csrs(mip, 1u << 1);
	report("SSIP pending, U runs", run_in(MODE_U, user_spins));
	print("mie %x mideleg %x\n", csrr(mie), csrr(mideleg) & 0x222u);

	print("-- priority: SSI before STI\n");
	csrw(mie, (1u << 1) | (1u << 5));
	csrs(mip, (1u << 1) | (1u << 5));
	report("SSIP and STIP pending, U runs", run_in(MODE_U, user_spins));
	csrc(mip, 1u << 5);

	print("-- timer: M timer forwarded to S as STIP, waited for with WFI in S\n");
	csrw(mie, (1u << 7) | (1u << 5));
	*MTIMECMP_LO = 0xffffffffu;
	*MTIMECMP_HI = 0;
	*MTIMECMP_LO = *MTIME_LO + 500;
	report("S waits for the timer", run_in(MODE_S, wait_timer));
	print("  sip after wfi %x\n", value & (1u << 5));
	csrc(mip, 1u << 5);
	print("done\n");
	return 0;
}

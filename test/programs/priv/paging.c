/* Sv32 (privileged spec 1.12 §4.3): translations through 4 KiB pages and a megapage, each page-fault
 * cause with mtval = the virtual address, access faults past the bus, SUM, MXR, MPRV, hardware A/D
 * updates, a misaligned access across two pages, AMOs and LR through the MMU, and SFENCE.VMA making a
 * changed PTE visible. Only architecturally guaranteed outcomes are printed (no stale-TLB reads), so
 * the output is the same on QEMU virt and vmscope. */
#include "priv.h"

#define V (1u << 0)
#define R (1u << 1)
#define W (1u << 2)
#define X (1u << 3)
#define U (1u << 4)
#define A (1u << 6)
#define D (1u << 7)
#define PTE(pa, flags) ((((uint32_t)(pa)) >> 12 << 10) | (flags))

static uint32_t root[1024] __attribute__((aligned(4096)));
static uint32_t root_u[1024] __attribute__((aligned(4096)));
static uint32_t l0[1024] __attribute__((aligned(4096)));
static uint32_t pages[8][1024] __attribute__((aligned(4096)));

#define VA(n) (0x40000000u + 0x1000u * (n))
enum { P_RW, P_RO, P_USER, P_XONLY, P_INVALID, P_NOAD, P_WONLY, P_SPARE };

static volatile uint32_t value, value2;
#define ECALL() __asm__ volatile("ecall")
#define END() for (;;) ECALL()
#define LOAD(va) (*(volatile uint32_t *)(va))

static void s_load_rw(void) { value = LOAD(VA(P_RW)); END(); }
static void s_store_ro(void) { *(volatile uint32_t *)VA(P_RO) = 1; END(); }
static void s_load_invalid(void) { value = LOAD(VA(P_INVALID) + 0x10); END(); }
static void s_fetch_invalid(void) { ((void (*)(void))VA(P_INVALID))(); END(); }
static void s_fetch_nox(void) { ((void (*)(void))VA(P_RW))(); END(); }
static void s_load_user(void) { value = LOAD(VA(P_USER) + 4); END(); }
static void s_fetch_user(void) { ((void (*)(void))VA(P_USER))(); END(); }
static void s_load_xonly(void) { value = LOAD(VA(P_XONLY) + 8); END(); }
static void s_load_wonly(void) { value = LOAD(VA(P_WONLY)); END(); }
static void s_load_misaligned_megapage(void) { value = LOAD(0x40400000u + 0x20); END(); }
static void s_load_beyond_bus(void) { value = LOAD(0x40800000u); END(); }
static void s_touch_noad(void) {
	value = LOAD(VA(P_NOAD));
	value2 = root[0]; /* something else to do between */
	END();
}
static void s_store_noad(void) { *(volatile uint32_t *)VA(P_NOAD) = 7; END(); }
/* One lw/sw each (a C access to a constant misaligned address would be split into byte accesses). */
static void s_cross_load(void) {
	uint32_t v;
	__asm__ volatile("lw %0, 0(%1)" : "=r"(v) : "r"(VA(P_RW) + 0xffe) : "memory");
	value = v;
	END();
}
static void s_cross_store(void) {
	__asm__ volatile("sw %0, 0(%1)" ::"r"(0xabcdef01), "r"(VA(P_RW) + 0xffe) : "memory");
	END();
}
static void s_amo(void) {
	uint32_t old;
	__asm__ volatile("amoadd.w %0, %2, (%1)" : "=r"(old) : "r"(VA(P_RW) + 8), "r"(5) : "memory");
	value = old;
	END();
}
static void s_amo_ro(void) {
	uint32_t old;
	__asm__ volatile("amoswap.w %0, %2, (%1)" : "=r"(old) : "r"(VA(P_RO)), "r"(5) : "memory");
	END();
}
static void s_lr_invalid(void) {
	uint32_t v;
	__asm__ volatile("lr.w %0, (%1)" : "=r"(v) : "r"(VA(P_INVALID)) : "memory");
	END();
}
static void s_remap(void) {
	value = LOAD(VA(P_SPARE));
	l0[P_SPARE] = PTE(pages[P_RO], V | R | A);
	__asm__ volatile("sfence.vma %0, zero" ::"r"(VA(P_SPARE)) : "memory");
	value2 = LOAD(VA(P_SPARE));
	END();
}
static void u_load_user(void) { value = LOAD(VA(P_USER) + 4); END(); }
static void u_load_rw(void) { value = LOAD(VA(P_RW)); END(); }

static uint32_t satp_of(uint32_t *table, uint32_t asid) {
	return 0x80000000u | (asid << 22) | ((uint32_t)table >> 12);
}

static void report(const char *what, uint32_t cause) {
	print("%s: mcause %x mtval %x mepc-in-page %x\n", what, cause, mtrap.tval,
	      (cause == 12) ? mtrap.epc : 0);
}

static void run_s(const char *what, void (*fn)(void)) {
	csrw(satp, satp_of(root, 0));
	__asm__ volatile("sfence.vma" ::: "memory");
	report(what, run_in(MODE_S, fn));
}

int main(void) {
	pmp_open();
	for (int i = 0; i < 8; i++)
		for (int j = 0; j < 1024; j++) pages[i][j] = 0x1000u * i + 4u * j;
	/* RAM 0x80000000..0x803fffff as an identity megapage: S-only for S tests, U for U tests */
	root[0x200] = PTE(0x80000000u, V | R | W | X | A | D);
	root_u[0x200] = PTE(0x80000000u, V | R | W | X | U | A | D);
	root[0x100] = root_u[0x100] = PTE(l0, V); /* 0x40000000: pointer to l0 */
	root[0x101] = PTE(0x80001000u, V | R | A); /* 0x40400000: megapage, PPN not aligned */
	root[0x102] = (0x100000u << 10) | V | R | W | A | D; /* 0x40800000 -> PA 0x1_0000_0000 */
	l0[P_RW] = PTE(pages[P_RW], V | R | W | A | D);
	l0[P_RO] = PTE(pages[P_RO], V | R | A);
	l0[P_USER] = PTE(pages[P_USER], V | R | W | X | U | A | D);
	l0[P_XONLY] = PTE(pages[P_XONLY], V | X | A);
	l0[P_INVALID] = PTE(pages[P_INVALID], R | W); /* V = 0 */
	l0[P_NOAD] = PTE(pages[P_NOAD], V | R | W);
	l0[P_WONLY] = PTE(pages[P_WONLY], V | W | A | D); /* reserved encoding */
	l0[P_SPARE] = PTE(pages[P_SPARE], V | R | W | A | D);

	print("-- S-mode translation and page faults\n");
	run_s("load through a 4 KiB page", s_load_rw);
	print("  value %x\n", value);
	run_s("store to a read-only page", s_store_ro);
	run_s("load from an invalid PTE", s_load_invalid);
	run_s("fetch from an invalid PTE", s_fetch_invalid);
	run_s("fetch from a page without X", s_fetch_nox);
	run_s("load with W=1 R=0 (reserved)", s_load_wonly);
	run_s("load through a misaligned megapage", s_load_misaligned_megapage);
	run_s("load from PA 0x100000000", s_load_beyond_bus);

	print("-- SUM and MXR\n");
	run_s("S loads a U page, SUM=0", s_load_user);
	csrs(mstatus, 1u << 18);
	run_s("S loads a U page, SUM=1", s_load_user);
	print("  value %x\n", value);
	run_s("S fetches from a U page, SUM=1", s_fetch_user);
	csrc(mstatus, 1u << 18);
	run_s("load from an X-only page, MXR=0", s_load_xonly);
	csrs(mstatus, 1u << 19);
	run_s("load from an X-only page, MXR=1", s_load_xonly);
	print("  value %x\n", value);
	csrc(mstatus, 1u << 19);

	print("-- U mode\n");
	csrw(satp, satp_of(root_u, 0));
	__asm__ volatile("sfence.vma" ::: "memory");
	report("U loads a U page", run_in(MODE_U, u_load_user));
	print("  value %x\n", value);
	csrw(satp, satp_of(root_u, 0));
	report("U loads a non-U page", run_in(MODE_U, u_load_rw));

	print("-- MPRV\n");
	csrw(satp, satp_of(root, 0));
	__asm__ volatile("sfence.vma" ::: "memory");
	csrc(mstatus, 3u << 11);
	csrs(mstatus, (1u << 11) | (1u << 17)); /* MPP = S, MPRV = 1 */
	value = LOAD(VA(P_RW) + 12);
	csrc(mstatus, 1u << 17);
	csrw(satp, 0);
	print("M load with MPRV=1, MPP=S: value %x\n", value);

	print("-- A/D bits (hardware-managed)\n");
	print("before: pte flags %x\n", l0[P_NOAD] & 0xff);
	run_s("load", s_touch_noad);
	print("after a load: pte flags %x\n", l0[P_NOAD] & 0xff);
	run_s("store", s_store_noad);
	print("after a store: pte flags %x, value %x\n", l0[P_NOAD] & 0xff, pages[P_NOAD][0]);

	print("-- accesses across a page boundary\n");
	run_s("misaligned load across two pages", s_cross_load);
	print("  value %x\n", value);
	run_s("misaligned store into a read-only second page", s_cross_store);
	print("  first page untouched: %x\n", pages[P_RW][1023]); /* §2.6 lets a split store write part; */
	/* neither QEMU nor vmscope does */

	print("-- atomics\n");
	run_s("amoadd through a page", s_amo);
	print("  old %x new %x\n", value, pages[P_RW][2]);
	run_s("amoswap on a read-only page", s_amo_ro);
	run_s("lr on an invalid PTE", s_lr_invalid);

	print("-- sfence.vma after changing a PTE\n");
	run_s("remap", s_remap);
	print("  before %x after %x\n", value, value2);
	print("done\n");
	return 0;
}

/* Physical memory protection (privileged spec 1.12 §3.7): NAPOT, NA4 and TOR entries, the lowest
 * matching entry deciding, R/W/X per access type with the access-fault cause of each, M-mode passing
 * unlocked entries, a locked entry binding M and ignoring writes, and the page walk checked as an
 * S-mode access. Only outcomes both QEMU virt and vmscope must give are printed. */
#include "priv.h"

#define R 1u
#define W 2u
#define X 4u
#define TOR (1u << 3)
#define NA4 (2u << 3)
#define NAPOT (3u << 3)
#define L 0x80u
/* pmpaddr for a NAPOT region of `size` bytes (a power of two, >= 8) at `base` (aligned to it). */
#define NAPOT_ADDR(base, size) ((((uint32_t)(base)) >> 2) | (((size) >> 3) - 1))

static uint32_t ro_page[1024] __attribute__((aligned(4096)));
static uint32_t none_page[1024] __attribute__((aligned(4096)));
static uint32_t tor_page[1024] __attribute__((aligned(4096)));
static uint32_t word_page[1024] __attribute__((aligned(4096)));
static uint32_t root[1024] __attribute__((aligned(4096)));
static uint32_t locked_page[1024] __attribute__((aligned(4096)));

static volatile uint32_t value;
#define ECALL() __asm__ volatile("ecall")
#define END() for (;;) ECALL()
#define LOAD(a) (*(volatile uint32_t *)(a))
#define STORE(a, v) (*(volatile uint32_t *)(a) = (v))

static void nothing(void) { END(); }
static void load_ro(void) { value = LOAD(&ro_page[3]); END(); }
static void store_ro(void) { STORE(&ro_page[3], 5); END(); }
static void fetch_ro(void) { ((void (*)(void))ro_page)(); END(); }
static void load_none(void) { value = LOAD(&none_page[8]); END(); }
static void load_tor(void) { value = LOAD(&tor_page[100]); END(); }
static void load_word(void) { value = LOAD(&word_page[4]); END(); }
static void load_next_word(void) { value = LOAD(&word_page[5]); END(); }
static void amo_ro(void) {
	uint32_t old;
	__asm__ volatile("amoadd.w %0, %2, (%1)" : "=r"(old) : "r"(&ro_page[2]), "r"(1) : "memory");
	END();
}
static void load_locked(void) { value = LOAD(&locked_page[0]); END(); }

static void report(const char *what, uint32_t cause, const void *addr) {
	/* mtval for an access fault is the faulting address on both (QEMU and vmscope) */
	print("%s: mcause %x%s\n", what, cause,
	      cause == 8 || cause == 9 || cause == 11 ? "" : (mtrap.tval == (uint32_t)addr ? " at the address" : " elsewhere"));
}

int main(void) {
	csrw(medeleg, 0);
	ro_page[0] = 0x00008067; /* ret: a fetch from the page would otherwise do something */
	ro_page[3] = 0x1234;
	print("-- no entries: S and U reach nothing, M everything\n");
	value = LOAD(&none_page[0]);
	/* §3.7.1: the first fetch in U fails (instruction access fault, vmscope); QEMU 7.2 refuses the MRET
	 * itself as an illegal instruction. Either way U never runs. */
	uint32_t c = run_in(MODE_U, nothing);
	print("U with no entries: %s\n", c == 1 || c == 2 ? "refused" : "ran");

	print("-- NAPOT pages, the lowest entry decides, one catch-all last\n");
	csrw(pmpaddr0, NAPOT_ADDR(ro_page, 4096));
	csrw(pmpaddr1, NAPOT_ADDR(none_page, 4096));
	csrw(pmpaddr2, ((uint32_t)tor_page) >> 2); /* the base of entry 3's TOR range (entry 2 is OFF) */
	csrw(pmpaddr3, ((uint32_t)tor_page + 4096) >> 2);
	csrw(pmpaddr4, ((uint32_t)&word_page[4]) >> 2);
	csrw(pmpaddr5, 0xffffffffu);
	csrw(pmpcfg0, (NAPOT | R) | (NAPOT << 8) | (0u << 16) | ((TOR | X) << 24));
	csrw(pmpcfg1, NA4 | ((NAPOT | R | W | X) << 8));
	print("pmpcfg0 %x pmpcfg1 %x\n", csrr(pmpcfg0), csrr(pmpcfg1));
	report("U ecall", run_in(MODE_U, nothing), 0);
	report("U load from R page", run_in(MODE_U, load_ro), 0);
	print("  loaded %x\n", value);
	report("U store to R page", run_in(MODE_U, store_ro), &ro_page[3]);
	report("U amoadd on R page", run_in(MODE_U, amo_ro), &ro_page[2]);
	report("U fetch from R page", run_in(MODE_U, fetch_ro), ro_page);
	report("S load from no-permission page", run_in(MODE_S, load_none), &none_page[8]);
	report("S load from X-only TOR range", run_in(MODE_S, load_tor), &tor_page[100]);
	report("U load from no-permission NA4 word", run_in(MODE_U, load_word), &word_page[4]);
	report("U load from the word after it", run_in(MODE_U, load_next_word), 0);
	report("M load from no-permission page", run_in(MODE_M, load_none), 0);
	report("M store to R page", run_in(MODE_M, store_ro), 0);

	print("-- the page walk is an S-mode access\n");
	/* root maps 0x80000000 (a megapage, identity, RWX, A D): reading it is denied by entry 1 */
	for (int i = 0; i < 1024; i++) root[i] = 0;
	root[0x200] = (0x80000000u >> 12 << 10) | 0xcf;
	csrw(pmpaddr1, NAPOT_ADDR(root, 4096));
	csrw(satp, (1u << 31) | ((uint32_t)root >> 12));
	report("S fetch through a denied table", run_in(MODE_S, nothing), nothing);
	csrw(pmpaddr1, NAPOT_ADDR(none_page, 4096));
	report("S fetch through an allowed table", run_in(MODE_S, nothing), 0);
	csrw(satp, 0);

	print("-- a locked entry binds M and ignores writes\n");
	csrw(pmpaddr6, NAPOT_ADDR(locked_page, 4096));
	csrw(pmpcfg0, (NAPOT | L) | (NAPOT << 8) | (0u << 16) | ((TOR | X) << 24));
	/* entry 0 is now locked: pmpaddr0 and pmpcfg0's byte 0 no longer change */
	csrw(pmpaddr0, 0);
	csrw(pmpcfg0, (NAPOT | R) | (NAPOT << 8));
	print("pmpcfg0 %x pmpaddr0 %s\n", csrr(pmpcfg0),
	      csrr(pmpaddr0) == NAPOT_ADDR(ro_page, 4096) ? "kept" : "changed");
	report("M load from locked no-permission page", run_in(MODE_M, load_ro), &ro_page[3]);
	report("M load from an unlocked page", run_in(MODE_M, load_locked), 0);
	print("done\n");
	return 0;
}

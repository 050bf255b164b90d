/* vm.h -- Sv32 page tables: the kernel's mappings and one address space per process. */
#ifndef VM_H
#define VM_H

#include <stdint.h>

/* Sv32 page-table entry bits (priv 4.3.1, figure 4.18) */
#define PTE_V (1u << 0) /* valid */
#define PTE_R (1u << 1) /* readable */
#define PTE_W (1u << 2) /* writable */
#define PTE_X (1u << 3) /* executable */
#define PTE_U (1u << 4) /* accessible in U-mode (and only there, unless sstatus.SUM) */
#define PTE_G (1u << 5) /* global: present in every address space */
#define PTE_A (1u << 6) /* accessed */
#define PTE_D (1u << 7) /* dirty */

#define PTE2PA(pte) (((pte) >> 10) << 12)
#define PA2PTE(pa) (((uint32_t)(pa) >> 12) << 10)
#define VPN1(va) (((va) >> 22) & 0x3ff) /* index into the root table */
#define VPN0(va) (((va) >> 12) & 0x3ff) /* index into a second-level table */
#define SATP_SV32 (1u << 31)
#define MAKE_SATP(root) (SATP_SV32 | ((uint32_t)(root) >> 12))

typedef uint32_t pte_t;
typedef pte_t *pagetable_t; /* 1024 entries: exactly one page */

void kvm_init(void);
void kvm_switch(void);
pagetable_t uvm_create(void);
int uvm_map(pagetable_t pt, uint32_t va, void *frame, uint32_t perm);
int uvm_alloc(pagetable_t pt, uint32_t va, uint32_t perm);
void uvm_unmap(pagetable_t pt, uint32_t va);
pte_t *walk(pagetable_t pt, uint32_t va, int alloc);
void uvm_free(pagetable_t pt);
int copyin(pagetable_t pt, void *dst, uint32_t srcva, uint32_t len);
int copyout(pagetable_t pt, uint32_t dstva, const void *src, uint32_t len);
int uvm_count(pagetable_t pt);
char *user_addr(pagetable_t pt, uint32_t va, uint32_t need);

#endif

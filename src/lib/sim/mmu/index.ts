/**
 * The MMU: one page walker for Sv32 and Sv32x4 (walker.ts), a TLB tagged by ASID and VMID (tlb.ts), and
 * the translate glue a hart calls (translate.ts). Import from here.
 */
export * from './walker';
export * from './tlb';
export * from './translate';

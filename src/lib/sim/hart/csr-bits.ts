/**
 * Bit fields of the privileged CSRs (privileged spec 1.12 chapters 3 and 4), declared once so the CSR
 * file, the trap router and the MMU glue read the same names.
 */

// mstatus (§3.1.6, Figure 3.7) and its sstatus view (§4.1.1, Figure 4.2)
export const MSTATUS_SIE = 1 << 1;
export const MSTATUS_MIE = 1 << 3;
export const MSTATUS_SPIE = 1 << 5;
export const MSTATUS_UBE = 1 << 6;
export const MSTATUS_MPIE = 1 << 7;
export const MSTATUS_SPP = 1 << 8;
export const MSTATUS_MPP_SHIFT = 11;
export const MSTATUS_MPP = 3 << MSTATUS_MPP_SHIFT;
export const MSTATUS_MPRV = 1 << 17;
export const MSTATUS_SUM = 1 << 18;
export const MSTATUS_MXR = 1 << 19;
export const MSTATUS_TVM = 1 << 20;
export const MSTATUS_TW = 1 << 21;
export const MSTATUS_TSR = 1 << 22;
/**
 * What software may change in mstatus. FS, VS, XS and SD are 0 (no F, V or custom state); UBE, MBE, SBE
 * are 0 (little-endian only); MPP takes only U, S or M (checked in the CSR file).
 */
export const MSTATUS_WRITABLE =
	MSTATUS_SIE |
	MSTATUS_MIE |
	MSTATUS_SPIE |
	MSTATUS_MPIE |
	MSTATUS_SPP |
	MSTATUS_MPP |
	MSTATUS_MPRV |
	MSTATUS_SUM |
	MSTATUS_MXR |
	MSTATUS_TVM |
	MSTATUS_TW |
	MSTATUS_TSR;
/** §4.1.1: sstatus shows SIE, SPIE, UBE, SPP, FS, VS, XS, SUM, MXR, SD of mstatus; these are writable. */
export const SSTATUS_MASK = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR;

// mip/mie (§3.1.9, Figures 3.14–3.15); interrupt code n is bit n.
export const MIP_SSIP = 1 << 1;
export const MIP_MSIP = 1 << 3;
export const MIP_STIP = 1 << 5;
export const MIP_MTIP = 1 << 7;
export const MIP_SEIP = 1 << 9;
export const MIP_MEIP = 1 << 11;
/** The supervisor-level interrupts: the only ones mideleg can delegate (§3.1.8, WARL). */
export const S_INTERRUPTS = MIP_SSIP | MIP_STIP | MIP_SEIP;
export const MIE_WRITABLE = S_INTERRUPTS | MIP_MSIP | MIP_MTIP | MIP_MEIP;
/** §3.1.9: in mip, M-mode software may write SSIP, STIP and SEIP; MSIP, MTIP and MEIP come from devices. */
export const MIP_WRITABLE = S_INTERRUPTS;

/**
 * medeleg (§3.1.8): exceptions that can be delegated to S. Bit 11 (ECALL from M) is read-only 0 ("M-mode
 * traps are never delegated"); 10 and 14 are reserved codes; 16 and up are not exceptions of this hart.
 */
export const MEDELEG_WRITABLE = 0xb3ff;

/** misa (§3.1.1): MXL = 1 (32-bit) and the extensions A, I, M, S, U. */
const letter = (c: string) => 1 << (c.charCodeAt(0) - 65);
export const MISA = (1 << 30) | letter('A') | letter('I') | letter('M') | letter('S') | letter('U');

/** satp (§4.1.11, RV32): MODE[31] (0 Bare, 1 Sv32), ASID[30:22] (all 9 bits kept), PPN[21:0]. */
export const SATP_MODE_SV32 = 0x8000_0000;

/** mcounteren/scounteren (§3.1.11, §4.1.5): CY, TM, IR and the 29 hpmcounters. */
export const COUNTEREN_WRITABLE = -1;
/** menvcfg/senvcfg (§3.1.18, §4.1.4): FIOM is the only field for a hart without Zicbom, Sstc or Svpbmt. */
export const ENVCFG_FIOM = 1;

/**
 * Numbers of the RISC-V Supervisor Binary Interface, v2.0 (riscv-sbi-doc): extension ids (a7),
 * error codes (returned in a0), and the values some calls return. One table, as encoding.h is for
 * the ISA, so the firmware, its tests and the viz name calls the same way.
 */

/** Extension ids (§3 "Binary Encoding": EID in a7). */
export const SbiExt = {
	LegacySetTimer: 0x00,
	LegacyConsolePutchar: 0x01,
	LegacyConsoleGetchar: 0x02,
	LegacyClearIpi: 0x03,
	LegacyShutdown: 0x08,
	Base: 0x10,
	Time: 0x54494d45, // "TIME"
	Ipi: 0x735049, // "sPI"
	Rfence: 0x52464e43, // "RFNC"
	Hsm: 0x48534d, // "HSM"
	Srst: 0x53525354, // "SRST"
	Dbcn: 0x4442434e // "DBCN"
} as const;

/** §3.2 "Standard SBI Errors" (Table 1). */
export const SbiError = {
	Success: 0,
	Failed: -1,
	NotSupported: -2,
	InvalidParam: -3,
	Denied: -4,
	InvalidAddress: -5,
	AlreadyAvailable: -6,
	AlreadyStarted: -7,
	AlreadyStopped: -8
} as const;

/** get_spec_version: bits 30:24 major, 23:0 minor (§4.1). This firmware implements v2.0. */
export const SBI_SPEC_VERSION = (2 << 24) | 0;

/**
 * get_impl_id (§4.2, Table 3 lists ids 0–11 as taken: BBL, OpenSBI, Xvisor, KVM, RustSBI, Diosix,
 * Coffer, Xen, PolarFire HSS, coreboot, oreboot, bhyve). 0x76 ('v', for vmscope) is unassigned;
 * the teaching kernel's QEMU firmware (guest/firmware/minisbi.c) reports the same id, since it
 * stands in for this firmware there.
 */
export const SBI_IMPL_ID = 0x76;
/** get_impl_version: 1.0, in the same major << 24 | minor layout as the spec version. */
export const SBI_IMPL_VERSION = (1 << 24) | 0;

/** HSM hart states (§9, Table 17). */
export const HartState = {
	Started: 0,
	Stopped: 1,
	StartPending: 2,
	StopPending: 3
} as const;

/** SRST reset types and reasons (§10.1, Tables 26–27). */
export const ResetType = { Shutdown: 0, ColdReboot: 1, WarmReboot: 2 } as const;
export const ResetReason = { None: 0, SystemFailure: 1 } as const;

const NAMES: Readonly<Record<number, string>> = {
	[SbiExt.LegacySetTimer]: 'legacy set_timer',
	[SbiExt.LegacyConsolePutchar]: 'legacy console_putchar',
	[SbiExt.LegacyConsoleGetchar]: 'legacy console_getchar',
	[SbiExt.LegacyClearIpi]: 'legacy clear_ipi',
	[SbiExt.LegacyShutdown]: 'legacy shutdown',
	[SbiExt.Base]: 'BASE',
	[SbiExt.Time]: 'TIME',
	[SbiExt.Ipi]: 'IPI',
	[SbiExt.Rfence]: 'RFENCE',
	[SbiExt.Hsm]: 'HSM',
	[SbiExt.Srst]: 'SRST',
	[SbiExt.Dbcn]: 'DBCN'
};

const FUNCTIONS: Readonly<Record<number, readonly string[]>> = {
	[SbiExt.Base]: [
		'get_spec_version',
		'get_impl_id',
		'get_impl_version',
		'probe_extension',
		'get_mvendorid',
		'get_marchid',
		'get_mimpid'
	],
	[SbiExt.Time]: ['set_timer'],
	[SbiExt.Ipi]: ['send_ipi'],
	[SbiExt.Rfence]: ['remote_fence_i', 'remote_sfence_vma', 'remote_sfence_vma_asid'],
	[SbiExt.Hsm]: ['hart_start', 'hart_stop', 'hart_get_status', 'hart_suspend'],
	[SbiExt.Srst]: ['system_reset'],
	[SbiExt.Dbcn]: ['console_write', 'console_read', 'console_write_byte']
};

/** A call's name for traces and views, e.g. "TIME set_timer", "EID 0x12345 FID 3". */
export function sbiCallName(eid: number, fid: number): string {
	const ext = NAMES[eid];
	if (ext === undefined) return `EID 0x${(eid >>> 0).toString(16)} FID ${fid >>> 0}`;
	if (eid < SbiExt.Base) return ext; // legacy calls have no function id
	const fn = FUNCTIONS[eid]?.[fid];
	return fn ? `${ext} ${fn}` : `${ext} FID ${fid >>> 0}`;
}

/** Exception and interrupt codes (privileged spec §3.1.15, Table 3.6), as Spike's DECLARE_CAUSE. */
export const enum Cause {
	InstructionMisaligned = 0,
	InstructionAccessFault = 1,
	IllegalInstruction = 2,
	Breakpoint = 3,
	LoadMisaligned = 4,
	LoadAccessFault = 5,
	StoreMisaligned = 6,
	StoreAccessFault = 7,
	EcallFromU = 8,
	EcallFromS = 9,
	EcallFromM = 11,
	InstructionPageFault = 12,
	LoadPageFault = 13,
	StorePageFault = 15
}

/** Interrupt codes (mcause with the interrupt bit set). */
export const enum Interrupt {
	SupervisorSoftware = 1,
	MachineSoftware = 3,
	SupervisorTimer = 5,
	MachineTimer = 7,
	SupervisorExternal = 9,
	MachineExternal = 11
}

export const CAUSE_NAMES: Readonly<Record<number, string>> = {
	0: 'instruction address misaligned',
	1: 'instruction access fault',
	2: 'illegal instruction',
	3: 'breakpoint',
	4: 'load address misaligned',
	5: 'load access fault',
	6: 'store/AMO address misaligned',
	7: 'store/AMO access fault',
	8: 'environment call from U-mode',
	9: 'environment call from S-mode',
	11: 'environment call from M-mode',
	12: 'instruction page fault',
	13: 'load page fault',
	15: 'store/AMO page fault'
};

export const INTERRUPT_NAMES: Readonly<Record<number, string>> = {
	1: 'supervisor software interrupt',
	3: 'machine software interrupt',
	5: 'supervisor timer interrupt',
	7: 'machine timer interrupt',
	9: 'supervisor external interrupt',
	11: 'machine external interrupt'
};

/** A readable name for an mcause value (interrupt bit included). */
export function causeName(mcause: number): string {
	const code = mcause & 0x7fff_ffff;
	const names = mcause >>> 31 ? INTERRUPT_NAMES : CAUSE_NAMES;
	return names[code] ?? `cause ${code}`;
}

/** Privilege levels as encoded in mstatus.MPP and CSR numbers bits 9:8 (privileged §1.2). */
export const enum Mode {
	User = 0,
	Supervisor = 1,
	Machine = 3
}

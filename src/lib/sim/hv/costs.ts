/**
 * Why a guest left for the hypervisor, and what each exit costs the pCPU in cycles. A scenario may
 * override any cost (its `costs:` table), so a lesson can ask what a cheaper world switch would buy.
 * `exit` is charged on every exit (saving and restoring the guest's context); the reason's own cost
 * is charged on top for the work of handling it.
 */
export const EXIT_REASONS = [
	'csr', // a CSR instruction of the guest kernel, emulated against the virtual CSR file
	'counter', // rdcycle/rdtime/rdinstret, emulated with the VM's own counters
	'sret', // the guest kernel returning from its trap handler
	'sfence', // SFENCE.VMA: the shadow tables are emptied
	'wfi', // the guest waits for an interrupt: its vCPU blocks
	'sbi', // an SBI call of the guest kernel, served by the VM's firmware
	'shadow-fill', // a hidden page fault: the shadow gets the guest's translation
	'mmio', // a guest access to one of its devices, decoded and emulated
	'reflect', // a trap that belongs to the guest (its own page fault, a system call), forwarded
	'interrupt' // the host's timer or an IPI: a quantum ends, a guest timer fires
] as const;

export type ExitReason = (typeof EXIT_REASONS)[number];
export type ExitCostName = ExitReason | 'exit';
export type HvCosts = Record<ExitCostName, number>;

/** Defaults in the range measured for software world switches on in-order cores. */
export const DEFAULT_HV_COSTS: HvCosts = {
	exit: 200,
	csr: 40,
	counter: 30,
	sret: 60,
	sfence: 80,
	wfi: 40,
	sbi: 120,
	'shadow-fill': 300,
	mmio: 150,
	reflect: 100,
	interrupt: 80
};

export function exitCounts(): Record<ExitReason, number> {
	return Object.fromEntries(EXIT_REASONS.map((r) => [r, 0])) as Record<ExitReason, number>;
}

/** Why a run stopped. Devices and the hart raise these; the machine returns them from run(). */
export type StopReason =
	| { readonly kind: 'exited'; readonly code: number; readonly by: 'finisher' | 'htif' | 'syscall' | 'sbi' }
	| { readonly kind: 'reset'; readonly by: 'finisher' | 'sbi' }
	/** Every hart is stopped (SBI HSM hart_stop) and nothing is left to start one. */
	| { readonly kind: 'halted' }
	/**
	 * Every hart waits in WFI with nothing pending, no device event is due, ever, and the software
	 * says its loop only an interrupt ends (Machine.quiescent: the hypervisor's idle loop): nothing
	 * can happen until someone outside changes the machine (a VM resumed or destroyed).
	 */
	| { readonly kind: 'idle' }
	| { readonly kind: 'budget' }
	| { readonly kind: 'breakpoint'; readonly pc: number; readonly hart: number }
	/**
	 * The only hart sits at `j .` with no interrupt able to take it away (machine/spin.ts): it would
	 * loop for ever. Only when the machine is asked to watch for it (Machine.stopOnSpin).
	 */
	| { readonly kind: 'spin'; readonly pc: number; readonly hart: number }
	/** A trap whose handler address itself cannot be fetched: the hart would loop forever. */
	| { readonly kind: 'trap-loop'; readonly pc: number; readonly cause: number };

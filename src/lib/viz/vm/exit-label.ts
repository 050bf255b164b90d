/**
 * Words for a VM exit, as a student reads them in the layer drawing and the exit list: what the guest
 * did (the instruction, disassembled, or the trap or interrupt) and what the hypervisor did about it.
 */
import { causeName } from '$lib/sim/hart/causes';
import { disassemble } from '$lib/sim/isa/disasm';
import type { EventOf } from '$lib/sim/trace/events';

export type VmExitEvent = EventOf<'vm-exit'>;

const OUTCOMES: Record<string, string> = {
	csr: 'emulated it on the virtual CSRs',
	counter: 'emulated it with the VM’s own counters',
	sret: 'emulated the return on the virtual CSRs',
	sfence: 'emptied the shadow tables',
	wfi: 'blocked the vCPU until an interrupt',
	sbi: 'served the SBI call',
	'shadow-fill': 'filled the shadow table and retried',
	mmio: 'emulated the device access',
	reflect: 'reflected the trap to the guest kernel',
	interrupt: 'took the host interrupt'
};

/** What the guest did: `csrw satp, a0`, `ecall from vU`, `timer`, `load page fault (hidden)`. */
export function exitLabel(e: Pick<VmExitEvent, 'reason' | 'cause' | 'bits' | 'pc' | 'vmode'>): string {
	switch (e.reason) {
		case 'csr':
		case 'counter':
		case 'sret':
		case 'sfence':
		case 'wfi':
		case 'mmio':
			return e.bits ? disassemble(e.bits, e.pc) : e.reason;
		case 'sbi':
			return 'ecall from vS (SBI)';
		case 'reflect':
			if (e.cause === 8) return e.vmode === 1 ? 'ecall from vS' : 'ecall from vU';
			if (e.cause === 3) return 'ebreak';
			return causeName(e.cause);
		case 'shadow-fill':
			return `${causeName(e.cause)} (hidden)`;
		case 'interrupt': {
			const code = e.cause & 0x7fff_ffff;
			if (code === 7 || code === 5) return 'timer';
			if (code === 3 || code === 1) return 'IPI';
			return causeName(e.cause);
		}
	}
	return e.reason;
}

export function exitOutcome(reason: string): string {
	return OUTCOMES[reason] ?? 'handled it';
}

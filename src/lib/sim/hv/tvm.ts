/**
 * The second technique, chosen per VM: the guest kernel left in the real S-mode with mstatus TVM, TW
 * and TSR set, the privileged spec's own provision for virtualizing S (§3.1.6.5: "TVM ... supports
 * intercepting supervisor virtual-memory management operations"; TW and TSR trap WFI and SRET).
 * Then only satp accesses, SFENCE.VMA, WFI, SRET, the counters (mcounteren = 0), SBI calls and hidden
 * page faults exit; the guest's own CSR accesses, its system calls (ECALL from U, delegated) and its
 * timer interrupts (delegated, raised in the real mip) run at full speed.
 *
 * The real S-mode CSRs are the guest's while it runs: the hypervisor loads them from the vCPU's virtual
 * CSR file on every entry and saves them back on every exit, so the rest of the hypervisor (emulation,
 * reflection, injection, snapshots) works on the virtual file for both techniques. One shadow table
 * serves vS and vU: it carries the guest's own U bit, so the real MMU applies U, SUM and MXR itself.
 * Isolation rests on the shadow tables (satp can never be written by the guest); PMP would back it,
 * once PMP is enforced (it is not yet).
 */
import { Mode } from '../hart/causes';
import {
	MIP_MSIP,
	MIP_MTIP,
	MSTATUS_TSR,
	MSTATUS_TVM,
	MSTATUS_TW,
	S_INTERRUPTS,
	SSTATUS_MASK
} from '../hart/csr-bits';
import type { Hart } from '../hart/hart';
import { VS, VU, type VcpuState } from './vcpu';

/** Exceptions that go straight to the guest kernel (§3.1.8 medeleg): misaligned, access faults,
 * breakpoints and system calls from vU. Illegal instructions (counters, TVM/TW/TSR traps), ECALL from
 * S (SBI) and page faults (which may be hidden ones) come to the hypervisor. */
export const TVM_MEDELEG =
	(1 << 0) | (1 << 1) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8);
const TRAPS = MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR;

/** Put the vCPU's S-mode state on the real hart; returns the real mode to enter. */
export function loadSupervisor(h: Hart, cpu: VcpuState): Mode {
	const c = cpu.csr;
	h.mstatus = (h.mstatus & ~(SSTATUS_MASK | TRAPS | (1 << 17))) | (c.sstatus & SSTATUS_MASK) | TRAPS;
	h.mie = MIP_MTIP | MIP_MSIP | (c.sie & S_INTERRUPTS);
	h.mip = (h.mip & ~S_INTERRUPTS) | (c.sip & S_INTERRUPTS);
	h.seipSoftware = (c.sip & (1 << 9)) !== 0;
	h.medeleg = TVM_MEDELEG;
	h.mideleg = S_INTERRUPTS;
	h.mcounteren = 0;
	[h.stvec, h.sscratch, h.sepc, h.scause, h.stval] = [c.stvec, c.sscratch, c.sepc, c.scause, c.stval];
	[h.scounteren, h.senvcfg] = [c.scounteren, c.senvcfg];
	return cpu.vmode === VS ? Mode.Supervisor : Mode.User;
}

/** Take the guest's S-mode state back into the virtual CSR file at an exit from `from`. */
export function saveSupervisor(h: Hart, cpu: VcpuState, from: Mode): void {
	const c = cpu.csr;
	c.sstatus = (c.sstatus & ~SSTATUS_MASK) | (h.mstatus & SSTATUS_MASK);
	c.sie = h.mie & S_INTERRUPTS;
	c.sip = h.mip & S_INTERRUPTS;
	[c.stvec, c.sscratch, c.sepc, c.scause, c.stval] = [h.stvec, h.sscratch, h.sepc, h.scause, h.stval];
	[c.scounteren, c.senvcfg] = [h.scounteren, h.senvcfg];
	cpu.vmode = from === Mode.Supervisor ? VS : VU;
}

/** Leaving a TVM guest for one under trap-and-emulate or the idle loop: nothing of S stays delegated. */
export function clearSupervisor(h: Hart): void {
	h.mstatus &= ~(TRAPS | SSTATUS_MASK);
	h.mip &= ~S_INTERRUPTS;
	h.seipSoftware = false;
	h.medeleg = h.mideleg = h.mcounteren = 0;
	h.mie = MIP_MTIP | MIP_MSIP;
}

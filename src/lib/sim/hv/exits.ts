/**
 * What the hypervisor does with each exit of a guest running deprivileged (Popek and Goldberg's
 * trap-and-emulate). The real hart runs guest kernel and guest user code alike in U-mode, so every
 * instruction whose behaviour depends on the mode traps, and is emulated here against the vCPU:
 *
 *   CSR instructions   any S-mode CSR from U is illegal (§2.1: the number's bits 9:8); the counters
 *                      trap too, because the hypervisor clears mcounteren (§3.1.11). Emulated.
 *   SRET               illegal in U (§3.3.2). Emulated: vU/vS and SIE from the virtual sstatus.
 *   SFENCE.VMA         illegal in U (§4.2.1). Emulated: the shadows are emptied.
 *   WFI                illegal in U (§3.3.3, no time limit taken). Emulated: the vCPU blocks.
 *   ECALL              traps in every mode, with a cause naming the real mode (always U): the
 *                      hypervisor reads the virtual mode to tell a system call from an SBI call.
 *   MRET, M CSRs       illegal for S as for U: reflected as the guest's illegal instruction.
 *   loads, stores,     translated by the shadow tables only, which map nothing but the VM's own
 *   fetches            frames; the guest's devices are left unmapped and fault here (MMIO).
 *   mode, satp         never readable: no instruction reads the mode, and satp is an S CSR (traps).
 *
 * Everything else (arithmetic, branches, AMOs, FENCE, FENCE.I) behaves the same in U and S and runs at
 * full speed. So there is no hole of the kind x86 had (POPF, SGDT): RISC-V is classically virtualizable.
 */
import { Cause } from '../hart/causes';
import type { MachineTrap } from '../hart/hart';
import {
	ACCESS_FAULT_CAUSE,
	ACCESS_FETCH,
	ACCESS_LOAD,
	ACCESS_STORE,
	PRIV_S,
	PRIV_U,
	PTE_D,
	PTE_R,
	PTE_U,
	PTE_W,
	PTE_X,
	leafPermits,
	type Access
} from '../mmu';
import type { ExitReason } from './costs';
import { decodeMemoryOp, emulateAccess } from './mmio';
import { VS, VU, virtualCsr, type CsrEffects, type GuestCounters, type VcpuState } from './vcpu';
import type { Vm } from './vm';

const SRET = 0x10200073;
const WFI = 0x10500073;
const SFENCE_MASK = 0xfe007fff;
const SFENCE_MATCH = 0x12000073;
const INTERRUPT_BIT = 0x8000_0000;
// sstatus bits (§4.1.1)
const SIE = 1 << 1;
const SPIE = 1 << 5;
const SPP = 1 << 8;
const SUM = 1 << 18;
const MXR = 1 << 19;
const COUNTERS = new Set([0xc00, 0xc01, 0xc02, 0xc80, 0xc81, 0xc82]);

/** What exit handling needs of the hypervisor. */
export interface ExitHost {
	/** Guest counters for `cpu`, running on `x`'s hart. */
	counters(vm: Vm, cpu: VcpuState): GuestCounters;
	/** Empty the vCPU's shadows (all, or one page). */
	flushShadows(vm: Vm, cpu: VcpuState, va?: number): void;
	/**
	 * Fill the shadow of the current virtual mode for a hidden fault at va, from a guest leaf at
	 * `level` (1: a 4 MiB megapage); false if it could not (the VM is crashed).
	 */
	fillShadow(
		vm: Vm,
		cpu: VcpuState,
		va: number,
		gpa: number,
		rwx: number,
		dirty: boolean,
		level: number
	): boolean;
	/** The vCPU waits for an interrupt. */
	block(vm: Vm, cpu: VcpuState): void;
	crash(vm: Vm, reason: string): void;
	/** An SBI call from the guest kernel, with the guest's registers in `x`. */
	sbiCall(vm: Vm, cpu: VcpuState, x: Int32Array): void;
	reflected(vm: Vm, cpu: VcpuState, cause: number, tval: number, epc: number): void;
}

/**
 * Deliver a trap to the guest kernel as the hardware would have (§4.1.1, §4.1.2): sepc, scause,
 * stval; SPP ← the virtual mode, SPIE ← SIE, SIE ← 0; the vCPU enters vS at its stvec (vectored
 * interrupts at BASE + 4 × cause). Returns false when the handler is the very pc that cannot be
 * fetched (the guest would trap to itself forever).
 */
export function reflect(cpu: VcpuState, cause: number, tval: number, interrupt = false): boolean {
	const c = cpu.csr;
	const epc = cpu.pc;
	c.sepc = epc & ~3;
	c.scause = interrupt ? INTERRUPT_BIT | cause | 0 : cause;
	c.stval = tval | 0;
	const s = c.sstatus;
	c.sstatus = (s & ~(SPP | SPIE | SIE)) | (s & SIE ? SPIE : 0) | (cpu.vmode === VS ? SPP : 0);
	cpu.vmode = VS;
	const base = c.stvec & ~3;
	cpu.pc = (interrupt && (c.stvec & 3) === 1 ? base + 4 * cause : base) >>> 0;
	const fetchFault =
		!interrupt &&
		(cause === Cause.InstructionAccessFault ||
			cause === Cause.InstructionPageFault ||
			cause === Cause.InstructionMisaligned);
	return !(fetchFault && cpu.pc === epc >>> 0);
}

/** Handle one exit; the vCPU's pc is left where the guest goes on. */
export function handleExit(
	host: ExitHost,
	vm: Vm,
	cpu: VcpuState,
	x: Int32Array,
	t: MachineTrap
): ExitReason {
	switch (t.cause) {
		case Cause.IllegalInstruction:
			return illegal(host, vm, cpu, x, t.bits || t.tval);
		case Cause.EcallFromS: // only under TVM, where the guest kernel is in the real S-mode
			host.sbiCall(vm, cpu, x);
			cpu.pc = (cpu.pc + 4) >>> 0;
			return 'sbi';
		case Cause.EcallFromU:
			if (cpu.vmode === VS) {
				host.sbiCall(vm, cpu, x);
				cpu.pc = (cpu.pc + 4) >>> 0;
				return 'sbi';
			}
			return toGuest(host, vm, cpu, Cause.EcallFromU, 0);
		case Cause.InstructionPageFault:
			return pageFault(host, vm, cpu, x, ACCESS_FETCH, t.tval);
		case Cause.LoadPageFault:
			return pageFault(host, vm, cpu, x, ACCESS_LOAD, t.tval);
		case Cause.StorePageFault:
			return pageFault(host, vm, cpu, x, ACCESS_STORE, t.tval);
		default:
			// Breakpoints, misaligned and access faults: the guest's own, as on its bare hardware.
			return toGuest(host, vm, cpu, t.cause, t.tval);
	}
}

function toGuest(host: ExitHost, vm: Vm, cpu: VcpuState, cause: number, tval: number): ExitReason {
	const epc = cpu.pc;
	host.reflected(vm, cpu, cause, tval, epc);
	if (!reflect(cpu, cause, tval))
		host.crash(vm, `trap loop: its trap handler at 0x${hex(epc)} cannot be fetched (cause ${cause})`);
	return 'reflect';
}

const hex = (v: number) => (v >>> 0).toString(16).padStart(8, '0');

/** An illegal instruction: one the guest kernel may execute (emulate it) or the guest's own. */
function illegal(host: ExitHost, vm: Vm, cpu: VcpuState, x: Int32Array, bits: number): ExitReason {
	const next = (cpu.pc + 4) >>> 0;
	if ((bits & 0x7f) === 0x73) {
		const funct3 = (bits >>> 12) & 7;
		if (funct3 !== 0 && funct3 !== 4) {
			const reason = csr(host, vm, cpu, x, bits);
			return reason ?? toGuest(host, vm, cpu, Cause.IllegalInstruction, bits);
		}
		if (cpu.vmode === VS) {
			if (bits === SRET) {
				// §3.3.2: SIE ← SPIE, SPIE ← 1, mode ← SPP, SPP ← U.
				const c = cpu.csr;
				const s = c.sstatus;
				cpu.vmode = s & SPP ? VS : VU;
				c.sstatus = (s & ~(SIE | SPP)) | (s & SPIE ? SIE : 0) | SPIE;
				cpu.pc = c.sepc >>> 0;
				return 'sret';
			}
			if (bits === WFI) {
				cpu.pc = next;
				// §3.3.3: WFI returns at once when an enabled interrupt is pending, whatever SIE says.
				if ((cpu.csr.sip & cpu.csr.sie) === 0) host.block(vm, cpu);
				return 'wfi';
			}
			if ((bits & SFENCE_MASK) === SFENCE_MATCH) {
				const rs1 = (bits >>> 15) & 31;
				host.flushShadows(vm, cpu, rs1 === 0 ? undefined : x[rs1] >>> 0);
				cpu.pc = next;
				return 'sfence';
			}
		}
	}
	return toGuest(host, vm, cpu, Cause.IllegalInstruction, bits);
}

/** Zicsr against the virtual CSR file (§9.1 read/write conditions, as system.ts csrInstruction). */
function csr(host: ExitHost, vm: Vm, cpu: VcpuState, x: Int32Array, bits: number): ExitReason | undefined {
	const funct3 = (bits >>> 12) & 7;
	const rd = (bits >>> 7) & 31;
	const field = (bits >>> 15) & 31;
	const num = bits >>> 20;
	const kind = funct3 & 3;
	const operand = funct3 & 4 ? field : x[field];
	const writes = kind === 1 || field !== 0;
	const fx: CsrEffects = {};
	const update = writes
		? (old: number) => (kind === 1 ? operand : kind === 2 ? old | operand : old & ~operand)
		: undefined;
	const r = virtualCsr(cpu.csr, cpu.vmode, num, update, host.counters(vm, cpu), fx);
	if (!r.ok) return undefined;
	if (rd !== 0) x[rd] = r.old;
	if (fx.satp || fx.translation) host.flushShadows(vm, cpu);
	cpu.pc = (cpu.pc + 4) >>> 0;
	return COUNTERS.has(num) ? 'counter' : 'csr';
}

/**
 * A page fault of the real hart: the guest's own (its tables forbid the access: reflect it), a hidden
 * one (the shadow lacks what the guest's tables allow: fill it), or a device access (emulate it).
 */
function pageFault(
	host: ExitHost,
	vm: Vm,
	cpu: VcpuState,
	x: Int32Array,
	access: Access,
	va: number
): ExitReason {
	const t = vm.mem.translate(cpu.csr, cpu.vmode, va, access);
	if (!t.ok) return toGuest(host, vm, cpu, t.cause, va);
	if (!vm.map.isRam(t.gpa)) {
		if (access !== ACCESS_FETCH) {
			const insn = vm.mem.fetch(cpu.csr, cpu.vmode, cpu.pc);
			const op = 'bits' in insn ? decodeMemoryOp(insn.bits) : undefined;
			if (op && op.store === (access === ACCESS_STORE) && emulateAccess(vm.devices, t.gpa, op, x)) {
				cpu.pc = (cpu.pc + 4) >>> 0;
				return 'mmio';
			}
		}
		return toGuest(host, vm, cpu, ACCESS_FAULT_CAUSE[access], va);
	}
	const pte = t.pte;
	let rwx: number;
	if (vm.s.technique === 'tvm') {
		// One shadow for vS and vU, with the guest's own R, W, X and U: the real MMU, in the guest's real
		// mode and under its real SUM and MXR, grants exactly what the guest's PTE grants.
		rwx = pte & (PTE_R | PTE_W | PTE_X | PTE_U);
	} else {
		// The real hart is in U-mode for vS and vU alike: this shadow grants what the guest's PTE grants
		// to the vCPU's virtual mode under its virtual SUM and MXR.
		const priv = cpu.vmode === VS ? PRIV_S : PRIV_U;
		const sum = (cpu.csr.sstatus & SUM) !== 0;
		const mxr = (cpu.csr.sstatus & MXR) !== 0;
		rwx =
			(leafPermits(pte, ACCESS_LOAD, priv, sum, mxr) ? PTE_R : 0) |
			(leafPermits(pte, ACCESS_STORE, priv, sum, mxr) ? PTE_W : 0) |
			(leafPermits(pte, ACCESS_FETCH, priv, sum, mxr) ? PTE_X : 0) |
			PTE_U;
	}
	host.fillShadow(vm, cpu, va, t.gpa, rwx, (pte & PTE_D) !== 0, t.level); // it crashes the VM if it cannot
	return 'shadow-fill';
}

/**
 * How the firmware hands a hart to an S-mode kernel: the state OpenSBI (and the teaching kernel's
 * QEMU firmware, guest/firmware/minisbi.c) leaves behind when it jumps to the next stage, so the
 * same kernel image sees the same machine on QEMU and on vmscope.
 */
import { Mode } from '../hart/causes';
import type { Hart } from '../hart/hart';

/**
 * medeleg: every exception S-mode can handle goes to it directly; ECALLs from S (9) and M (11) stay
 * in M, where the firmware answers S's SBI calls (privileged §3.1.8). Same value as minisbi.
 * Bits: misaligned/access faults 0–7, illegal instruction, breakpoint, ECALL from U (8), page faults
 * 12, 13, 15.
 */
export const FIRMWARE_MEDELEG = 0xb1ff;
/** mideleg: S software, timer and external interrupts (SSIP 1, STIP 5, SEIP 9) belong to S-mode. */
export const FIRMWARE_MIDELEG = 0x222;
/** mcounteren: S-mode may read cycle, time and instret (the kernel's rdtime needs TM). */
export const FIRMWARE_MCOUNTEREN = 0x7;

/**
 * Reset `h` into S-mode at `pc` with a0 = hartid and a1 = `a1`, as the firmware does when it boots
 * a kernel (a1 = the device tree; 0 for a program loaded alone, which has none) or when HSM
 * hart_start starts a hart (a1 = opaque). satp = 0: the kernel starts with translation off.
 */
export function enterSupervisor(h: Hart, pc: number, a1: number): void {
	h.reset(pc, Mode.Supervisor);
	h.x[10] = h.hartId;
	h.x[11] = a1 | 0;
	h.medeleg = FIRMWARE_MEDELEG;
	h.mideleg = FIRMWARE_MIDELEG;
	h.mcounteren = FIRMWARE_MCOUNTEREN;
	// PMP (§3.7.1): reset into S left one NAPOT region over all of memory, R/W/X, so S and U may reach
	// everything, as OpenSBI's last entry grants (pmpaddr0 all ones, pmpcfg0 = NAPOT 0x18 | RWX 0x7).
}

/**
 * A hart stuck for ever: at `j .` (JAL x0 with offset 0, the word 0x0000006f) with no interrupt that
 * could ever be taken in its mode. The loop reads no memory and writes no register, so without an
 * interrupt nothing it does changes, and a run would only burn its budget. Interrupts that could end
 * it (privileged §3.1.9): an mie bit delegated to S (mideleg) is taken below S, or in S with
 * sstatus.SIE; any other mie bit is taken below M, or in M with mstatus.MIE.
 */
import type { Hart } from './hart';
import { MSTATUS_MIE, MSTATUS_SIE } from './csr-bits';

/** JAL x0, 0: `j .` as GNU as writes it. */
export const JUMP_TO_SELF = 0x0000_006f;

/** Whether some interrupt enabled in mie could be taken by the hart in its current mode. */
export function interruptCanArrive(h: Hart): boolean {
	const toS = h.mie & h.mideleg;
	const toM = h.mie & ~h.mideleg;
	const sOpen = h.mode < 1 || (h.mode === 1 && (h.mstatus & MSTATUS_SIE) !== 0);
	const mOpen = h.mode < 3 || (h.mstatus & MSTATUS_MIE) !== 0;
	return (toS !== 0 && sOpen) || (toM !== 0 && mOpen);
}

/**
 * The interpreter calls this when the hart executed `j .` (only while Hart.stopOnSpin is set): with
 * no interrupt to come, it stops the hart with 'spin' at that pc. Returns whether it stopped it.
 */
export function stopIfSpinning(h: Hart, pc: number): boolean {
	if (interruptCanArrive(h)) return false;
	h.stop({ kind: 'spin', pc: pc >>> 0, hart: h.hartId });
	return true;
}

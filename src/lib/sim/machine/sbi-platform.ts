/**
 * The SBI firmware's view of the machine (firmware/sbi.ts SbiPlatform): the console, physical
 * memory (the devices' DMA port), the CLINT's timer compare, interrupt lines, and starting and
 * stopping harts (HSM).
 */
import type { DeviceHost } from '../devices/device';
import { enterSupervisor } from '../firmware/boot';
import type { SbiPlatform } from '../firmware/sbi';
import { MIP_MTIP } from '../hart/csr-bits';
import { updateWindows } from '../hart/paging';
import type { Machine } from './machine';

export function sbiPlatform(m: Machine, host: DeviceHost): SbiPlatform {
	const CLINT_MTIMECMP = 0x4000;
	return {
		hartCount: m.harts.length,
		// Straight to the console, not through the UART: the trace names the firmware ('sbi') as the source.
		consoleWrite: (b) => host.consoleOut(b, 'sbi'),
		consoleRead: () => m.uart.receive(),
		readPhysical: (addr, n) => host.dma.read(addr, n),
		writePhysical: (addr, bytes) => host.dma.write(addr, bytes),
		setTimerCompare: (hart, lo, hi) => {
			// High half to all ones first, so no intermediate value matches (as minisbi and OpenSBI do).
			const at = CLINT_MTIMECMP + 8 * hart;
			m.clint.write(at + 4, 4, 0xffffffff);
			m.clint.write(at, 4, lo);
			m.clint.write(at + 4, 4, hi);
			// The slice was sized to the events known when it began: end it so the new one is in view.
			m.endSlice();
		},
		setPending: (hart, bit, level) => m.harts[hart].setInterruptLine(bit, level),
		enableMachineTimer: (hart, on) => {
			const h = m.harts[hart];
			h.mie = on ? h.mie | MIP_MTIP : h.mie & ~MIP_MTIP; // mie.MTIE is mip.MTIP's bit
		},
		hartRunning: (hart) => !m.parked[hart],
		startHart: (hart, addr, opaque) => {
			const now = m.cycles;
			const h = m.harts[hart];
			const { instret, traps } = h;
			enterSupervisor(h, addr, opaque);
			h.cycles = now; // it joins the machine's clock where it is now
			// minstret counts on across a stop and start (the session's position and statistics sum it).
			h.instret = instret;
			h.traps = traps;
			m.parked[hart] = false;
		},
		stopHart: (hart) => {
			m.parked[hart] = true;
			m.endSlice();
		},
		isStartAddress: (addr) => (addr & 3) === 0 && m.ram.offset(addr, 4) >= 0,
		// RFENCE: the whole TLB (a superset of any range or ASID asked for), then re-open the fetch window.
		flushTlb: (hart) => {
			m.harts[hart].mmu.sfenceVma(undefined, undefined);
			updateWindows(m.harts[hart]);
		},
		fenceI: () => m.ram.flushDecoded(),
		shutdown: (code) => host.stop({ kind: 'exited', code, by: 'sbi' }),
		reboot: () => host.stop({ kind: 'reset', by: 'sbi' })
	};
}

/**
 * The SBI firmware's platform when it serves a VM (firmware/sbi.ts, the same firmware as the bare
 * machine's): its harts are the VM's vCPUs, its memory the VM's guest-physical memory, its console the
 * VM's, its timer a deadline the hypervisor watches in host time, its HSM the vCPUs' states.
 */
import type { SbiPlatform } from '../firmware/sbi';
import type { Hypervisor } from './hypervisor';
import { setPending } from './virtual-irq';
import { VS } from './vcpu';
import type { Vm } from './vm';

/** The SBI firmware's view when it serves a VM: the harts are its vCPUs. */
export function vmPlatform(hv: Hypervisor, vm: Vm): SbiPlatform {
	const cpu = (i: number) => vm.s.vcpus[i];
	return {
		hartCount: vm.config.vcpus,
		consoleWrite: (b) => hv.vmHost.consoleOut(vm.id, b),
		consoleRead: () => vm.uart.receive(),
		readPhysical: (a, n) => vm.mem.read(a, n),
		writePhysical: (a, b) => vm.mem.write(a, b),
		setTimerCompare: (i, lo, hi) => {
			const at = hi * 2 ** 32 + lo + vm.s.timeOffset;
			cpu(i).deadline = at >= 2 ** 53 ? -1 : at;
		},
		setPending: (i, bit, level) => setPending(hv, vm, cpu(i), bit, level),
		enableMachineTimer: () => {},
		hartRunning: (i) => cpu(i).status !== 'stopped',
		startHart: (i, addr, opaque) => {
			const c = cpu(i);
			c.x.fill(0);
			c.x[10] = i;
			c.x[11] = opaque | 0;
			c.pc = addr >>> 0;
			c.vmode = VS;
			c.csr.sstatus = c.csr.satp = 0;
			hv.enqueue(vm, c, 'started');
		},
		stopHart: (i) => void (cpu(i).status = 'stopped'),
		isStartAddress: (a) => (a & 3) === 0 && vm.map.isRam(a, 4),
		flushTlb: (i) => hv.services.flushShadows(vm, cpu(i)),
		fenceI: () => hv.m.ram.flushDecoded(),
		shutdown: (code) => hv.vmHost.stop(vm.id, { kind: 'exited', code, by: 'sbi' }),
		reboot: () => hv.vmHost.stop(vm.id, { kind: 'reset', by: 'sbi' })
	};
}

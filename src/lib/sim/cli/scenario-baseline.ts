/**
 * The bare-machine baseline for a VM's slowdown: the same image, with the same boot programs, run on
 * a bare machine under the SBI firmware for as many instructions as the VM ran, and the cycles per
 * instruction it took while not stalled in WFI (a VM's cycles count only while its vCPU is on a pCPU).
 */
import { patchBootPrograms } from '../guest/boot-programs';
import { loadElf } from '../isa/elf';
import { Machine } from '../machine/machine';

export interface Baseline {
	instructions: number;
	busyCycles: number;
	cyclesPerInstruction: number;
}

export function bareBaseline(
	image: Uint8Array,
	vm: { memory: number; programs?: readonly string[] },
	instructions: number
): Baseline {
	const bytes = vm.programs ? patchBootPrograms(image, vm.programs) : image;
	const m = new Machine({
		ramMiB: Math.max(4, vm.memory / 2 ** 20),
		firmware: 'sbi',
		consoleOut: () => {}
	});
	m.load(loadElf(bytes));
	m.run(Math.max(1, instructions));
	const h = m.hart;
	const busyCycles = h.cycles - m.idleCycles[0];
	return {
		instructions: h.instret,
		busyCycles,
		cyclesPerInstruction: h.instret > 0 ? busyCycles / h.instret : 0
	};
}

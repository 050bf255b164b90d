/**
 * The device tree that describes vmscope's virt machine, laid out as QEMU 7.2's `-M virt` tree
 * (hw/riscv/virt.c) so firmware and kernels find what they expect, but telling only the truth: the
 * harts claim exactly the extensions they have (QEMU's claims Sstc, C, F, D and H; Linux would then
 * execute `csrw stimecmp`), and only devices on the board appear.
 */
import { MISA } from '../hart/csr-bits';
import { PLIC_SOURCES, UART0_IRQ } from '../devices/plic';
import { FINISHER_PASS, FINISHER_RESET } from '../devices/test-finisher';
import { node, u64Cells, writeFdt, type FdtNode } from './fdt';
import { VIRT_MAP, VIRT_TIMEBASE_HZ } from './virt';
import { PIO_DISK_IRQ } from './pio-slot';
import { VIRTIO_BASE, VIRTIO_IRQ, VIRTIO_SLOTS, VIRTIO_STRIDE } from './virtio-slots';

export interface TreeOptions {
	harts: number;
	ramBytes: number;
	timebaseHz?: number;
	/** /chosen bootargs (the kernel command line). */
	bootargs?: string;
	/** Where the initrd was loaded, for /chosen linux,initrd-start/end. */
	initrd?: { start: number; end: number };
	/** The eight virtio-mmio slots are mapped (a machine with disks: virtio-slots.ts). */
	virtio?: boolean;
	/** The teaching PIO disk is mapped (pio-slot.ts). */
	pioDisk?: boolean;
}

/** The ISA string the harts implement (misa plus the Z extensions), in the order the ISA manual fixes. */
export function isaString(): string {
	let base = 'rv32';
	for (const l of 'imafdqcbvh') if (MISA & (1 << (l.charCodeAt(0) - 97))) base += l;
	return `${base}_zicsr_zifencei`;
}

/** The UART's input clock as QEMU virt gives it (3.6864 MHz). */
const UART_CLOCK_HZ = 3_686_400;
// §3.3/§3.4 interrupt numbers in the cpu-intc's space: M/S software, timer, external.
const [IRQ_M_SOFT, IRQ_M_TIMER, IRQ_S_EXT, IRQ_M_EXT] = [3, 7, 9, 11];

const reg = (base: number, size: number) => [...u64Cells(base), ...u64Cells(size)];
const hexName = (name: string, base: number) => `${name}@${base.toString(16)}`;

/** The tree as nodes; phandles are numbered from 1 in the order they are handed out. */
export function virtTree(o: TreeOptions): FdtNode {
	let next = 1;
	const intc = Array.from({ length: o.harts }, () => next++);
	const [plicHandle, testHandle] = [next++, next++];

	const cpus = node(
		'cpus',
		[
			['#address-cells', [1]],
			['#size-cells', [0]],
			['timebase-frequency', [o.timebaseHz ?? VIRT_TIMEBASE_HZ]]
		],
		intc.map((handle, hart) =>
			node(
				`cpu@${hart}`,
				[
					['device_type', 'cpu'],
					['reg', [hart]],
					['status', 'okay'],
					['compatible', 'riscv'],
					['riscv,isa', isaString()],
					['mmu-type', 'riscv,sv32']
				],
				[
					node('interrupt-controller', [
						['#address-cells', [0]],
						['#interrupt-cells', [1]],
						['interrupt-controller', true],
						['compatible', 'riscv,cpu-intc'],
						['phandle', [handle]]
					])
				]
			)
		)
	);

	const soc = node(
		'soc',
		[
			['#address-cells', [2]],
			['#size-cells', [2]],
			['compatible', 'simple-bus'],
			['ranges', true]
		],
		[
			node(hexName('clint', VIRT_MAP.clint.base), [
				['compatible', ['sifive,clint0', 'riscv,clint0']],
				['reg', reg(VIRT_MAP.clint.base, VIRT_MAP.clint.size)],
				['interrupts-extended', intc.flatMap((h) => [h, IRQ_M_SOFT, h, IRQ_M_TIMER])]
			]),
			// Contexts 2h and 2h+1 are hart h's M and S external interrupts (plic.ts).
			node(hexName('plic', VIRT_MAP.plic.base), [
				['compatible', ['sifive,plic-1.0.0', 'riscv,plic0']],
				['reg', reg(VIRT_MAP.plic.base, VIRT_MAP.plic.size)],
				['#address-cells', [0]],
				['#interrupt-cells', [1]],
				['interrupt-controller', true],
				['riscv,ndev', [PLIC_SOURCES]],
				['interrupts-extended', intc.flatMap((h) => [h, IRQ_M_EXT, h, IRQ_S_EXT])],
				['phandle', [plicHandle]]
			]),
			node(hexName('serial', VIRT_MAP.uart0.base), [
				['compatible', 'ns16550a'],
				['reg', reg(VIRT_MAP.uart0.base, VIRT_MAP.uart0.size)],
				['clock-frequency', [UART_CLOCK_HZ]],
				['interrupt-parent', [plicHandle]],
				['interrupts', [UART0_IRQ]]
			]),
			node(hexName('test', VIRT_MAP.testFinisher.base), [
				['compatible', ['sifive,test1', 'sifive,test0', 'syscon']],
				['reg', reg(VIRT_MAP.testFinisher.base, VIRT_MAP.testFinisher.size)],
				['phandle', [testHandle]]
			]),
			// Laid out as QEMU's virt.c lays them: the highest address first.
			...(o.virtio
				? Array.from({ length: VIRTIO_SLOTS }, (_, k) => {
						const i = VIRTIO_SLOTS - 1 - k;
						const base = VIRTIO_BASE + VIRTIO_STRIDE * i;
						return node(hexName('virtio_mmio', base), [
							['interrupts', [VIRTIO_IRQ + i]],
							['interrupt-parent', [plicHandle]],
							['reg', reg(base, VIRTIO_STRIDE)],
							['compatible', 'virtio,mmio']
						]);
					})
				: []),
			...(o.pioDisk
				? [
						node(hexName('pio-disk', VIRT_MAP.pioDisk.base), [
							['interrupts', [PIO_DISK_IRQ]],
							['interrupt-parent', [plicHandle]],
							['reg', reg(VIRT_MAP.pioDisk.base, VIRT_MAP.pioDisk.size)],
							['compatible', 'vmscope,pio-disk']
						])
					]
				: [])
		]
	);

	const chosen: FdtNode['props'] = [['stdout-path', `/soc/${hexName('serial', VIRT_MAP.uart0.base)}`]];
	if (o.bootargs !== undefined) chosen.unshift(['bootargs', o.bootargs]);
	if (o.initrd)
		chosen.push(
			['linux,initrd-start', u64Cells(o.initrd.start)],
			['linux,initrd-end', u64Cells(o.initrd.end)]
		);

	const syscon = (name: string, value: number) =>
		node(name, [
			['compatible', `syscon-${name}`],
			['regmap', [testHandle]],
			['offset', [0]],
			['value', [value]]
		]);

	return node(
		'',
		[
			['#address-cells', [2]],
			['#size-cells', [2]],
			['compatible', 'riscv-virtio'],
			['model', 'riscv-virtio,vmscope']
		],
		[
			node('chosen', chosen),
			node(hexName('memory', VIRT_MAP.dram.base), [
				['device_type', 'memory'],
				['reg', reg(VIRT_MAP.dram.base, o.ramBytes)]
			]),
			cpus,
			soc,
			syscon('poweroff', FINISHER_PASS),
			syscon('reboot', FINISHER_RESET)
		]
	);
}

/** The machine's device tree as a DTB blob. */
export function virtDtb(o: TreeOptions): Uint8Array {
	return writeFdt(virtTree(o));
}

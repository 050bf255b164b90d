/**
 * QEMU virt's eight virtio-mmio slots as board rows (virt.c: VIRT_VIRTIO, 0x1000_1000 + 0x1000·i,
 * PLIC source VIRTIO_IRQ + i = 1 + i). A machine with disks gets all eight, as QEMU always has:
 * disk k is a virtio-blk in slot k, from the lowest address (the rule; QEMU 7.2 fills them
 * from the highest, 0x1000_8000 first), and the other slots answer device id 0, so a driver that
 * probes every slot for its device id finds its disks on both. NICs (virtio-net, net-slot.ts) take
 * the slots after the disks. A machine with neither maps none of them (as before disks existed).
 */
import { VirtioBlk } from '../devices/virtio/blk';
import type { BlockTiming } from '../devices/virtio/blk-timing';
import { DiskImage } from '../devices/virtio/disk-image';
import { VirtioMmio } from '../devices/virtio/mmio';
import { VirtioNet } from '../devices/virtio/net';
import type { UserNetLink } from './net-slot';
import type { BoardSlot } from './virt';

export const VIRTIO_SLOTS = 8;
export const VIRTIO_BASE = 0x1000_1000;
export const VIRTIO_STRIDE = 0x1000;
/** The PLIC source of slot 0 (virt.c VIRTIO_IRQ). */
export const VIRTIO_IRQ = 1;

export interface DiskSpec {
	/** The disk's bytes (copied in); its length / 512 is the capacity in sectors. */
	image: Uint8Array;
	/** GET_ID's answer (up to 20 bytes). */
	serial?: string;
	readonly?: boolean;
	/** Completion timing (default the fixed model of blk-timing.ts). */
	timing?: BlockTiming;
	/** The controller it sits behind: a virtio-blk slot (default), or the teaching PIO disk (pio-slot.ts). */
	bus?: 'virtio' | 'pio';
}

/**
 * The slots' rows and the disks' images (in slot order; `images` made by the caller, or here); the
 * NICs' links (net-slot.ts userNetLinks, made for the slots after the disks) fill the next slots.
 */
export function virtioSlots(
	disks: readonly DiskSpec[],
	images = disks.map((d, i) => new DiskImage(`disk${i}`, d.image)),
	nets: readonly UserNetLink[] = []
): { slots: BoardSlot[]; images: DiskImage[] } {
	if (disks.length + nets.length === 0) return { slots: [], images: [] };
	if (disks.length + nets.length > VIRTIO_SLOTS)
		throw new RangeError(
			`at most ${VIRTIO_SLOTS} virtio devices fit the virtio slots, got ${disks.length} disks and ${nets.length} NICs`
		);
	const slots = Array.from({ length: VIRTIO_SLOTS }, (_, i): BoardSlot => {
		const name = `virtio${i}`;
		const d = disks[i];
		const net = nets[i - disks.length];
		return {
			name,
			base: VIRTIO_BASE + VIRTIO_STRIDE * i,
			size: VIRTIO_STRIDE,
			irq: VIRTIO_IRQ + i,
			// A queue notify may schedule a completion sooner than the slice was sized for.
			endsSlice: true,
			create: (host, _p, irq) => {
				let backend: VirtioBlk | VirtioNet | undefined;
				if (d)
					backend = new VirtioBlk(
						host,
						images[i],
						{ serial: d.serial, readonly: d.readonly, timing: d.timing },
						name
					);
				else if (net) {
					const nic = new VirtioNet(host, { mac: net.mac });
					net.connect(host, nic);
					backend = nic;
				}
				return new VirtioMmio(host, irq ?? VIRTIO_IRQ + i, backend, name);
			}
		};
	});
	return { slots, images };
}

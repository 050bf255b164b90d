/**
 * The machine's disks on their controllers: each DiskSpec a virtio-blk in the next virtio-mmio slot
 * (virtio-slots.ts), or, with `bus: 'pio'`, the teaching PIO disk (devices/pio-disk.ts) at its one
 * address (virt.ts VIRT_MAP.pioDisk) on PLIC source 9, the one line QEMU virt leaves free below the
 * UART's 10 (virtio takes 1..8). The images stay in the order the disks were given, whatever their
 * bus, so `machine.disks[i]` is always the i-th disk asked for. NICs follow the virtio disks.
 */
import { PioDisk } from '../devices/pio-disk';
import { DiskImage } from '../devices/virtio/disk-image';
import { userNetLinks, type NicSpec, type UserNetLink } from './net-slot';
import { VIRT_MAP, type BoardSlot } from './virt';
import { virtioSlots, type DiskSpec } from './virtio-slots';

export const PIO_DISK_IRQ = 9;

export function diskSlots(
	disks: readonly DiskSpec[],
	nics: readonly NicSpec[] = []
): { slots: BoardSlot[]; images: DiskImage[]; nets: UserNetLink[] } {
	const images = disks.map((d, i) => new DiskImage(`disk${i}`, d.image));
	const pio = disks.flatMap((d, i) => (d.bus === 'pio' ? [i] : []));
	if (pio.length > 1) throw new RangeError(`at most one PIO disk, got ${pio.length}`);
	const virtio = disks.flatMap((d, i) => (d.bus === 'pio' ? [] : [i]));
	const nets = userNetLinks(nics, virtio.length);
	const slots = virtioSlots(
		virtio.map((i) => disks[i]),
		virtio.map((i) => images[i]),
		nets
	).slots;
	for (const i of pio) {
		const d = disks[i];
		slots.push({
			name: 'pio-disk',
			...VIRT_MAP.pioDisk,
			irq: PIO_DISK_IRQ,
			// No endsSlice: a completion scheduled sooner than the slice was sized for ends it anyway
			// (the queue's onSooner), and a slice ended on every DATA store would cost the most common access.
			create: (host, _p, irq) =>
				new PioDisk(host, images[i], irq ?? PIO_DISK_IRQ, { readonly: d.readonly, timing: d.timing })
		});
	}
	return { slots, images, nets };
}

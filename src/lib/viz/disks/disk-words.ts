/**
 * The disk views' words and marks: each VM's letter (so a block's owner is never told by colour
 * alone), the ink that stays readable on its colour, sizes in KiB and MiB, and a request in a
 * student's words.
 */
import type { IoRecord } from '$lib/sim/hv/io/disk-queue';
import { time, VM_COLOURS } from '$lib/viz/sched/sched-words';

export const SECTOR = 512;

export const vmColour = (vm: number) => VM_COLOURS[vm % VM_COLOURS.length];

/** Okabe-Ito blue is the one colour dark enough for white ink; black on the others (WCAG 1.4.3). */
export const vmInk = (vm: number) => (vm % VM_COLOURS.length === 0 ? '#fff' : '#000');

/**
 * One letter per VM: its name's first letter, or its id when two names share one (and for ids
 * past the alphabet), so every block's letter names exactly one VM.
 */
export function vmLetters(names: readonly string[]): string[] {
	const first = names.map((n) => n.charAt(0).toLowerCase());
	return first.map((c, i) => (c && first.indexOf(c) === first.lastIndexOf(c) ? c : String(i)));
}

export function bytes(sectors: number): string {
	const kib = (sectors * SECTOR) / 1024;
	if (kib >= 1024 && kib % 1024 === 0) return `${kib / 1024} MiB`;
	if (kib >= 1024) return `${(kib / 1024).toFixed(1)} MiB`;
	return `${kib.toLocaleString('en')} KiB`;
}

/** Where a finished request's time went, in order: waiting, then the disk's own phases. */
export const PHASES = ['queue', 'seek', 'rotation', 'transfer', 'other'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_WORDS: Record<Phase, string> = {
	queue: 'waiting in the queue',
	seek: 'seek',
	rotation: 'rotation',
	transfer: 'transfer',
	other: 'controller and flash work'
};

export function phaseCycles(r: IoRecord): Record<Phase, number> {
	return {
		queue: r.started - r.submitted,
		seek: r.seek,
		rotation: r.rotation,
		transfer: r.transfer,
		other: r.other
	};
}

export function describeRequest(r: IoRecord, vmName: string, blockSectors: number): string {
	const what =
		r.op === 'flush'
			? `${vmName} flush`
			: `${vmName} ${r.op} of ${bytes(r.count)} at its block ${Math.floor(r.sector / blockSectors)}`;
	const parts = phaseCycles(r);
	const spent = PHASES.filter((p) => parts[p] > 0)
		.map((p) => `${PHASE_WORDS[p]} ${time(parts[p])}`)
		.join(', ');
	return `${what}: ${time(r.done - r.submitted)} in all${spent ? ` (${spent})` : ''}`;
}

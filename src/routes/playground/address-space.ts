/**
 * Which addresses the code and memory views show, in words: virtual through satp's Sv32 table when
 * hart 0's mode translates (S or U with satp.MODE = Sv32, privileged §4.1.11), else physical.
 */
import { hex32 } from '$lib/viz/machine/format';
import { GUEST_PROGRAMS } from '$lib/sim/guest/boot-programs';

const MODE_NAMES: Record<number, string> = { 0: 'U', 1: 'S', 3: 'M' };

export function describeSpace(translation: { virtual: boolean; satp: number }, mode: number): string {
	const m = MODE_NAMES[mode] ?? String(mode);
	if (translation.virtual)
		return `Virtual addresses (${m}-mode), translated through the page table of satp ${hex32(translation.satp)} (Sv32).`;
	if (mode === 3) return 'Physical addresses: M-mode does not translate.';
	return `Physical addresses: satp is Bare, so ${m}-mode does not translate.`;
}

/**
 * The user programs the teaching kernel embeds (src/lib/sim/guest/kernel/programs.S), whose ELF
 * files with DWARF the site serves at /guest/user/NAME.elf: the kernel's own list.
 */
export const USER_PROGRAMS = GUEST_PROGRAMS;

export const USER_PROGRAM_BASE = '/guest/user/';

/** The machine options a student can choose in the playground, and which values each may take. */

/** RAM sizes offered, in MiB (RAM starts at 0x8000_0000). */
export const RAM_SIZES_MIB: readonly number[] = [1, 4, 16, 64];

export function isRamSize(value: unknown): value is number {
	return typeof value === 'number' && RAM_SIZES_MIB.includes(value);
}

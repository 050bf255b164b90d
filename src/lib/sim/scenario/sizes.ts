/**
 * Sizes as a scenario writes them: `<number> <unit>` with a binary unit, or a plain integer of bytes.
 * Only binary units are accepted: `MB` could mean 10^6 or 2^20, and memory sizes here are always
 * powers of two, so the ambiguous spelling is refused rather than guessed.
 */

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

/** Largest first, so formatSize picks the biggest unit that divides a size. */
const UNITS: readonly (readonly [name: string, bytes: number])[] = [
	['GiB', GiB],
	['MiB', MiB],
	['KiB', KiB],
	['B', 1]
];

const SIZE = /^(\d+)(?:\.(\d+))?\s*([A-Za-z]*)$/;

/** Bytes in `text` ('32 MiB', '1.5 GiB', '4096', or a number of bytes); throws Error saying why not. */
export function parseSize(text: string | number): number {
	if (typeof text === 'number') {
		if (Number.isSafeInteger(text) && text >= 0) return text;
		throw new Error(
			`${text} is not a size: a plain number counts bytes, so it must be a whole number, 0 or more`
		);
	}
	const m = SIZE.exec(text.trim());
	if (!m) throw new Error(`'${text}' is not a size: write a number and a unit, like '32 MiB'`);
	const [, whole, fraction = '', unitName] = m;
	const unit = unitName === '' ? 1 : UNITS.find(([name]) => name === unitName)?.[1];
	if (unit === undefined) throw new Error(`'${text}' is not a size: the unit must be B, KiB, MiB or GiB`);
	// BigInt so '1.1 KiB' is found to be fractional exactly, not through a rounded double.
	const scale = 10n ** BigInt(fraction.length);
	const scaled = BigInt(whole + fraction) * BigInt(unit);
	if (scaled % scale !== 0n) throw new Error(`'${text}' is not a whole number of bytes`);
	const bytes = scaled / scale;
	if (bytes > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`'${text}' is too large`);
	return Number(bytes);
}

/** The size in the largest unit that divides it evenly: '32 MiB', '6 KiB', '1536 B'; parseSize reads it back. */
export function formatSize(bytes: number): string {
	if (!(Number.isSafeInteger(bytes) && bytes >= 0))
		throw new RangeError(`a size must be a whole number of bytes, 0 or more, got ${bytes}`);
	if (bytes === 0) return '0 B'; // every unit divides 0; bytes is the natural unit for nothing
	const [name, unit] = UNITS.find(([, unit]) => bytes % unit === 0) ?? ['B', 1];
	return `${bytes / unit} ${name}`;
}

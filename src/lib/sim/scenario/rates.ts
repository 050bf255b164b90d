/**
 * Link speeds and short durations as a scenario writes them: `100 Mbit/s` (decimal SI prefixes, as
 * networking counts: 1 Mbit/s is 10^6 bits per second) and `50 us` / `50 µs` / `2 ms`, or plain
 * numbers (bits per second; nanoseconds). Like sizes.ts, an ambiguous spelling (`MB/s`: bytes or
 * bits?) is refused rather than guessed.
 */

const RATE = /^(\d+)(?:\.(\d+))?\s*([A-Za-z]+\/s)$/;
const RATE_UNITS: Record<string, bigint> = {
	'bit/s': 1n,
	'kbit/s': 1000n,
	'Mbit/s': 1_000_000n,
	'Gbit/s': 1_000_000_000n
};

/** Bits per second in `text` ('100 Mbit/s', or a number of bits per second); throws saying why not. */
export function parseRate(text: string | number): number {
	if (typeof text === 'number') {
		if (Number.isSafeInteger(text) && text > 0) return text;
		throw new Error(
			`${text} is not a link speed: a plain number counts bits per second, a whole number above 0`
		);
	}
	const m = RATE.exec(text.trim());
	const unit = m ? RATE_UNITS[m[3]] : undefined;
	if (!m || unit === undefined)
		throw new Error(
			`'${text}' is not a link speed: write a number and bit/s, kbit/s, Mbit/s or Gbit/s, like '100 Mbit/s'`
		);
	const fraction = m[2] ?? '';
	const scale = 10n ** BigInt(fraction.length);
	const scaled = BigInt(m[1] + fraction) * unit;
	if (scaled % scale !== 0n || scaled === 0n)
		throw new Error(`'${text}' is not a whole number of bits per second above 0`);
	return Number(scaled / scale);
}

const DURATION = /^(\d+)(?:\.(\d+))?\s*(ns|us|µs|ms|s)$/;
const NANOS: Record<string, bigint> = { ns: 1n, us: 1000n, µs: 1000n, ms: 1_000_000n, s: 1_000_000_000n };

/** Nanoseconds in `text` ('50 us', '2 ms', '0', or a number of nanoseconds); throws saying why not. */
export function parseDuration(text: string | number): number {
	if (typeof text === 'number') {
		if (Number.isSafeInteger(text) && text >= 0) return text;
		throw new Error(
			`${text} is not a duration: a plain number counts nanoseconds, a whole number, 0 or more`
		);
	}
	if (text.trim() === '0') return 0;
	const m = DURATION.exec(text.trim());
	if (!m) throw new Error(`'${text}' is not a duration: write a number and ns, us, ms or s, like '50 us'`);
	const fraction = m[2] ?? '';
	const scale = 10n ** BigInt(fraction.length);
	const scaled = BigInt(m[1] + fraction) * NANOS[m[3]];
	if (scaled % scale !== 0n) throw new Error(`'${text}' is not a whole number of nanoseconds`);
	return Number(scaled / scale);
}

/** Bits per second as a scenario would write them. */
export function formatRate(bits: number): string {
	for (const [name, unit] of [
		['Gbit/s', 1e9],
		['Mbit/s', 1e6],
		['kbit/s', 1e3]
	] as const)
		if (bits >= unit && bits % unit === 0) return `${bits / unit} ${name}`;
	return `${bits} bit/s`;
}

/** Exits of each VM sampled against host steps, for the exits timeline (ExitsTimeline.svelte). */
export interface ExitSample {
	position: number;
	exits: number[];
}

/** Add a sample at `position`, first dropping any at or after it (stepping back rewrites the future). */
export function addSample(samples: ExitSample[], s: ExitSample, keep = 2000): ExitSample[] {
	const kept = samples.filter((x) => x.position < s.position);
	kept.push(s);
	return kept.length > keep ? kept.slice(kept.length - keep) : kept;
}

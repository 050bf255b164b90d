/**
 * Running at a chosen speed (instructions per second) instead of full speed: on each animation
 * frame, step as many instructions as the time since the last frame has earned, then redraw. Slow
 * speeds let a student watch every register change; breakpoints and the end still stop the run.
 */
import type { RunResult } from '$lib/sim/session';

export interface PacedTiming {
	now: () => number;
	nextFrame: () => Promise<void>;
}

const BROWSER_TIMING: PacedTiming = {
	now: () => performance.now(),
	nextFrame: () => new Promise((resolve) => requestAnimationFrame(() => resolve()))
};

export class PacedRun {
	private stopped = false;

	constructor(
		private readonly stepN: (n: number) => Promise<RunResult>,
		private readonly redraw: () => Promise<void>,
		private readonly perSecond: number,
		private readonly timing: PacedTiming = BROWSER_TIMING
	) {}

	/** Ask the run to end at its next frame; run() then resolves with reason 'paused'. */
	stop(): void {
		this.stopped = true;
	}

	async run(): Promise<RunResult> {
		// One step at once, so the first change shows without waiting a whole period.
		let credit = 1;
		let last = this.timing.now();
		let steps = 0;
		let position = 0;
		while (!this.stopped) {
			const n = Math.floor(credit);
			if (n > 0) {
				credit -= n;
				const r = await this.stepN(n);
				steps += r.steps;
				position = r.position;
				await this.redraw();
				if (r.reason !== 'budget') return { ...r, steps };
			}
			await this.timing.nextFrame();
			const t = this.timing.now();
			// A background tab gets no frames: do not catch up in one burst when it comes back.
			credit = Math.min(credit + ((t - last) / 1000) * this.perSecond, Math.max(1, this.perSecond / 4));
			last = t;
		}
		return { reason: 'paused', steps, position };
	}
}

/** The speeds offered, in instructions per second; Infinity is full speed (the session's own run). */
export const SPEEDS: readonly { value: number; label: string }[] = [
	{ value: 1, label: '1 instruction per second' },
	{ value: 10, label: '10 per second' },
	{ value: 100, label: '100 per second' },
	{ value: 10_000, label: '10,000 per second' },
	{ value: Infinity, label: 'Full speed' }
];

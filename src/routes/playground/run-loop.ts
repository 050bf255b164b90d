/**
 * Full-speed runs that leave the page responsive: run the machine in slices of about 10 ms, then
 * give the frame back (requestAnimationFrame) so the browser can paint and handle clicks, then go on.
 */
import type { StopReason } from '$lib/sim/machine/stop';

export interface RunLoopHooks {
	/** Run up to n steps; anything but 'budget' ends the run. */
	slice: (n: number) => StopReason;
	/** Redraw the views (once per frame). */
	refresh: () => void;
	/** The run ended by itself (breakpoint, exit), not by stop(). */
	stopped: (why: StopReason) => void;
}

/** Wall time per frame spent simulating; the rest of a 16 ms frame is the page's. */
const FRAME_BUDGET_MS = 10;
const CHUNK_STEPS = 20_000;

export class RunLoop {
	private frame = 0;
	private readonly hooks: RunLoopHooks;
	private readonly now: () => number;
	private readonly schedule: (f: () => void) => number;
	private readonly cancel: (id: number) => void;

	constructor(
		hooks: RunLoopHooks,
		timing: {
			now?: () => number;
			schedule?: (f: () => void) => number;
			cancel?: (id: number) => void;
		} = {}
	) {
		this.hooks = hooks;
		this.now = timing.now ?? (() => performance.now());
		this.schedule = timing.schedule ?? ((f) => requestAnimationFrame(f));
		this.cancel = timing.cancel ?? ((id) => cancelAnimationFrame(id));
	}

	get running(): boolean {
		return this.frame !== 0;
	}

	start(): void {
		if (this.frame) return;
		this.frame = this.schedule(() => this.tick());
	}

	stop(): void {
		if (this.frame) this.cancel(this.frame);
		this.frame = 0;
	}

	private tick(): void {
		const start = this.now();
		let why: StopReason;
		do why = this.hooks.slice(CHUNK_STEPS);
		while (why.kind === 'budget' && this.now() - start < FRAME_BUDGET_MS);
		this.hooks.refresh();
		if (why.kind !== 'budget') {
			this.frame = 0;
			this.hooks.stopped(why);
			return;
		}
		this.frame = this.schedule(() => this.tick());
	}
}

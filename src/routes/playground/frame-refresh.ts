/**
 * Views are read on animation frames, not per instruction (DESIGN.md): while a run goes on in the
 * session, each frame asks for a fresh view, unless the last request has not come back yet.
 */
export class FrameRefresh {
	private frame = 0;
	private inFlight = false;
	private readonly read: () => Promise<void>;
	private readonly schedule: (f: () => void) => number;
	private readonly cancel: (id: number) => void;

	constructor(
		read: () => Promise<void>,
		schedule: (f: () => void) => number = (f) => requestAnimationFrame(f),
		cancel: (id: number) => void = (id) => cancelAnimationFrame(id)
	) {
		this.read = read;
		this.schedule = schedule;
		this.cancel = cancel;
	}

	get active(): boolean {
		return this.frame !== 0;
	}

	start(): void {
		if (!this.frame) this.frame = this.schedule(() => this.tick());
	}

	stop(): void {
		if (this.frame) this.cancel(this.frame);
		this.frame = 0;
	}

	private tick(): void {
		if (!this.inFlight) {
			this.inFlight = true;
			void this.read().finally(() => (this.inFlight = false));
		}
		this.frame = this.schedule(() => this.tick());
	}
}

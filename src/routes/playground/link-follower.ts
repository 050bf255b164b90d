/**
 * Keeps the address bar a link to what is in the playground: after the student stops typing for a
 * moment (or changes an option), the session is encoded (share.ts) and the hash replaced, never
 * pushed, so Back still leaves the page instead of stepping through keystrokes.
 */
import { encodeSession, type SharedSession } from './share';

export interface LinkFollowerDeps {
	/** Replace the hash without a new history entry (history.replaceState in the page). */
	write: (hash: string) => void;
	encode?: (session: SharedSession) => Promise<string>;
	setTimer?: (f: () => void, ms: number) => unknown;
	clearTimer?: (handle: unknown) => void;
}

/** Quiet time after the last change before the link is rewritten. */
export const LINK_DELAY_MS = 400;

export class LinkFollower {
	private timer: unknown;
	private pending: SharedSession | undefined;
	/** Bumped by every change, so a slow encoding of an older text never overwrites a newer one. */
	private generation = 0;
	private lastWritten = '';
	private readonly encode: (session: SharedSession) => Promise<string>;
	private readonly setTimer: (f: () => void, ms: number) => unknown;
	private readonly clearTimer: (handle: unknown) => void;

	constructor(
		private readonly deps: LinkFollowerDeps,
		private readonly delayMs = LINK_DELAY_MS
	) {
		this.encode = deps.encode ?? encodeSession;
		this.setTimer = deps.setTimer ?? ((f, ms) => setTimeout(f, ms));
		this.clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
	}

	/** The session changed: rewrite the link once changes stop for a moment. */
	changed(session: SharedSession): void {
		this.generation++;
		this.pending = { source: session.source, options: { ...session.options } };
		this.clearTimer(this.timer);
		this.timer = this.setTimer(() => void this.flush(), this.delayMs);
	}

	/** Write the pending change now (before copying the link, or when the page is left). */
	async flush(): Promise<void> {
		this.clearTimer(this.timer);
		this.timer = undefined;
		const session = this.pending;
		if (!session) return;
		this.pending = undefined;
		const generation = this.generation;
		const hash = await this.encode(session);
		if (generation !== this.generation || hash === this.lastWritten) return;
		this.lastWritten = hash;
		this.deps.write(hash);
	}

	/** Forget a pending change (the page wrote the link itself, or is going away). */
	cancel(): void {
		this.clearTimer(this.timer);
		this.timer = undefined;
		this.pending = undefined;
	}

	dispose(): void {
		this.cancel();
	}
}

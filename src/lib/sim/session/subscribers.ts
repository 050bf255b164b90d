/**
 * The session's event subscribers: each chose some kinds and gets events in batches (at most BATCH
 * per call, and whatever is buffered at the end of a step or run slice). Subscriptions outlive the
 * machine: attach() puts them on each new hub (after a load or reset), detach() takes them off while
 * the session replays history.
 */
import type { EventKind, TraceEvent } from '../trace/events';
import type { TraceHub } from '../trace/hub';

/** Events buffered per subscriber before a batch is delivered mid-slice. */
const BATCH = 4096;

interface Subscriber {
	kinds: EventKind[];
	handler: (events: TraceEvent[]) => void;
	buffer: TraceEvent[];
	off: () => void;
}

export class Subscribers {
	private readonly all = new Set<Subscriber>();

	/** Add a subscriber (on `hub` at once when there is one); returns its removal. */
	add(kinds: EventKind[], handler: (events: TraceEvent[]) => void, hub?: TraceHub): () => void {
		const s: Subscriber = { kinds: [...kinds], handler, buffer: [], off: () => {} };
		if (hub) this.on(s, hub);
		this.all.add(s);
		return () => {
			s.off();
			this.flushOne(s);
			this.all.delete(s);
		};
	}

	/** Whether some subscriber asked for this kind. */
	wants(kind: string): boolean {
		for (const s of this.all) if (s.kinds.includes(kind as EventKind)) return true;
		return false;
	}

	attach(hub: TraceHub): void {
		for (const s of this.all) this.on(s, hub);
	}

	detach(): void {
		for (const s of this.all) s.off();
	}

	/** Deliver what every subscriber has buffered. */
	flush(): void {
		for (const s of this.all) this.flushOne(s);
	}

	private on(s: Subscriber, hub: TraceHub): void {
		s.off = hub.subscribe(s.kinds, (e) => {
			s.buffer.push(e);
			if (s.buffer.length >= BATCH) this.flushOne(s);
		});
	}

	private flushOne(s: Subscriber): void {
		if (s.buffer.length === 0) return;
		const batch = s.buffer;
		s.buffer = [];
		s.handler(batch);
	}
}

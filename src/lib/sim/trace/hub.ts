/**
 * The trace hub: subscribers choose event kinds; the hub installs the machine hook a kind needs only
 * while someone subscribes to it, and removes it when the last one leaves. With nobody subscribed the
 * machine runs with no hook at all (the interpreter's one `hook !== undefined` check per instruction).
 *
 * Hooks are reached from outside the machine (its observer lists), so the hart and devices stay unaware
 * of tracing; a kind registered later is reported by its component through machine.report().
 */
import type { Hart } from '../hart/hart';
import type { Machine } from '../machine/machine';
import type { DueEvent } from '../machine/events';
import { isEventKind, type EventKind, type EventOf, type ModeNumber, type TraceEvent } from './events';
import { adapters, sourceOf, type Emitter, type SourceName } from './adapters';

export type EventHandler = (event: TraceEvent) => void;

export class TraceHub implements Emitter {
	readonly machine: Machine;
	/** Per kind: is anyone listening? Adapters test this before building an event. */
	readonly want: Record<string, boolean> = {};
	private readonly handlers = new Map<string, Set<EventHandler>>();
	private readonly sourceUsers = new Map<SourceName, number>();
	private readonly uninstall = new Map<SourceName, () => void>();
	/** Called on every trap whether or not anyone subscribes (statistics). */
	private readonly trapTaps: ((h: Hart, cause: number, from: ModeNumber, to: ModeNumber) => void)[] = [];
	/** Called on every trap return (statistics) whether or not anyone subscribes. */
	private readonly returnTaps: ((h: Hart, from: ModeNumber, to: ModeNumber) => void)[] = [];
	/** Subscribers are not called while muted (replaying history); adapters stay installed. */
	muted = false;

	constructor(machine: Machine) {
		this.machine = machine;
	}

	/** Subscribe to some kinds; returns the unsubscribe function. Throws on an unknown kind. */
	subscribe(kinds: readonly string[], handler: EventHandler): () => void {
		for (const k of kinds) if (!isEventKind(k)) throw new RangeError(`unknown event kind '${k}'`);
		for (const k of kinds) {
			let set = this.handlers.get(k);
			if (!set) this.handlers.set(k, (set = new Set()));
			if (set.has(handler)) continue;
			set.add(handler);
			if (set.size === 1) {
				this.want[k] = true;
				this.use(sourceOf(k), 1);
			}
		}
		let done = false;
		return () => {
			if (done) return;
			done = true;
			for (const k of kinds) {
				const set = this.handlers.get(k);
				if (!set?.delete(handler)) continue;
				if (set.size === 0) {
					this.want[k] = false;
					this.use(sourceOf(k), -1);
				}
			}
		};
	}

	/** Kinds someone subscribes to now. */
	activeKinds(): EventKind[] {
		return Object.keys(this.want).filter((k) => this.want[k]) as EventKind[];
	}

	/** Whether a kind can be produced on this machine (its hook exists). */
	available(kind: EventKind): boolean {
		return adapters[sourceOf(kind)].available(this.machine);
	}

	/** Sees every event emitted (of the kinds someone subscribes to) before the subscribers do. */
	observe: ((event: TraceEvent) => void) | undefined = undefined;

	emit(event: TraceEvent): void {
		if (this.muted) return;
		this.observe?.(event);
		const set = this.handlers.get(event.kind);
		if (set) for (const h of set) h(event);
	}

	/** Emit an event of a kind if anyone listens (the payload is only built when someone does). */
	emitIf<K extends EventKind>(kind: K, make: () => Omit<EventOf<K>, 'kind'>): void {
		if (this.want[kind] && !this.muted) this.emit({ kind, ...make() } as unknown as TraceEvent); // the union cannot be narrowed by a generic K
	}

	/** A permanent trap listener (statistics): keeps the trap hook installed for the hub's life. */
	tapTraps(fn: (h: Hart, cause: number, from: ModeNumber, to: ModeNumber) => void): void {
		this.trapTaps.push(fn);
		this.use('trap', 1);
	}

	trapTapped(h: Hart, cause: number, from: ModeNumber, to: ModeNumber): void {
		for (const fn of this.trapTaps) fn(h, cause, from, to);
	}

	/** A permanent MRET/SRET listener (statistics): keeps the return hook installed for the hub's life. */
	tapReturns(fn: (h: Hart, from: ModeNumber, to: ModeNumber) => void): void {
		this.returnTaps.push(fn);
		this.use('return', 1);
	}

	returnTapped(h: Hart, from: ModeNumber, to: ModeNumber): void {
		for (const fn of this.returnTaps) fn(h, from, to);
	}

	/** Keep a source installed (count > 0) or release it. */
	use(source: SourceName, delta: 1 | -1): void {
		const n = (this.sourceUsers.get(source) ?? 0) + delta;
		this.sourceUsers.set(source, n);
		if (n === 1 && delta === 1) this.uninstall.set(source, adapters[source].install(this.machine, this));
		else if (n === 0) {
			this.uninstall.get(source)?.();
			this.uninstall.delete(source);
		}
	}

	/** Remove every hook this hub installed. */
	dispose(): void {
		for (const off of this.uninstall.values()) off();
		this.uninstall.clear();
		this.sourceUsers.clear();
		this.handlers.clear();
	}
}

export type { DueEvent };

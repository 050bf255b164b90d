/**
 * The machine's event queue: devices schedule work at a cycle of the one machine clock (a disk completion,
 * a timer compare, a packet arriving), and the machine runs what is due between instruction chunks.
 *
 * Deterministic: events pop in (cycle, sequence) order, the sequence being the order of scheduling, so
 * ties go to whoever scheduled first. Snapshot-able: an event is data (a kind name and a JSON-like
 * payload), never a closure; code registers one handler per kind with `on`, so a restored queue dispatches
 * to the same handlers. A handle is the event's sequence number, so it stays valid across a snapshot.
 *
 * A binary min-heap of slot numbers over typed arrays; scheduling, cancelling and popping are O(log n),
 * nextCycle is O(1). Cycles are integers below 2^53 (the machine clock is a number).
 * Misuse (a cycle that is not a safe integer, dispatching a kind with no handler) throws: those are bugs
 * in the simulator, not guest behaviour.
 */

import { HookList } from '../hart/hooks';

/** Data an event carries: anything structuredClone and JSON both keep. */
export type EventPayload =
	null | boolean | number | string | readonly EventPayload[] | { readonly [key: string]: EventPayload };

export interface DueEvent {
	handle: number;
	cycle: number;
	kind: string;
	payload: EventPayload;
}

export type EventHandler = (payload: EventPayload, event: DueEvent, queue: EventQueue) => void;
/** Called as runDue dispatches an event, before its handler runs. */
export type DispatchHook = (event: DueEvent) => void;

export interface EventQueueSnapshot {
	version: 1;
	nextSeq: number;
	/** Pending events in pop order. */
	events: { cycle: number; seq: number; kind: string; payload: EventPayload }[];
}

export class EventQueue {
	private cycle = new Float64Array(16);
	private seq = new Float64Array(16);
	private kindOf = new Int32Array(16);
	private payload: EventPayload[] = [];
	/** heap[i] is a slot number; slots hold the event fields; pos[slot] is the slot's heap index. */
	private heap = new Int32Array(16);
	private pos = new Int32Array(16);
	private count = 0;
	private freeSlots: number[] = [];
	private slotCount = 0;
	private readonly slotOfSeq = new Map<number, number>();
	private nextSeq = 0;

	private readonly kindIds = new Map<string, number>();
	private readonly kindNames: string[] = [];
	private readonly handlers: (EventHandler | undefined)[] = [];

	/** Published by `hooks.dispatch`: undefined while nobody watches (add observers there). */
	onDispatch: DispatchHook | undefined = undefined;
	/** Observers of dispatched events (the trace's device-event); `add` returns the remover. */
	readonly hooks = {
		dispatch: new HookList<DispatchHook>((f) => (this.onDispatch = f))
	};

	/** Registers the handler for events of `kind` (one per kind; registering again replaces it). */
	on(kind: string, handler: EventHandler): void {
		this.handlers[this.kindId(kind)] = handler;
	}

	/**
	 * Called when an event is scheduled sooner than the one that was next: the machine ends the running
	 * slice, which was sized to the old next event (so how a run is sliced never changes results).
	 */
	onSooner: (() => void) | undefined = undefined;

	/** Schedules an event at `cycle`; returns its handle. */
	schedule(cycle: number, kind: string, payload: EventPayload = null): number {
		if (!Number.isSafeInteger(cycle) || cycle < 0) throw new RangeError(`bad event cycle ${cycle}`);
		const sooner = cycle < this.nextCycle();
		const handle = this.insert(cycle, this.nextSeq++, this.kindId(kind), payload);
		if (sooner) this.onSooner?.();
		return handle;
	}

	/** Removes a pending event. Returns false if it already ran or was cancelled. */
	cancel(handle: number): boolean {
		const slot = this.slotOfSeq.get(handle);
		if (slot === undefined) return false;
		this.removeAt(this.pos[slot]);
		return true;
	}

	isPending(handle: number): boolean {
		return this.slotOfSeq.has(handle);
	}

	get size(): number {
		return this.count;
	}

	/** The cycle of the earliest pending event, or Infinity when none is pending. */
	nextCycle(): number {
		return this.count === 0 ? Infinity : this.cycle[this.heap[0]];
	}

	/** Removes and returns the earliest event if it is due at `now` (its cycle ≤ now). */
	popDue(now: number): DueEvent | undefined {
		if (this.count === 0) return undefined;
		const slot = this.heap[0];
		if (this.cycle[slot] > now) return undefined;
		const ev: DueEvent = {
			handle: this.seq[slot],
			cycle: this.cycle[slot],
			kind: this.kindNames[this.kindOf[slot]],
			payload: this.payload[slot]
		};
		this.removeAt(0);
		return ev;
	}

	/**
	 * Pops and dispatches every event due at `now`, in order, including events that handlers schedule
	 * at or before `now`. Returns the number dispatched.
	 */
	runDue(now: number): number {
		let n = 0;
		for (let ev = this.popDue(now); ev !== undefined; ev = this.popDue(now)) {
			const handler = this.handlers[this.kindIds.get(ev.kind) ?? -1];
			if (handler === undefined) throw new Error(`no handler for event kind '${ev.kind}'`);
			this.onDispatch?.(ev);
			handler(ev.payload, ev, this);
			n++;
		}
		return n;
	}

	/** Pending events in pop order (for views and snapshots). */
	pending(): DueEvent[] {
		const slots = Array.from(this.heap.subarray(0, this.count));
		slots.sort((a, b) => this.cycle[a] - this.cycle[b] || this.seq[a] - this.seq[b]);
		return slots.map((s) => ({
			handle: this.seq[s],
			cycle: this.cycle[s],
			kind: this.kindNames[this.kindOf[s]],
			payload: this.payload[s]
		}));
	}

	/** Drops every pending event (handlers stay registered; the sequence keeps counting). */
	clear(): void {
		this.count = 0;
		this.slotCount = 0;
		this.freeSlots = [];
		this.payload = [];
		this.slotOfSeq.clear();
	}

	snapshot(): EventQueueSnapshot {
		return {
			version: 1,
			nextSeq: this.nextSeq,
			events: this.pending().map((e) => ({
				cycle: e.cycle,
				seq: e.handle,
				kind: e.kind,
				payload: structuredClone(e.payload)
			}))
		};
	}

	/** Replaces the pending events with a snapshot's. Handlers are kept: register them before running. */
	restore(s: EventQueueSnapshot): void {
		if (s.version !== 1) throw new Error(`unknown event queue snapshot version ${s.version}`);
		this.clear();
		for (const e of s.events)
			this.insert(e.cycle, e.seq, this.kindId(e.kind), structuredClone(e.payload));
		this.nextSeq = s.nextSeq;
	}

	private kindId(kind: string): number {
		let id = this.kindIds.get(kind);
		if (id === undefined) {
			id = this.kindNames.length;
			this.kindIds.set(kind, id);
			this.kindNames.push(kind);
		}
		return id;
	}

	private insert(cycle: number, seq: number, kind: number, payload: EventPayload): number {
		const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.slotCount++;
		if (slot >= this.cycle.length) this.grow();
		this.cycle[slot] = cycle;
		this.seq[slot] = seq;
		this.kindOf[slot] = kind;
		this.payload[slot] = payload;
		this.slotOfSeq.set(seq, slot);
		this.place(this.count, slot);
		this.siftUp(this.count++);
		return seq;
	}

	private grow(): void {
		const n = this.cycle.length * 2;
		const widen = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
			const b = make(n);
			b.set(a);
			return b;
		};
		this.cycle = widen(this.cycle, (k) => new Float64Array(k));
		this.seq = widen(this.seq, (k) => new Float64Array(k));
		this.kindOf = widen(this.kindOf, (k) => new Int32Array(k));
		this.heap = widen(this.heap, (k) => new Int32Array(k));
		this.pos = widen(this.pos, (k) => new Int32Array(k));
	}

	private less(a: number, b: number): boolean {
		const ca = this.cycle[a];
		const cb = this.cycle[b];
		return ca < cb || (ca === cb && this.seq[a] < this.seq[b]);
	}

	private removeAt(i: number): void {
		const slot = this.heap[i];
		this.slotOfSeq.delete(this.seq[slot]);
		this.payload[slot] = null;
		this.freeSlots.push(slot);
		const last = this.heap[--this.count];
		if (i === this.count) return;
		this.place(i, last);
		if (i > 0 && this.less(last, this.heap[(i - 1) >> 1])) this.siftUp(i);
		else this.siftDown(i);
	}

	private siftUp(i: number): void {
		const h = this.heap;
		const slot = h[i];
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!this.less(slot, h[parent])) break;
			this.place(i, h[parent]);
			i = parent;
		}
		this.place(i, slot);
	}

	private siftDown(i: number): void {
		const h = this.heap;
		const slot = h[i];
		for (;;) {
			let child = 2 * i + 1;
			if (child >= this.count) break;
			if (child + 1 < this.count && this.less(h[child + 1], h[child])) child++;
			if (!this.less(h[child], slot)) break;
			this.place(i, h[child]);
			i = child;
		}
		this.place(i, slot);
	}

	private place(i: number, slot: number): void {
		this.heap[i] = slot;
		this.pos[slot] = i;
	}
}

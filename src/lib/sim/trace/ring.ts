/**
 * A ring buffer of the last N events: the playground's event log and the session's history window.
 * Fixed capacity, O(1) push; the oldest event is dropped when full.
 */
export class RingBuffer<T> {
	private readonly items: (T | undefined)[];
	private start = 0;
	private count = 0;
	/** Items ever pushed (so a reader can tell how many it missed). */
	pushed = 0;

	constructor(readonly capacity: number) {
		if (!(Number.isInteger(capacity) && capacity > 0))
			throw new RangeError(`ring capacity must be a positive whole number, got ${capacity}`);
		this.items = new Array(capacity);
	}

	get size(): number {
		return this.count;
	}

	push(item: T): void {
		this.pushed++;
		if (this.count < this.capacity) {
			this.items[(this.start + this.count++) % this.capacity] = item;
			return;
		}
		this.items[this.start] = item;
		this.start = (this.start + 1) % this.capacity;
	}

	/** Oldest first. */
	toArray(): T[] {
		const out: T[] = [];
		for (let i = 0; i < this.count; i++) out.push(this.items[(this.start + i) % this.capacity] as T);
		return out;
	}

	/** The newest n items, oldest first. */
	last(n: number): T[] {
		const all = this.toArray();
		return all.slice(Math.max(0, all.length - n));
	}

	/** Drop the newest items while `drop` holds (stepping back discards events from the undone future). */
	truncateWhile(drop: (item: T) => boolean): void {
		while (this.count > 0) {
			const i = (this.start + this.count - 1) % this.capacity;
			if (!drop(this.items[i] as T)) break;
			this.items[i] = undefined;
			this.count--;
			this.pushed--;
		}
	}

	clear(): void {
		this.items.fill(undefined);
		this.start = this.count = 0;
	}
}

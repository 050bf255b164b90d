/**
 * Observer lists for the hart's, MMU's, firmware's and machine's hooks. Several parties (the trace hub,
 * the statistics, the CLI, soon the hypervisor) watch at once without overwriting each other, while
 * the hot path still reads one plain field: the list publishes `undefined` when nobody watches, the one
 * function itself when one does, and a small fan-out only when several do. So an unwatched hart pays
 * one `!== undefined` test per instruction, as before.
 *
 *   const off = hart.hooks.retire.add((pc, bits, rd, value) => …);
 *   off();   // removes that observer only (calling it twice is harmless)
 */

// A function type of any arity whose result is ignored. `never[]` parameters accept every hook type.
type Hook = (...args: never[]) => void;

export class HookList<F extends Hook> {
	/** One entry per addition (so the same function added twice is two observers). */
	private entries: readonly { fn: F }[] = [];

	/** `publish` receives the function to call (or undefined for none) after every change. */
	constructor(private readonly publish: (fire: F | undefined) => void = () => {}) {}

	/** Number of observers. */
	get size(): number {
		return this.entries.length;
	}

	/** The function that calls every observer in order, or undefined when there is none. */
	get fire(): F | undefined {
		return this.composed;
	}

	private composed: F | undefined = undefined;

	private changed(): void {
		this.composed = compose(this.entries.map((e) => e.fn));
		this.publish(this.composed);
	}

	/** Add an observer; the returned function removes exactly this addition. */
	add(fn: F): () => void {
		const entry = { fn };
		this.entries = [...this.entries, entry];
		this.changed();
		let added = true;
		return () => {
			if (!added) return;
			added = false;
			this.entries = this.entries.filter((e) => e !== entry);
			this.changed();
		};
	}
}

/** One function for a list: none, the only one (no wrapper on the hot path), or a loop. */
function compose<F extends Hook>(fns: readonly F[]): F | undefined {
	if (fns.length === 0) return undefined;
	if (fns.length === 1) return fns[0];
	return ((...args: Parameters<F>) => {
		for (const f of fns) f(...args);
	}) as F;
}

/**
 * A named single subscription over a list, for the simple `thing.onX = fn` setters: assigning replaces
 * the previous assignment (and undefined removes it) without disturbing the list's other observers.
 */
export class HookSlot<F extends Hook> {
	private off: (() => void) | undefined;

	constructor(private readonly attach: (fn: F) => () => void) {}

	set(fn: F | null | undefined): void {
		this.off?.();
		this.off = fn ? this.attach(fn) : undefined;
	}
}

/**
 * The machine's components by name: the board's devices, the SBI firmware, and later the hypervisor
 * and virtual disks. Each brings its own reset, snapshot and restore, so the machine resets, saves and
 * restores them all without naming any: a new component is one register() call, and its state travels
 * in MachineSnapshot.components, in history checkpoints and in snapshot files unchanged.
 *
 * The rule every component keeps: its state is plain data (structured-clone-able: numbers, strings,
 * booleans, null, arrays, plain objects, typed arrays; no closures, no class instances, no shared
 * references into the live component), so snapshots can be copied, compared, measured, sent to a
 * worker and written as JSON-with-blobs.
 */
import type { Lifecycle } from '../devices/device';

export class ComponentRegistry {
	private readonly entries = new Map<string, Lifecycle>();

	/** Add a component; names are unique (they key the snapshot). Order of registration is reset order. */
	register(name: string, component: Lifecycle): void {
		if (this.entries.has(name)) throw new Error(`component '${name}' is registered twice`);
		this.entries.set(name, component);
	}

	get(name: string): Lifecycle | undefined {
		return this.entries.get(name);
	}

	names(): string[] {
		return [...this.entries.keys()];
	}

	/** Every component to its power-on state, in registration order. */
	reset(): void {
		for (const c of this.entries.values()) c.reset();
	}

	/** Each component's state, by name. */
	snapshot(): Record<string, unknown> {
		const out: Record<string, unknown> = {};
		for (const [name, c] of this.entries) out[name] = c.snapshot();
		return out;
	}

	/**
	 * Put every component back, in registration order. A component the snapshot has no state for (one
	 * added after the snapshot was written) is reset instead; state for a component this machine does
	 * not have is an error, since restoring without it would not be the same machine.
	 */
	restore(states: Record<string, unknown>): void {
		for (const name of Object.keys(states))
			if (!this.entries.has(name))
				throw new RangeError(`snapshot has state for unknown component '${name}'`);
		for (const [name, c] of this.entries) {
			if (Object.hasOwn(states, name)) c.restore(states[name]);
			else c.reset();
		}
	}
}

/**
 * Answers to a lesson's checkpoint questions, computed by running the scenario the lesson shows in a
 * session of its own: change the scenario and the answers follow. Pure over the Session interface, so
 * the unit tests run the same functions in-process that the page runs in a worker.
 */
import type { Session } from '$lib/sim/session';
import type { EventOf } from '$lib/sim/trace/events';
import { exitLabel } from '$lib/viz/vm/exit-label';

export type VmExit = EventOf<'vm-exit'>;

/** A checkpoint's answer as the page shows it (Checkpoint.svelte). */
export interface CheckpointAnswer {
	/** The answer as shown. */
	answer: string;
	/** Spellings accepted besides `answer` (compared without case or extra spaces). */
	accept?: string[];
	/** Why, in a sentence, with the numbers the run gave. */
	explain: string;
}

const LIMIT = 50_000_000;

/** Run to the first exit of `vm` that `pick` accepts (subscribing so exits are produced). */
export async function firstExit(
	s: Session,
	vm: number,
	pick: (e: VmExit) => boolean
): Promise<VmExit | undefined> {
	const off = await s.subscribe(['vm-exit'], () => {});
	try {
		let budget = LIMIT;
		while (budget > 0) {
			const r = await s.runUntil({ eventKind: ['vm-exit'], vm, maxInstructions: budget });
			budget -= r.steps;
			if (r.reason !== 'event') return undefined;
			const e = r.event;
			if (e?.kind === 'vm-exit' && pick(e)) return e;
		}
		return undefined;
	} finally {
		await off();
	}
}

/** The first privileged instruction the guest kernel executes: its disassembly and how many exits came before it. */
export async function firstPrivileged(
	s: Session,
	vm: number
): Promise<{ label: string; before: number } | undefined> {
	let before = 0;
	const e = await firstExit(s, vm, (x) => {
		if (x.reason === 'csr' || x.reason === 'sret' || x.reason === 'sfence') return true;
		before++;
		return false;
	});
	return e ? { label: exitLabel(e), before } : undefined;
}

/** Who handles a guest user program's first system call: the exit's reason. */
export async function firstSystemCall(s: Session, vm: number): Promise<VmExit | undefined> {
	return firstExit(s, vm, (e) => e.reason === 'reflect' && e.cause === 8 && e.vmode === 0);
}

/** Exits of `vm` while it retires `n` guest instructions from where the session is. */
export async function exitsIn(s: Session, vm: number, n: number): Promise<number> {
	const count = async () => {
		const v = (await s.vms())[vm];
		return v ? Object.values(v.counters.exits).reduce((a, b) => a + b, 0) : 0;
	};
	const before = await count();
	await s.runUntil({ vm, guestInstructions: n, maxInstructions: LIMIT });
	return (await count()) - before;
}

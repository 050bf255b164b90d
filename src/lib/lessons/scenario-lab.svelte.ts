/**
 * What every live lesson host shares: a scenario loaded into a session of its own in a Worker, the
 * actions a student takes on it (each remembered so Back returns exactly to before it), a status
 * line saying what happened, and a refresh of the views after each action. A change of the running
 * host (a VM destroyed, a policy switched) is an edit of the session's history, so Back over it
 * undoes it; an edit made before the first step is part of the state at 0, so only a fresh load
 * (with the other edits made there again) undoes that one.
 */
import { createBrowserSession } from '$lib/session-client';
import type { Session, VmOp } from '$lib/sim/session';
import { HZ, time } from '$lib/viz/sched/sched-words';
import { loadScenario } from './scenario-session';

/** Longest single run an action may take (steps), so a stuck guest cannot hang the page. */
export const MAX_STEPS = 400_000_000;

/** "Run to the end" goes in slices of this much simulated time, at most END_SLICES of them. */
const END_SLICE_MS = 100;
const END_SLICES = 40;

export const OP_WORDS: Record<VmOp, string> = {
	pause: 'Paused',
	resume: 'Resumed',
	reset: 'Reset',
	destroy: 'Destroyed'
};

interface Undo {
	position: number;
	what: string;
	/** An edit made at position 0, to make again after a fresh load. */
	atStart?: (s: Session) => Promise<string>;
}

export abstract class ScenarioLab {
	status = $state('Not started.');
	busy = $state(false);
	started = $state(false);
	console = $state('');
	cycle = $state(0);
	protected session: Session | undefined;
	private undo: Undo[] = [];

	constructor(
		protected readonly scenario: string,
		protected readonly images: Record<string, string>
	) {}

	get canGoBack(): boolean {
		return this.undo.length > 0 && !this.busy;
	}

	/** Read the views after an action (the session is loaded). */
	protected abstract refresh(s: Session): Promise<void>;

	/** What the status line says once the scenario is loaded. */
	protected abstract startedText(): string;

	async start(): Promise<void> {
		if (this.busy) return;
		this.busy = true;
		this.status = 'Fetching the guest images…';
		try {
			this.session ??= createBrowserSession().session;
			await loadScenario(this.session, this.scenario, this.images);
			this.undo = [];
			this.started = true;
			await this.refresh(this.session);
			this.status = this.startedText();
		} catch (e) {
			this.status = `Could not start the scenario: ${(e as Error).message}`;
		} finally {
			this.busy = false;
		}
	}

	/** Let simulated time pass: `ms` milliseconds of the machine's clock. */
	run(ms: number): Promise<void> {
		return this.act(`${ms} ms of simulated time`, async (s) => {
			const r = await s.runUntil({
				cycle: this.cycle + Math.round((ms * HZ) / 1000),
				maxInstructions: MAX_STEPS
			});
			return r.reason === 'cycle' || r.reason === 'budget' ? '' : ` (stopped: ${r.reason})`;
		});
	}

	/** Run until no VM can go on by itself: each has finished, crashed, or waits paused. */
	runToEnd(): Promise<void> {
		return this.act('until no VM can go on', async (s) => {
			for (let i = 0; i < END_SLICES; i++) {
				const now = (await s.registers(0)).cycles;
				const r = await s.runUntil({
					cycle: now + Math.round((END_SLICE_MS * HZ) / 1000),
					maxInstructions: MAX_STEPS
				});
				const vms = await s.vms();
				if (!vms.some((v) => v.status === 'running' || v.status === 'created')) return '';
				if (r.reason !== 'cycle' && r.reason !== 'budget') return ` (stopped: ${r.reason})`;
			}
			return ` (still running after ${END_SLICES * END_SLICE_MS} ms: run on)`;
		});
	}

	/** Pause, resume, reset or destroy VM `vm` on the running host (an edit: Back undoes it). */
	vmOp(vm: number, op: VmOp, name = `VM ${vm}`): Promise<void> {
		return this.act(
			`${op} ${name}`,
			async (s) => {
				await s.vmOp(vm, op);
				return '';
			},
			true,
			`${OP_WORDS[op]} ${name}`
		);
	}

	async back(): Promise<void> {
		const s = this.session;
		const last = this.undo.at(-1);
		if (!s || this.busy || !last) return;
		this.busy = true;
		try {
			this.undo.pop();
			const now = (await s.status()).position;
			if (last.atStart) {
				await loadScenario(s, this.scenario, this.images);
				for (const u of this.undo) if (u.atStart) await u.atStart(s);
			} else if (last.position < now) await s.stepBack(now - last.position);
			else if (last.position > now) await s.step(last.position - now);
			await this.refresh(s);
			this.status = `Back to before ${last.what}, at ${time(this.cycle)}.`;
		} catch (e) {
			this.status = `Could not go back: ${(e as Error).message}`;
		} finally {
			this.busy = false;
		}
	}

	async dispose(): Promise<void> {
		await this.session?.dispose();
		this.session = undefined;
	}

	/**
	 * One action, remembered for Back; `fn` returns a note for the status line. A change made at
	 * position p is part of the state at p, so the way back from a change goes one step further.
	 */
	protected async act(
		what: string,
		fn: (s: Session) => Promise<string>,
		edit = false,
		done?: string
	): Promise<void> {
		const s = this.session;
		if (!s || this.busy) return;
		this.busy = true;
		try {
			const before = (await s.status()).position;
			const note = await fn(s);
			this.undo.push({
				position: edit ? Math.max(0, before - 1) : before,
				what,
				atStart: edit && before === 0 ? fn : undefined
			});
			await this.refresh(s);
			const head = done ?? `${edit ? 'Applied' : 'Ran'} ${what}`;
			this.status = `${head}${note}; now at ${time(this.cycle)}.`;
		} catch (e) {
			this.status = `${what}: ${(e as Error).message}`;
		} finally {
			this.busy = false;
		}
	}
}

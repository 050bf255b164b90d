/**
 * Lesson 04's live host: VMs on a few physical disks, the actions a student takes (let time pass,
 * run until every VM has finished or waits, pause, resume or destroy a VM, change the I/O
 * scheduler, Back) and the disk map drawn after each one. Every figure comes from the session's disk
 * map (the hypervisor's own block owners, queues and records); a VM operation or policy change is an
 * edit of the session's history, so Back over it undoes it exactly.
 */
import { createBrowserSession } from '$lib/session-client';
import type { IoPolicy, IoRecord } from '$lib/sim/hv/io/disk-queue';
import type { DiskMapView, Session, VmOp } from '$lib/sim/session';
import { HZ, time } from '$lib/viz/sched/sched-words';
import { loadScenario } from './scenario-session';

/** A finished request, named by its disk, VM, submission cycle and first sector. */
export interface RequestKey {
	disk: number;
	vm: number;
	submitted: number;
	sector: number;
}

export function pickedRecord(v: DiskMapView, k: RequestKey): IoRecord | undefined {
	return v.disks[k.disk]?.recent.find(
		(r) => r.vm === k.vm && r.submitted === k.submitted && r.sector === k.sector
	);
}

export const IO_POLICIES: readonly IoPolicy[] = ['fifo', 'fair'];

/** Longest single run an action may take (steps), so a stuck guest cannot hang the page. */
const MAX_STEPS = 400_000_000;
/** "Run to the end" goes in slices of this much simulated time, at most END_SLICES of them. */
const END_SLICE_MS = 100;
const END_SLICES = 40;

const OP_WORDS: Record<VmOp, string> = {
	pause: 'Paused',
	resume: 'Resumed',
	reset: 'Reset',
	destroy: 'Destroyed'
};

/** A VM that can still do something by itself (a paused one waits for the student). */
const active = (v: DiskMapView) => v.vms.some((vm) => vm.status === 'running' || vm.status === 'created');

export class DiskLab {
	status = $state('Not started.');
	busy = $state(false);
	started = $state(false);
	view = $state<DiskMapView | null>(null);
	/** Per VM (by id): its MMIO exits (each a device register access trapped) and hypervisor cycles. */
	exits = $state<{ mmio: number; hvCycles: number }[]>([]);
	console = $state('');
	cycle = $state(0);
	/** The request picked in the timeline: its disk, VM and submission cycle (unique per VM). */
	picked = $state<RequestKey | null>(null);
	private session: Session | undefined;
	/** Position before each action, so Back returns exactly there. */
	private undo: {
		position: number;
		what: string;
		/** An edit made at position 0, to make again after a fresh load. */
		atStart?: (s: Session) => Promise<string>;
	}[] = [];

	constructor(
		private readonly scenario: string,
		private readonly images: Record<string, string>
	) {}

	get canGoBack(): boolean {
		return this.undo.length > 0 && !this.busy;
	}

	async start(): Promise<void> {
		if (this.busy) return;
		this.busy = true;
		this.status = 'Fetching the guest images…';
		try {
			this.session ??= createBrowserSession().session;
			await loadScenario(this.session, this.scenario, this.images);
			this.undo = [];
			this.started = true;
			await this.refresh();
			const v = this.view;
			this.status = v
				? `Started: ${v.vms.length} VMs on ${v.disks.length} physical disk${v.disks.length === 1 ? '' : 's'}; no time has passed.`
				: 'Started, but this scenario has no host disks.';
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
				const now = await this.clock(s);
				const r = await s.runUntil({
					cycle: now + Math.round((END_SLICE_MS * HZ) / 1000),
					maxInstructions: MAX_STEPS
				});
				const v = await s.disks();
				if (!v || !active(v)) return '';
				if (r.reason !== 'cycle' && r.reason !== 'budget') return ` (stopped: ${r.reason})`;
			}
			return ` (still running after ${END_SLICES * END_SLICE_MS} ms: run on)`;
		});
	}

	/** Pause, resume, reset or destroy VM `vm` on the running host. */
	vmOp(vm: number, op: VmOp): Promise<void> {
		const name = this.view?.vms.find((v) => v.id === vm)?.name ?? `VM ${vm}`;
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

	setPolicy(policy: IoPolicy): Promise<void> {
		return this.act(
			`the ${policy} I/O scheduler`,
			async (s) => {
				await s.setIoScheduler(policy);
				return '';
			},
			true
		);
	}

	pick(key: RequestKey | null): void {
		this.picked = key;
	}

	async back(): Promise<void> {
		const s = this.session;
		const last = this.undo.at(-1);
		if (!s || this.busy || !last) return;
		this.busy = true;
		try {
			this.undo.pop();
			const now = (await s.status()).position;
			// An edit made before the first step is part of the state at 0: only a fresh load undoes it.
			if (last.atStart) {
				await loadScenario(s, this.scenario, this.images);
				for (const u of this.undo) if (u.atStart) await u.atStart(s);
			} else if (last.position < now) await s.stepBack(now - last.position);
			else if (last.position > now) await s.step(last.position - now);
			await this.refresh();
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
	 * One action, remembered for Back. A change made at position p is part of the state at p, so the
	 * way back from a change goes one step further, to just before it.
	 */
	private async act(
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
			await this.refresh();
			const head = done ?? `${edit ? 'Applied' : 'Ran'} ${what}`;
			this.status = `${head}${note}; now at ${time(this.cycle)}.`;
		} catch (e) {
			this.status = `${what}: ${(e as Error).message}`;
		} finally {
			this.busy = false;
		}
	}

	private async clock(s: Session): Promise<number> {
		return (await s.disks())?.now ?? (await s.registers(0)).cycles;
	}

	private async refresh(): Promise<void> {
		const s = this.session!;
		const [view, out, vms] = await Promise.all([s.disks(), s.console(), s.vms()]);
		this.view = view;
		this.exits = vms.map((v) => ({ mmio: v.counters.exits.mmio ?? 0, hvCycles: v.counters.hvCycles }));
		this.console = out;
		this.cycle = view?.now ?? (await s.registers(0)).cycles;
		if (this.picked && !(view && pickedRecord(view, this.picked))) this.picked = null;
	}
}

/**
 * A lesson's live scenario: a session with a hypervisor and its VMs, the actions a student takes
 * (step one VM, run to the next exit, step back) and the views the page draws after each one. Every
 * number shown comes from the session after the action, never from the page's own bookkeeping.
 */
import { createBrowserSession } from '$lib/session-client';
import { disassemble } from '$lib/sim/isa/disasm';
import type { RunCondition, RunResult, Session, TwoStageView, VmView } from '$lib/sim/session';
import type { EventOf, TraceEvent } from '$lib/sim/trace/events';
import type { HartPlace, LiveExit, LiveStack } from '$lib/viz/layers/live-stack';
import { exitLabel, exitOutcome } from '$lib/viz/vm/exit-label';
import { loadScenario } from './scenario-session';
import { addSample, type ExitSample } from '$lib/viz/vm/exit-samples';

export type VmExit = EventOf<'vm-exit'>;

/** The next instruction of the VM being watched, read through its own translation. */
export interface NextInstruction {
	pc: number;
	vmode: 'vS' | 'vU';
	text: string;
}

export interface LabExit {
	vm: number;
	name: string;
	label: string;
	outcome: string;
	reason: string;
	from: 'applications' | 'kernel';
	pc: number;
	cost: number;
	position: number;
}

const WATCHED = ['vm-exit', 'vm-state', 'reflected-trap', 'injected-interrupt', 'shadow-fill'] as const;
/** Exits kept (the page shows the newest few; Back must find the older ones again). */
const KEEP = 500;

export class VmLab {
	status = $state('Not started.');
	busy = $state(false);
	started = $state(false);
	vms = $state<VmView[]>([]);
	/** The VM whose instructions the student steps. */
	watched = $state(0);
	next = $state<NextInstruction | null>(null);
	exits = $state<LabExit[]>([]);
	translation = $state<TwoStageView | null>(null);
	/** An address the student asked to translate instead of the next instruction's (null: follow pc). */
	picked = $state<number | null>(null);
	console = $state('');
	position = $state(0);
	live = $state<LiveStack>({ names: [], harts: [], exit: null });
	/** Each VM's exit count after each action, for the timeline. */
	samples = $state<ExitSample[]>([]);
	private session: Session | undefined;
	/** Steps each action took, so Back undoes exactly the last one. */
	private undo: number[] = [];
	private exitSerial = 0;

	constructor(
		private readonly scenario: string,
		private readonly images: Record<string, string>
	) {}

	async start(): Promise<void> {
		if (this.busy) return;
		this.busy = true;
		this.status = 'Fetching the guest images…';
		try {
			this.session ??= createBrowserSession().session;
			await loadScenario(this.session, this.scenario, this.images);
			await this.session.subscribe([...WATCHED], () => {});
			this.undo = [];
			this.exits = [];
			this.samples = [];
			this.exitSerial = 0;
			this.started = true;
			await this.refresh();
			this.status = `Started: ${this.vms.length} VMs, each about to run its first instruction.`;
		} catch (e) {
			this.status = `Could not start the scenario: ${(e as Error).message}`;
		} finally {
			this.busy = false;
		}
	}

	/** Run one action; the result says how far it went and why it stopped. */
	private async act(what: string, condition: RunCondition): Promise<RunResult | undefined> {
		const s = this.session;
		if (!s || this.busy) return;
		this.busy = true;
		try {
			const r = await s.runUntil({ maxInstructions: 20_000_000, ...condition });
			this.undo.push(r.steps);
			const exit = r.event?.kind === 'vm-exit' ? r.event : undefined;
			await this.refresh(exit);
			this.status = this.describe(what, r);
			return r;
		} finally {
			this.busy = false;
		}
	}

	stepGuest(n = 1) {
		const name = this.vms[this.watched]?.name ?? 'the VM';
		return this.act(`${name}: ${n === 1 ? 'one guest instruction' : `${n} guest instructions`}`, {
			vm: this.watched,
			guestInstructions: n
		});
	}

	/** Run to the next exit of the watched VM (or of any), of any reason or only of `reason`. */
	toNextExit(anyVm = false, reason?: string) {
		const name = this.vms[this.watched]?.name ?? 'the VM';
		const which = reason ? `${reason} exit` : 'exit';
		return this.act(anyVm ? `to the next ${which} of any VM` : `to ${name}'s next ${which}`, {
			eventKind: ['vm-exit'],
			...(anyVm ? {} : { vm: this.watched }),
			...(reason ? { exitReasons: [reason] } : {})
		});
	}

	run(steps: number) {
		return this.act(`${steps.toLocaleString('en')} host steps`, { maxInstructions: steps });
	}

	async back(): Promise<void> {
		const s = this.session;
		const n = this.undo.pop();
		if (!s || this.busy || n === undefined) return;
		this.busy = true;
		try {
			await s.stepBack(n);
			this.exits = this.exits.filter((e) => e.position <= this.position - n);
			await this.refresh(undefined, false);
			this.status = `Back ${n.toLocaleString('en')} host steps, to where the last action started.`;
		} finally {
			this.busy = false;
		}
	}

	get canGoBack(): boolean {
		return this.undo.length > 0;
	}

	/** Translate `addr` (a load) from now on, or follow the next instruction again with null. */
	pick(addr: number | null): Promise<void> {
		this.picked = addr === null ? null : addr >>> 0;
		return this.refresh(undefined, false);
	}

	watch(vm: number): Promise<void> {
		this.watched = vm;
		return this.refresh();
	}

	private describe(what: string, r: RunResult): string {
		const steps = `${r.steps.toLocaleString('en')} host steps`;
		switch (r.reason) {
			case 'guest-instructions':
				return `Stepped ${what} (${steps}).`;
			case 'event': {
				const e = this.exits[0];
				return e
					? `Ran ${what}: ${e.name} left ${e.from === 'kernel' ? 'its kernel' : 'a user program'} on ${e.label} after ${steps}.`
					: `Ran ${what} (${steps}).`;
			}
			case 'vm-stopped':
				return `Stopped: ${this.vms[this.watched]?.name ?? 'the VM'} is not running (${this.vms[this.watched]?.status}).`;
			default:
				return `Ran ${what}: ${steps}, stopped (${r.reason}).`;
		}
	}

	private async refresh(exit?: VmExit, scanLog = true): Promise<void> {
		const s = this.session;
		if (!s) return;
		const [vms, status, text] = await Promise.all([s.vms(), s.status(), s.console()]);
		this.vms = vms;
		this.position = status.position;
		this.samples = addSample(this.samples, {
			position: status.position,
			exits: vms.map((v) => Object.values(v.counters.exits).reduce((a, n) => a + n, 0))
		});
		this.console = text;
		if (exit) this.noteExit(exit);
		else if (scanLog) await this.latestExit();
		const harts: HartPlace[] = [];
		for (let h = 0; h < status.harts; h++) {
			const on = vms.flatMap((v) =>
				v.vcpus.filter((c) => c.status === 'running' && c.hart === h).map((c) => ({ v, c }))
			)[0];
			harts.push(
				on
					? { hart: h, guest: on.v.id, level: on.c.vmode === 'vS' ? 'kernel' : 'applications' }
					: { hart: h, guest: null, level: 'hypervisor' }
			);
		}
		const last = this.exits[0];
		const liveExit: LiveExit | null = last
			? {
					guest: last.vm,
					from: last.from,
					label: last.label,
					outcome: last.outcome,
					serial: this.exitSerial
				}
			: null;
		this.live = { names: vms.map((v) => v.name), harts, exit: liveExit };
		const cpu = vms[this.watched]?.vcpus[0];
		if (cpu) {
			const mem = await s.vmMemory(this.watched, cpu.pc, 4, 0);
			const word =
				mem && mem.mapped.every(Boolean)
					? new DataView(mem.bytes.buffer).getUint32(0, true)
					: undefined;
			this.next = {
				pc: cpu.pc,
				vmode: cpu.vmode,
				text: word === undefined ? '(not mapped)' : disassemble(word, cpu.pc)
			};
			this.translation =
				this.picked === null
					? await s.vmTranslate(this.watched, 0, cpu.pc, 0)
					: await s.vmTranslate(this.watched, 0, this.picked, 1);
		}
	}

	/** After a step back or a plain run: the newest exit in the log, if it is newer than the list's. */
	private async latestExit(): Promise<void> {
		const events = await this.session!.recentEvents(200);
		const newest = events.findLast((e: TraceEvent): e is VmExit => e.kind === 'vm-exit');
		if (newest && (this.exits.length === 0 || newest.cycle !== this.exitsCycle)) this.noteExit(newest);
	}

	private exitsCycle = -1;

	private noteExit(e: VmExit): void {
		const vm = e.vm ?? 0;
		this.exitSerial++;
		this.exitsCycle = e.cycle;
		const entry: LabExit = {
			vm,
			name: this.vms[vm]?.name ?? `VM ${vm + 1}`,
			label: exitLabel(e),
			outcome: exitOutcome(e.reason),
			reason: e.reason,
			from: e.vmode === 1 ? 'kernel' : 'applications',
			pc: e.pc,
			cost: e.cost,
			position: this.position
		};
		this.exits = [entry, ...this.exits].slice(0, KEEP);
	}

	async dispose(): Promise<void> {
		await this.session?.dispose();
		this.session = undefined;
	}
}

/**
 * Lesson 05's live host: VMs with network cards on the hypervisor's switch. The student lets time
 * pass, follows the traffic one frame at a time (run to the next frame a NIC sends), runs to the
 * end, destroys a VM, and goes back; after each action the switch, its MAC table, the latest frames
 * and the picked frame's layers and trip are drawn from the session's network view.
 */
import type { FrameRecord } from '$lib/sim/hv/net/switch';
import type { NetView, Session, VmOp } from '$lib/sim/session';
import { MAX_STEPS, ScenarioLab } from './scenario-lab.svelte';

export class NetLab extends ScenarioLab {
	view = $state<NetView | null>(null);
	/** The frame picked in the list (its id); null: the newest. */
	pickedId = $state<number | null>(null);

	get picked(): FrameRecord | null {
		const f = this.view?.frames;
		if (!f?.length) return null;
		return (this.pickedId !== null && f.find((x) => x.id === this.pickedId)) || f[f.length - 1];
	}

	protected startedText(): string {
		const v = this.view;
		return v
			? `Started: ${v.vms.length} VMs on a switch of ${v.ports.length} ports (the uplink included); no time has passed.`
			: 'Started, but no VM in this scenario has a network card.';
	}

	/** Run until a NIC (or the uplink) puts the next frame on the switch. */
	nextFrame(): Promise<void> {
		return this.act('to the next frame', async (s) => {
			// One step can send a frame and switch and queue it: the run reports the step's last event,
			// so a new frame is known by its number, not by the stage reported.
			const seen = this.view?.frames.at(-1)?.id ?? 0;
			let budget = MAX_STEPS;
			while (budget > 0) {
				const r = await s.runUntil({ eventKind: ['net-frame'], maxInstructions: budget });
				budget -= r.steps;
				if (r.reason !== 'event') return ` (stopped: ${r.reason})`;
				const e = r.event;
				if (e?.kind === 'net-frame' && e.id > seen) {
					this.pickedId = e.id;
					return `: frame #${e.id} from ${e.src} to ${e.dst}`;
				}
			}
			return ' (no frame came)';
		});
	}

	/** Pause, resume, reset or destroy VM `vm`, by name in the status line. */
	override vmOp(vm: number, op: VmOp): Promise<void> {
		return super.vmOp(vm, op, this.view?.vms.find((v) => v.id === vm)?.name);
	}

	pick(id: number): void {
		this.pickedId = id;
	}

	protected async refresh(s: Session): Promise<void> {
		const [view, out, regs] = await Promise.all([s.network(), s.console(), s.registers(0)]);
		this.view = view;
		this.console = out;
		this.cycle = view?.now ?? regs.cycles;
		if (this.pickedId !== null && !view?.frames.some((f) => f.id === this.pickedId)) this.pickedId = null;
	}
}

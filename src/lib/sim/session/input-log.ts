/**
 * The user's changes to a running machine (console input, register and memory edits) as part of its
 * deterministic history. Each edit is logged at the position where it was made; whenever the session
 * arrives at that position again (replaying from a checkpoint to step back, or stepping forward over
 * it) the edit is applied again at exactly that point, so stepping back and forward over an edit
 * reaches the same state as the run that never stepped back.
 *
 * State at position p = after p steps and every edit logged at a position ≤ p. Stepping back keeps the
 * edits ahead (they are the future the forward steps replay); a new edit replaces that future: edits
 * not yet applied are dropped first.
 */
import type { Hypervisor } from '../hv/hypervisor';
import { checkParams, checkPolicy, type SchedOptions } from '../hv/sched/core';
import type { VmSchedParams } from '../hv/scheduler';
import type { Machine } from '../machine/machine';
import { IO_POLICIES, type IoPolicy } from '../hv/io/disk-queue';

export type MachineEdit =
	| { kind: 'uart'; bytes: Uint8Array }
	/** reg 1..31 is x1..x31, 32 is pc. */
	| { kind: 'register'; hart: number; reg: number; value: number }
	| { kind: 'memory'; addr: number; bytes: Uint8Array }
	/** The vCPU scheduler's policy, quantum or period, changed on the running host. */
	| { kind: 'scheduler'; opts: SchedOptions }
	/** A VM's weight, cap, priority or affinity, changed on the running host. */
	| { kind: 'vm-sched'; vm: number; params: Partial<VmSchedParams> }
	/** A VM paused, resumed, reset or destroyed (its disks' blocks freed) by the user. */
	| { kind: 'vm-op'; vm: number; op: VmOp }
	/** How the disks' queues order the VMs' requests. */
	| { kind: 'io-scheduler'; policy: IoPolicy };

export type VmOp = 'pause' | 'resume' | 'reset' | 'destroy';
export const VM_OPS: readonly VmOp[] = ['pause', 'resume', 'reset', 'destroy'];

/** The register number that names the pc in setRegister. */
export const PC_REG = 32;

interface Entry {
	at: number;
	edit: MachineEdit;
}

export class InputLog {
	private entries: Entry[] = [];
	/** How many entries the machine's current state includes (a prefix of the log). */
	applied = 0;
	/** The hypervisor scheduler edits apply to (a scenario's), if any. */
	hv: Hypervisor | undefined;

	get length(): number {
		return this.entries.length;
	}

	clear(): void {
		this.entries = [];
		this.applied = 0;
	}

	/** Record an edit made now at `at` (dropping the future it replaces) and apply it. */
	record(m: Machine, at: number, edit: MachineEdit): void {
		this.entries.length = this.applied;
		this.entries.push({ at, edit });
		applyEdit(m, edit, this.hv);
		this.applied++;
	}

	/** Apply every logged edit not yet applied whose position is ≤ `at`. */
	applyDue(m: Machine, at: number): void {
		while (this.applied < this.entries.length && this.entries[this.applied].at <= at)
			applyEdit(m, this.entries[this.applied++].edit, this.hv);
	}

	/** Position of the next edit not yet applied (Infinity if none): runs must stop there. */
	nextAt(): number {
		return this.entries[this.applied]?.at ?? Infinity;
	}
}

/** Perform one edit on the machine. The same code serves the first time and every replay. */
export function applyEdit(m: Machine, e: MachineEdit, hv?: Hypervisor): void {
	switch (e.kind) {
		case 'scheduler':
			hv?.setScheduler(e.opts);
			return;
		case 'vm-sched':
			hv?.setVmParams(e.vm, e.params);
			return;
		case 'vm-op':
			if (!hv) return;
			if (e.op === 'pause') hv.pause(e.vm);
			else if (e.op === 'resume') hv.resume(e.vm);
			else if (e.op === 'reset') hv.resetVm(e.vm);
			else hv.destroy(e.vm);
			return;
		case 'io-scheduler':
			hv?.disks.io.setPolicy(e.policy);
			return;
		case 'uart':
			m.uart.feed(e.bytes);
			return;
		case 'register': {
			const h = m.harts[e.hart];
			// The hart derives its fetch and data windows from pc and CSRs at every slice start
			// (execute → updateWindows), so a new pc needs nothing else; decoded code is per RAM word.
			if (e.reg === PC_REG) h.pc = e.value >>> 0;
			else if (e.reg > 0) h.x[e.reg] = e.value | 0;
			return;
		}
		case 'memory':
			// writeBytes drops decoded instructions in the words it writes, as a guest store does.
			m.ram.writeBytes(m.ram.offset(e.addr >>> 0, e.bytes.length), e.bytes);
			return;
	}
}

/** Why an edit cannot be made (thrown before it is logged), or undefined when it can. */
export function checkEdit(m: Machine, e: MachineEdit, hv?: Hypervisor): RangeError | undefined {
	if (e.kind === 'scheduler' || e.kind === 'vm-sched') return checkSchedEdit(e, hv);
	if (e.kind === 'vm-op' || e.kind === 'io-scheduler') {
		if (!hv) return new RangeError('no hypervisor: load a scenario first');
		if (e.kind === 'io-scheduler')
			return IO_POLICIES.includes(e.policy)
				? undefined
				: new RangeError(
						`I/O scheduler must be one of ${IO_POLICIES.join(', ')}, got ${String(e.policy)}`
					);
		if (!hv.vmList[e.vm]) return new RangeError(`no VM ${e.vm}`);
		if (!VM_OPS.includes(e.op))
			return new RangeError(`a VM can ${VM_OPS.join(', ')}, not ${String(e.op)}`);
	}
	if (e.kind === 'register') {
		if (!m.harts[e.hart]) return new RangeError(`no hart ${e.hart}`);
		if (!(Number.isInteger(e.reg) && e.reg >= 0 && e.reg <= PC_REG))
			return new RangeError(`register ${e.reg} is not 0..31 (x0..x31) or 32 (pc)`);
		if (!Number.isFinite(e.value)) return new RangeError(`register value ${e.value} is not a number`);
	}
	if (e.kind === 'memory' && m.ram.offset(e.addr >>> 0, Math.max(1, e.bytes.length)) < 0) {
		const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;
		const r = m.ram;
		const bad = r.offset(e.addr >>> 0) < 0 ? e.addr : e.addr + e.bytes.length - 1;
		return new RangeError(`${hex(bad)} is outside RAM (${hex(r.base)}–${hex(r.base + r.size - 1)})`);
	}
	return undefined;
}

/** A scheduler edit is checked by making it on a copy of the scheduler's state (it throws RangeError). */
function checkSchedEdit(
	e: Extract<MachineEdit, { kind: 'scheduler' | 'vm-sched' }>,
	hv: Hypervisor | undefined
): RangeError | undefined {
	if (!hv) return new RangeError('no hypervisor: load a scenario to change its scheduler');
	if (e.kind === 'vm-sched' && !hv.vmList[e.vm]) return new RangeError(`no VM ${e.vm}`);
	try {
		if (e.kind === 'scheduler') checkPolicy(e.opts);
		else checkParams({ ...hv.s.sched.params[e.vm], ...e.params }, hv.s.sched.pcpus);
	} catch (err) {
		if (err instanceof RangeError) return err;
		throw err;
	}
	return undefined;
}

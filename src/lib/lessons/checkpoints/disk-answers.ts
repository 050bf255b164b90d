/**
 * Lesson 04's checkpoint answers, computed by running the lesson's disk scenarios in a session of
 * their own: the disk map and the report the page shows, at the moment the question is about (before
 * anything runs, when a VM first waits for space, or when no VM can go on). Pure over the Session
 * interface, so the unit tests run the same functions in-process.
 */
import type { DiskMapView, Session } from '$lib/sim/session';

/** Steps enough for every lesson scenario to end (they take about 60 M). */
const END_STEPS = 400_000_000;
/** How far one look ahead goes while waiting for a VM to pause (steps). */
const SLICE = 2_000_000;

async function view(s: Session): Promise<DiskMapView> {
	const v = await s.disks();
	if (!v) throw new Error('the scenario has no host disks');
	return v;
}

/** Run until the machine stops: every VM finished, or the rest wait (a paused VM). */
export async function atEnd(s: Session): Promise<DiskMapView> {
	await s.runUntil({ maxInstructions: END_STEPS });
	return view(s);
}

/** Run until some VM waits for space on a full disk; that moment's map, and the VM. */
export async function atFirstPause(s: Session) {
	for (let spent = 0; spent < END_STEPS; spent += SLICE) {
		const v = await view(s);
		const vm = v.vms.find((x) => x.waitingForSpace);
		if (vm) return { view: v, vm };
		const r = await s.step(SLICE);
		if (r.steps === 0) break;
	}
	throw new Error('no VM ever waited for space');
}

export function vmId(v: DiskMapView, name: string): number {
	const vm = v.vms.find((x) => x.name === name);
	if (!vm) throw new Error(`the scenario has no VM ${name}`);
	return vm.id;
}

export function diskIndex(v: DiskMapView, name: string): number {
	const i = v.disks.findIndex((d) => d.name === name);
	if (i < 0) throw new Error(`the scenario has no disk ${name}`);
	return i;
}

/** Blocks of `disk` owned by `owner` (a VM's id, -1 free, -2 a base image). */
export function blocksOf(v: DiskMapView, disk: string, owner: number): number {
	return v.disks[diskIndex(v, disk)].owners.filter((o) => o === owner).length;
}

/** A whole number of blocks, as a student may write it. */
export function acceptCount(n: number): string[] {
	return [String(n), `${n} blocks`, `${n} block`];
}

/** Whole numbers within `fraction` of `n`, for a figure a student reads off a table and divides. */
export function acceptWithin(n: number, fraction: number): string[] {
	const out: string[] = [];
	for (let k = Math.floor(n * (1 - fraction)); k <= Math.ceil(n * (1 + fraction)); k++) out.push(String(k));
	return out;
}

/** VM `name`'s MMIO exits against the KiB its disks moved (read and written). */
export async function mmioPerKib(s: Session, name: string) {
	const v = await view(s);
	const row = v.report.vms.find((x) => x.name === name);
	const vm = (await s.vms()).find((x) => x.name === name);
	if (!row || !vm) throw new Error(`the scenario has no VM ${name}`);
	const kib = (row.read + row.written) / 1024;
	const mmio = vm.counters.exits.mmio ?? 0;
	return { kib, mmio, perKib: kib ? mmio / kib : 0 };
}

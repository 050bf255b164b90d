/**
 * Lesson 05's checkpoint answers, computed by running the lesson's network scenarios in a session of
 * their own: the switch's view and report at the end, and what the guests printed (their own round
 * trip times, measured with their clocks). Pure over the Session interface, so the unit tests run the
 * same functions in-process.
 */
import type { NetView, Session } from '$lib/sim/session';

const END_STEPS = 400_000_000;

/** Run until the machine stops (every VM finished); the switch's view then. */
export async function netAtEnd(s: Session): Promise<NetView> {
	await s.runUntil({ maxInstructions: END_STEPS });
	const v = await s.network();
	if (!v) throw new Error('no VM in the scenario has a network card');
	return v;
}

/** The round trips `vm`'s pingpeer printed, in µs, by sequence number (missing: no reply). */
export async function roundTrips(s: Session, vm: string): Promise<Map<number, number>> {
	const out = new Map<number, number>();
	const line = new RegExp(`^\\[${vm}\\] pingpeer: reply from \\S+: seq=(\\d+) time=(\\d+) us$`, 'gm');
	for (const m of (await s.console()).matchAll(line)) out.set(Number(m[1]), Number(m[2]));
	if (out.size === 0) throw new Error(`${vm} printed no round trip`);
	return out;
}

export function dropsAt(v: NetView, port: string, reason: 'queue-full' | 'no-receive-buffer'): number {
	const p = v.ports.find((x) => x.name === port);
	if (!p) throw new Error(`the switch has no port ${port}`);
	return p.stats.drops[reason];
}

/**
 * A pcap file of one switch port from the frames the session's network view holds (the latest
 * RECENT_FRAMES, bytes and all): the frames that came in on the port when they were sent and the
 * frames delivered to it when they arrived, in time order, as `vmscope run --pcap` writes them.
 */
import type { NetView } from '$lib/sim/session';
import { PcapWriter } from '$lib/sim/net/pcap';
import { HZ } from '$lib/viz/sched/sched-words';

export function portCapture(view: NetView, port: number): Uint8Array {
	const seen: { at: number; bytes: Uint8Array }[] = [];
	for (const f of view.frames) {
		if (f.from === port) seen.push({ at: f.sent, bytes: f.bytes });
		const at = f.delivered[port] ?? -1;
		if (at >= 0) seen.push({ at, bytes: f.bytes });
	}
	seen.sort((a, b) => a.at - b.at);
	const w = new PcapWriter(HZ);
	for (const s of seen) w.add(s.at, s.bytes);
	return w.bytes();
}

/**
 * `vmscope run scenario.yaml --pcap DIR`: one pcap file per port of the hypervisor's virtual switch
 * (DIR/alpha.pcap, DIR/uplink.pcap, ...), holding what a capture on that port's cable would see: the
 * frames sent into the switch there and the frames delivered there, at their machine cycles.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hypervisor } from '../hv/hypervisor';
import { PcapWriter } from '../net/pcap';

export class PcapCapture {
	private readonly writers = new Map<number, PcapWriter>();

	constructor(
		private readonly hv: Hypervisor,
		private readonly dir: string,
		private readonly hz: number
	) {
		hv.net.capture = (port, frame, cycle) => {
			let w = this.writers.get(port);
			if (!w) this.writers.set(port, (w = new PcapWriter(hz)));
			w.add(cycle, frame);
		};
	}

	/** Write the files (every port's, an empty capture for a port that saw nothing); a problem, or undefined. */
	write(): string | undefined {
		this.hv.net.capture = undefined;
		try {
			mkdirSync(this.dir, { recursive: true });
			this.hv.s.net.switch.ports.forEach((p, i) =>
				writeFileSync(
					join(this.dir, `${p.name}.pcap`),
					(this.writers.get(i) ?? new PcapWriter(this.hz)).bytes()
				)
			);
		} catch (e) {
			return `cannot write --pcap ${this.dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
		}
		return undefined;
	}
}

/** `vmscope run --net user[,mac=M]`: one NIC cabled to the simulated outside host. */
import type { NicSpec } from '../machine/net-slot';
import { macString, parseMac } from '../net/frame';

/** Parse one --net value; a string result is the error message. */
export function parseNetArg(value: string | undefined): NicSpec | string {
	if (value === undefined || value === '') return '--net expects user[,mac=M], got nothing';
	const [kind, ...opts] = value.split(',');
	if (kind !== 'user') return `--net ${value}: the only network is 'user' (the simulated outside host)`;
	const nic: NicSpec = { backend: 'user' };
	for (const o of opts) {
		if (!o.startsWith('mac=')) return `--net ${value}: unknown option '${o}' (mac=M)`;
		const mac = parseMac(o.slice(4));
		if (!mac) return `--net ${value}: '${o.slice(4)}' is not a MAC address (like 52:54:00:12:34:56)`;
		// IEEE 802: the low bit of the first byte marks a group address, which no NIC has as its own.
		if (mac[0] & 1) return `--net ${value}: ${o.slice(4)} is a multicast address, not a NIC's`;
		nic.mac = macString(mac);
	}
	return nic;
}

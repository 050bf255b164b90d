/**
 * MAC addresses in scenarios: `52:54:00:12:34:56` (six hex octets, colons), a unicast address (the
 * I/G bit, bit 0 of the first octet, clear: IEEE 802-2014 §8.2), and the default each NIC gets when
 * the scenario gives none: QEMU's locally administered prefix 52:54:00 followed by three octets
 * hashed from the VM's name and the NIC's index, so the same scenario always gives the same address.
 */

export const MAC_PATTERN = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** Why `text` is not a MAC a NIC may have, or undefined. */
export function macProblem(text: string): string | undefined {
	if (!MAC_PATTERN.test(text))
		return `'${text}' is not a MAC address: write six hex octets with colons, like 52:54:00:12:34:56 (lower case)`;
	if (parseInt(text.slice(0, 2), 16) & 1)
		return `${text} is a group (multicast) address: a NIC's own address must be unicast (first octet even)`;
	if (text === '00:00:00:00:00:00') return 'a NIC cannot have the all-zero address';
	return undefined;
}

export function defaultMac(vm: string, index: number): string {
	// FNV-1a over the name and index: stable, and spread over the three octets.
	let h = 0x811c9dc5;
	for (const c of `${vm}/${index}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
	const octets = [0x52, 0x54, 0x00, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff];
	return octets.map((o) => o.toString(16).padStart(2, '0')).join(':');
}

/**
 * A NIC's address on the outside network as the scenario reserves it (`nics[].ip`): an address of
 * 10.0.2.0/24 other than the network, the gateway (.2), the DNS server (.3) and broadcast; or why not.
 */
export function guestIp(text: string): number | string {
	const m = /^10\.0\.2\.(\d{1,3})$/.exec(text.trim());
	const host = m ? Number(m[1]) : NaN;
	if (!m || host > 255)
		return `'${text}' is not an address of the network 10.0.2.0/24 (write one like 10.0.2.15)`;
	if (host === 0 || host === 255 || host === 2 || host === 3)
		return `${text} is the network's own (.0 network, .2 gateway, .3 DNS, .255 broadcast)`;
	return (0x0a000200 + host) >>> 0;
}

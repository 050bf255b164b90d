/**
 * The network's rules across fields, read from the raw tree (as parse.ts's other cross-field checks):
 * no two NICs with one MAC address, given or derived; and a VM's virtio devices fit QEMU virt's eight
 * virtio-mmio slots (its virtio disks first, then its NICs).
 */
import { defaultMac } from './mac';
import type { ScenarioProblem } from './parse';

const SLOTS = 8;

const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** The MAC of vms[i].nics[j] as the scenario will have it, or undefined when the field is malformed. */
export function nicMac(vm: Record<string, unknown>, j: number): string | undefined {
	const nic = Array.isArray(vm.nics) ? vm.nics[j] : undefined;
	if (!isRecord(nic) && nic !== null && nic !== undefined) return undefined;
	const mac = isRecord(nic) ? nic.mac : undefined;
	if (typeof mac === 'string') return mac;
	return mac === undefined && typeof vm.name === 'string' ? defaultMac(vm.name, j) : undefined;
}

export function netProblems(vms: unknown[]): ScenarioProblem[] {
	const problems: ScenarioProblem[] = [];
	const owner = new Map<string, string>();
	const ipOwner = new Map<string, string>();
	vms.forEach((vm, i) => {
		if (!isRecord(vm) || !Array.isArray(vm.nics)) return;
		vm.nics.forEach((n: unknown, j) => {
			if (isRecord(n) && typeof n.ip === 'string') {
				const first = ipOwner.get(n.ip.trim());
				if (first !== undefined)
					problems.push({
						path: `vms[${i}].nics[${j}].ip`,
						message: `${n.ip} is also reserved for ${first}`
					});
				else ipOwner.set(n.ip.trim(), `vms[${i}].nics[${j}]`);
			}
			const mac = nicMac(vm, j);
			if (mac === undefined) return;
			const path = `vms[${i}].nics[${j}]`;
			const first = owner.get(mac);
			if (first !== undefined)
				problems.push({ path: `${path}.mac`, message: `${mac} is also the address of ${first}` });
			else owner.set(mac, path);
		});
		const virtioDisks = Array.isArray(vm.disks)
			? vm.disks.filter((d: unknown) => !(isRecord(d) && d.bus === 'pio')).length
			: 0;
		if (virtioDisks + vm.nics.length > SLOTS)
			problems.push({
				path: `vms[${i}].nics`,
				message: `${virtioDisks} virtio disks and ${vm.nics.length} network cards need more than the ${SLOTS} virtio-mmio slots a VM has`
			});
	});
	return problems;
}

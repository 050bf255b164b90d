/**
 * The memory a plain-data value holds, roughly as V8 keeps it: what the history counts against its cap
 * for each checkpoint's component state (harts, devices, the firmware, later VMs and virtual disks).
 * Component state is plain data (structured-clone-able), so this walk sees all of it.
 */
const OBJECT = 16;
const SLOT = 8;

export function plainSize(value: unknown): number {
	if (value === null || value === undefined) return SLOT;
	switch (typeof value) {
		case 'number':
		case 'boolean':
		case 'bigint':
			return SLOT;
		case 'string':
			return OBJECT + 2 * value.length;
		case 'object':
			break;
		default:
			return SLOT;
	}
	if (ArrayBuffer.isView(value)) return OBJECT + value.byteLength;
	if (value instanceof ArrayBuffer) return OBJECT + value.byteLength;
	if (Array.isArray(value)) {
		let n = OBJECT;
		for (const v of value) n += plainSize(v);
		return n;
	}
	if (value instanceof Map) {
		let n = OBJECT;
		for (const [k, v] of value) n += plainSize(k) + plainSize(v);
		return n;
	}
	if (value instanceof Set) {
		let n = OBJECT;
		for (const v of value) n += plainSize(v);
		return n;
	}
	let n = OBJECT;
	for (const [k, v] of Object.entries(value)) n += SLOT + 2 * k.length + plainSize(v);
	return n;
}

/**
 * The hypervisor's state travels in the machine's snapshot: restoring one and running on gives the
 * same machine (harts, host RAM with the shadow tables and guest maps, every VM) and the same output,
 * across exits and VM switches; and a run cut into pieces is the run in one piece.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Hypervisor } from '../../src/lib/sim/hv/hypervisor';
import { loadElf } from '../../src/lib/sim/isa/elf';
import { Machine, type MachineSnapshot } from '../../src/lib/sim/machine/machine';

const kernel = loadElf(new Uint8Array(readFileSync('static/guest/kernel.elf')));

function host(harts: number) {
	const m = new Machine({ ramMiB: 128, harts });
	let out = '';
	const hv = new Hypervisor(m, { onConsole: (vm, b) => (out += `${vm}${String.fromCharCode(b)}`) });
	for (const name of ['alpha', 'beta'])
		hv.start(hv.create({ name, image: kernel, memory: 16 << 20, vcpus: 1 }));
	return { m, hv, out: () => out };
}

/** What must be equal: harts, components (the hypervisor's state included) and a digest of RAM. */
function state(s: MachineSnapshot): unknown {
	return {
		harts: s.harts,
		components: JSON.parse(
			JSON.stringify(s.components, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : v))
		),
		ram: createHash('sha256').update(s.ram).digest('hex'),
		events: s.events
	};
}

describe('hypervisor snapshots', () => {
	for (const harts of [1, 2])
		it(`restore and run on is the same run (${harts} hart${harts > 1 ? 's' : ''})`, () => {
			const a = host(harts);
			a.m.run(3_000_000);
			const snap = a.m.snapshot();
			const before = a.out().length;
			a.m.run(2_000_000);
			const first = state(a.m.snapshot());
			const firstOut = a.out().slice(before);
			expect(a.hv.s.vms.map((v) => v.counters.exits.csr).every((n) => n > 0)).toBe(true);
			a.m.restore(snap);
			const mid = a.out().length;
			a.m.run(2_000_000);
			expect(state(a.m.snapshot())).toEqual(first);
			expect(a.out().slice(mid)).toBe(firstOut);
		});

	it('a run in many pieces is the run in one', () => {
		const one = host(2);
		one.m.run(4_000_000);
		const pieces = host(2);
		for (let i = 0; i < 40; i++) pieces.m.run(100_000);
		expect(state(pieces.m.snapshot())).toEqual(state(one.m.snapshot()));
		expect(pieces.out()).toBe(one.out());
	});
});

/**
 * The machine's components: the registry (reset, snapshot, restore by name), the board built from
 * its table of rows, the devices' DMA port, and snapshot files from before the registry.
 */
import { describe, expect, it } from 'vitest';
import type { Lifecycle } from '../../src/lib/sim/devices/device';
import { ComponentRegistry } from '../../src/lib/sim/machine/components';
import { Machine } from '../../src/lib/sim/machine/machine';
import { VIRT_BOARD } from '../../src/lib/sim/machine/virt';
import { decodeSnapshot, encodeSnapshot, SnapshotFormatError } from '../../src/lib/sim/trace/snapshot-file';
import { trappy } from './trace-programs';

/** A component whose state is one counter. */
function counter(start = 0): Lifecycle<{ n: number }> & { n: number } {
	return {
		n: start,
		reset() {
			this.n = 0;
		},
		snapshot() {
			return { n: this.n };
		},
		restore(s) {
			this.n = s.n;
		}
	};
}

describe('component registry', () => {
	it('saves and restores each component by name, resets one the snapshot lacks, refuses strangers', () => {
		const r = new ComponentRegistry();
		const a = counter(3);
		const b = counter(5);
		r.register('a', a);
		r.register('b', b);
		expect(() => r.register('a', counter())).toThrow(/registered twice/);
		expect(r.names()).toEqual(['a', 'b']);
		const s = r.snapshot();
		expect(s).toEqual({ a: { n: 3 }, b: { n: 5 } });
		a.n = 9;
		b.n = 9;
		r.restore({ a: { n: 3 } });
		expect([a.n, b.n]).toEqual([3, 0]);
		expect(() => r.restore({ a: { n: 1 }, zz: {} })).toThrow(/unknown component 'zz'/);
		expect(a.n).toBe(3); // a refused snapshot touches nothing
	});
});

describe('the board as data', () => {
	it('maps every row of VIRT_BOARD and registers it, with the firmware, under its name', () => {
		const m = new Machine({ ramMiB: 1 });
		expect([...m.devices.keys()]).toEqual(VIRT_BOARD.map((r) => r.name));
		expect(m.components.names()).toEqual([...VIRT_BOARD.map((r) => r.name), 'sbi']);
		// Each row answers at its base: a device access is reported with the row's device name.
		const seen: string[] = [];
		m.bus.hooks.deviceAccess.add((range) => seen.push(range.device.name));
		for (const row of VIRT_BOARD) m.bus.read(row.base, 4);
		expect(seen).toEqual(VIRT_BOARD.map((r) => m.devices.get(r.name)!.name));
	});

	it('a machine snapshot is plain data: it survives structuredClone and restores the same machine', () => {
		const m = new Machine({ ramMiB: 1, consoleOut: () => {} });
		m.load(trappy(800));
		m.run(3000);
		const s = m.snapshot();
		const copy = structuredClone(s);
		expect(copy.components).toEqual(s.components);
		const n = new Machine({ ramMiB: 1, consoleOut: () => {} });
		n.load(trappy(800));
		n.restore(copy);
		m.run(5000);
		n.run(5000);
		expect(n.snapshot().harts).toEqual(m.snapshot().harts);
	});
});

describe('the DMA port', () => {
	it('reads and writes RAM, and refuses (touching nothing) any range that leaves it', () => {
		const m = new Machine({ ramMiB: 1 });
		const top = 0x8000_0000 + (1 << 20);
		expect(m.dma.write(0x8000_0100, Uint8Array.of(1, 2, 3))).toBe(true);
		expect([...m.dma.read(0x8000_0100, 3)!]).toEqual([1, 2, 3]);
		expect(m.dma.write(top - 2, Uint8Array.of(7, 7, 7))).toBe(false);
		expect([...m.dma.read(top - 2, 2)!]).toEqual([0, 0]);
		expect(m.dma.read(top - 2, 3)).toBeUndefined();
		expect(m.dma.read(0x1000_0000, 1)).toBeUndefined(); // a device is not memory
	});
});

describe('snapshot files from before the registry', () => {
	it('are read into components and restore the same machine', () => {
		const m = new Machine({ ramMiB: 1, consoleOut: () => {} });
		m.load(trappy(800));
		m.run(2500);
		const s = m.snapshot();
		const c = s.components as Record<string, unknown>;
		// The old layout: devices and firmware in named fields, no components, firmware or htif fields.
		const rest: Record<string, unknown> = { ...s };
		for (const k of ['components', 'firmware', 'htif']) delete rest[k];
		const legacy = { ...rest, uart: c.uart0, clint: c.clint, plic: c.plic, sbi: c.sbi };
		const file = decodeSnapshot(encodeSnapshot(legacy as never));
		expect(file.state.components).toEqual(s.components);
		const n = new Machine({ ramMiB: 1, consoleOut: () => {} });
		n.load(trappy(800));
		n.restore(file.state);
		m.run(4000);
		n.run(4000);
		expect(n.snapshot().harts).toEqual(m.snapshot().harts);
	});

	it('without the device fields name the missing field', () => {
		const s = new Machine({ ramMiB: 1 }).snapshot();
		const rest: Record<string, unknown> = { ...s };
		delete rest.components;
		expect(() => decodeSnapshot(encodeSnapshot(rest as never))).toThrow(SnapshotFormatError);
		expect(() => decodeSnapshot(encodeSnapshot(rest as never))).toThrow(/state\.uart/);
	});
});

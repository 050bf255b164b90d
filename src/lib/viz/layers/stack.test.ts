import { describe, expect, it } from 'vitest';
import { KEY_MOVES, describeLayer, layoutStack, moveFrom, readingOrder, type PlacedLayer } from './stack';

const byId = (layers: PlacedLayer[], id: string) => {
	const layer = layers.find((l) => l.id === id);
	if (!layer) throw new Error(`no layer ${id}`);
	return layer;
};

describe('layoutStack', () => {
	it('draws one computer as hardware, kernel, system programs and applications, bottom up', () => {
		const { layers } = layoutStack('bare');
		const bottomUp = [...layers].sort((a, b) => b.y - a.y).map((l) => l.id);
		expect(bottomUp).toEqual(['hardware', 'kernel', 'system', 'applications']);
		expect(layers.every((l) => l.guest === null)).toBe(true);
	});

	it('gives every guest the same four levels on top of one hypervisor', () => {
		const { layers, guestLabels } = layoutStack('virtual', 3);
		expect(layers.filter((l) => l.guest === null).map((l) => l.kind)).toEqual(['hardware', 'hypervisor']);
		for (let guest = 0; guest < 3; guest++) {
			const stack = layers.filter((l) => l.guest === guest).sort((a, b) => a.level - b.level);
			expect(stack.map((l) => l.kind)).toEqual([
				'virtual-hardware',
				'kernel',
				'system',
				'applications'
			]);
		}
		expect(guestLabels.map((g) => g.label)).toEqual(['VM 1', 'VM 2', 'VM 3']);
	});

	it('keeps layers inside the drawing and apart from each other', () => {
		for (const layout of [layoutStack('bare'), layoutStack('virtual', 4)]) {
			for (const l of layout.layers) {
				expect(l.x).toBeGreaterThanOrEqual(layout.stackX);
				expect(l.x + l.width).toBeLessThanOrEqual(layout.stackX + layout.stackWidth + 1e-9);
				expect(l.y).toBeGreaterThanOrEqual(0);
				expect(l.y + l.height).toBeLessThanOrEqual(layout.height + 1e-9);
			}
			for (const a of layout.layers) {
				for (const b of layout.layers) {
					if (a === b) continue;
					const overlap =
						a.x < b.x + b.width &&
						b.x < a.x + a.width &&
						a.y < b.y + b.height &&
						b.y < a.y + a.height;
					expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
				}
			}
		}
	});

	it('labels the interfaces between levels', () => {
		expect(layoutStack('bare').interfaces.map((n) => n.label)).toEqual([
			'ISA',
			'system calls',
			'libraries, commands'
		]);
		expect(layoutStack('virtual').interfaces.map((n) => n.label)).toContain('the same ISA');
	});

	it('drops the margin notes for a narrow drawing and gives the layers the whole width', () => {
		const narrow = layoutStack('virtual', 3, { width: 360, margins: false });
		expect(narrow).toMatchObject({
			margins: false,
			stackX: 0,
			stackWidth: 360,
			interfaces: [],
			privileges: []
		});
		expect(Math.max(...narrow.layers.map((l) => l.x + l.width))).toBeCloseTo(360);
	});

	it('has unique ids', () => {
		const { layers } = layoutStack('virtual', 4);
		expect(new Set(layers.map((l) => l.id)).size).toBe(layers.length);
	});

	it('rejects an impossible number of guests', () => {
		expect(() => layoutStack('virtual', 0)).toThrow(RangeError);
		expect(() => layoutStack('virtual', 1.5)).toThrow(RangeError);
		expect(() => layoutStack('virtual', 5)).toThrow(RangeError);
	});
});

describe('readingOrder', () => {
	it('reads from the top of the stack down, guests left to right', () => {
		const ids = readingOrder(layoutStack('virtual', 2).layers).map((l) => l.id);
		expect(ids.slice(0, 2)).toEqual(['vm1-applications', 'vm2-applications']);
		expect(ids.slice(-2)).toEqual(['hypervisor', 'hardware']);
	});
});

describe('moveFrom (keyboard)', () => {
	const bare = layoutStack('bare').layers;
	const vms = layoutStack('virtual', 3).layers;

	it('moves up and down the bare stack and stops at the ends', () => {
		expect(moveFrom(bare, byId(bare, 'kernel'), 'up').id).toBe('system');
		expect(moveFrom(bare, byId(bare, 'kernel'), 'down').id).toBe('hardware');
		expect(moveFrom(bare, byId(bare, 'hardware'), 'down').id).toBe('hardware');
		expect(moveFrom(bare, byId(bare, 'applications'), 'up').id).toBe('applications');
		expect(moveFrom(bare, byId(bare, 'kernel'), 'left').id).toBe('kernel');
		expect(moveFrom(bare, byId(bare, 'kernel'), 'top').id).toBe('applications');
		expect(moveFrom(bare, byId(bare, 'kernel'), 'bottom').id).toBe('hardware');
	});

	it('moves between guests on one level, without wrapping', () => {
		expect(moveFrom(vms, byId(vms, 'vm1-kernel'), 'right').id).toBe('vm2-kernel');
		expect(moveFrom(vms, byId(vms, 'vm2-kernel'), 'left').id).toBe('vm1-kernel');
		expect(moveFrom(vms, byId(vms, 'vm1-kernel'), 'left').id).toBe('vm1-kernel');
		expect(moveFrom(vms, byId(vms, 'vm3-kernel'), 'right').id).toBe('vm3-kernel');
	});

	it('leaves a guest through the hypervisor and re-enters the remembered guest', () => {
		expect(moveFrom(vms, byId(vms, 'vm2-virtual-hardware'), 'down').id).toBe('hypervisor');
		expect(moveFrom(vms, byId(vms, 'hypervisor'), 'up', 2).id).toBe('vm3-virtual-hardware');
		expect(moveFrom(vms, byId(vms, 'hypervisor'), 'up').id).toBe('vm1-virtual-hardware');
		expect(moveFrom(vms, byId(vms, 'hardware'), 'top', 1).id).toBe('vm2-applications');
	});

	it('maps the arrow keys, Home and End', () => {
		expect(KEY_MOVES).toMatchObject({ ArrowUp: 'up', ArrowDown: 'down', Home: 'top', End: 'bottom' });
		expect(KEY_MOVES.Tab).toBeUndefined();
	});
});

describe('describeLayer', () => {
	it('names the layer, what it offers and the privilege it runs with', () => {
		const kernel = byId(layoutStack('bare').layers, 'kernel');
		expect(describeLayer(kernel)).toMatch(
			/^Kernel\. .*Runs in S mode\. Offers the layer above: system calls/
		);
		const guestKernel = byId(layoutStack('virtual').layers, 'vm2-kernel');
		expect(describeLayer(guestKernel)).toMatch(/^VM 2 kernel\. .*less privileged mode/);
	});
});

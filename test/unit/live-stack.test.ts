/** The live layer drawing's rules: each hart marks the layer it runs, the last exit is drawn in the VM's column, labels fit. */
import { describe, expect, it } from 'vitest';
import { liveMarks } from '../../src/lib/viz/layers/live-stack';
import { layoutStack } from '../../src/lib/viz/layers/stack';
import { exitLabel } from '../../src/lib/viz/vm/exit-label';

describe('live layer marks', () => {
	const layout = layoutStack('virtual', 2);
	const names = ['alpha', 'beta'];

	it('marks the layer each hart runs, and says so in words', () => {
		const m = liveMarks(layout, {
			names,
			harts: [
				{ hart: 0, guest: 1, level: 'kernel' },
				{ hart: 1, guest: null, level: 'hypervisor' }
			],
			exit: null
		});
		expect([...m.executing]).toEqual(['vm2-kernel', 'hypervisor']);
		expect(m.badges.map((b) => b.label)).toEqual(['hart 0', 'hart 1']);
		expect(m.summary).toBe(
			"Hart 0 runs beta's guest kernel (vS); hart 1 is in the hypervisor, idle. No VM exit yet."
		);
		expect(m.arrow).toBeNull();
	});

	it('draws the last exit in its VM column, with a label cut to fit and whole in the summary', () => {
		const label = 'csrrw a0,sscratch,a0 and then some more';
		const m = liveMarks(layout, {
			names,
			harts: [],
			exit: { guest: 0, from: 'kernel', label, outcome: 'emulated it', serial: 1 }
		});
		const column = layout.layers.find((l) => l.id === 'vm1-kernel')!;
		expect(m.arrow!.labelX).toBeCloseTo(column.x + column.width / 2);
		expect(m.arrow!.pillWidth).toBeLessThanOrEqual(column.width);
		expect(m.arrow!.label.endsWith('…')).toBe(true);
		expect(m.summary).toContain(`alpha's guest kernel did ${label}; the hypervisor emulated it.`);
	});
});

describe('exit labels', () => {
	it('name the instruction, the system call and the interrupt', () => {
		expect(exitLabel({ reason: 'csr', cause: 2, bits: 0x18051073, pc: 0x8020_0000, vmode: 1 })).toBe(
			'csrw satp,a0'
		);
		expect(exitLabel({ reason: 'reflect', cause: 8, bits: 0x73, pc: 0x1_0000, vmode: 0 })).toBe(
			'ecall from vU'
		);
		expect(exitLabel({ reason: 'interrupt', cause: 0x8000_0007, bits: 0, pc: 0, vmode: 0 })).toBe(
			'timer'
		);
		expect(exitLabel({ reason: 'shadow-fill', cause: 13, bits: 0, pc: 0, vmode: 1 })).toBe(
			'load page fault (hidden)'
		);
	});
});

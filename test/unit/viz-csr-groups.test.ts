/**
 * The CSR view's groups and readings: which CSR goes where, the decoded fields a student reads, and
 * the change marks against the values before the last step.
 */
import { describe, expect, it } from 'vitest';
import { createLocalSession } from '../../src/lib/sim/session';
import {
	CSR_GROUPS,
	causeReading,
	csrRow,
	fieldsText,
	groupCsrs,
	tvecReading
} from '../../src/lib/viz/machine/csr-groups';

const field = (name: string, value: number) =>
	csrRow(name, value, undefined).fields.map((f) => [f.name, f.value, f.meaning]);

describe('CSR groups', () => {
	it('put each CSR in the group the issue names, in order, skipping ones not given', () => {
		const csrs = ['satp', 'mcause', 'mstatus', 'mcycle', 'mepc', 'sscratch', 'minstret'].map(
			(name, i) => ({ name, value: i })
		);
		const groups = groupCsrs(csrs);
		expect(groups.map((g) => g.id)).toEqual(['trap', 'status', 'paging', 'counters']);
		expect(groups.map((g) => g.rows.map((r) => r.name))).toEqual([
			['mcause', 'mepc', 'sscratch'],
			['mstatus'],
			['satp'],
			['mcycle', 'minstret']
		]);
	});

	it('cover every CSR the hart reports by those names (none is misspelt)', async () => {
		const s = createLocalSession();
		await s.load({ asm: '_start: j _start\n' }, { ramMiB: 1 });
		const names = new Set((await s.csrs()).map((c) => c.name));
		const missing = CSR_GROUPS.flatMap((g) => g.names).filter((n) => !names.has(n));
		expect(missing).toEqual([]);
		await s.dispose();
	});

	it('mark what changed since the last step, and count it per group', () => {
		const before = [
			{ name: 'mcause', value: 0 },
			{ name: 'mepc', value: 0x80000010 },
			{ name: 'mstatus', value: 0x1800 }
		];
		const now = [
			{ name: 'mcause', value: 2 },
			{ name: 'mepc', value: 0x80000010 },
			{ name: 'mstatus', value: 0x1880 }
		];
		const [trap, status] = groupCsrs(now, before);
		expect(trap.rows.map((r) => [r.name, r.changed])).toEqual([
			['mcause', true],
			['mepc', false]
		]);
		expect(trap.changedCount).toBe(1);
		expect(status.changedCount).toBe(1);
		// With nothing to compare against, nothing is marked.
		expect(groupCsrs(now).every((g) => g.changedCount === 0)).toBe(true);
	});

	it('hex values always have 8 digits, negative numbers as their bit pattern', () => {
		expect(csrRow('mepc', -4, undefined).hex).toBe('0xfffffffc');
		expect(csrRow('mepc', 0x10, undefined).hex).toBe('0x00000010');
	});
});

describe('CSR readings', () => {
	it('name the cause: exceptions by code, interrupts with the bit', () => {
		expect(causeReading(2)).toBe('2 illegal instruction');
		expect(causeReading(0)).toBe('0 instruction address misaligned, or no trap yet');
		expect(causeReading(11)).toBe('11 environment call from M-mode');
		expect(causeReading(0x8000_0007)).toBe('interrupt 7 machine timer interrupt');
		expect(csrRow('scause', 13, undefined).reading).toBe('13 load page fault');
	});

	it('split mstatus into MIE/MPIE/MPP/SIE/SPIE/SPP/SUM/MXR', () => {
		// MPP = M (bits 12:11), MPIE (7), SPP (8), SUM (18).
		expect(field('mstatus', 0x1800 | 0x80 | 0x100 | 0x4_0000)).toEqual([
			['MIE', 0, undefined],
			['MPIE', 1, undefined],
			['MPP', 3, 'M'],
			['SIE', 0, undefined],
			['SPIE', 0, undefined],
			['SPP', 1, 'S'],
			['SUM', 1, undefined],
			['MXR', 0, undefined]
		]);
		expect(fieldsText(csrRow('mstatus', 0x8, undefined).fields)).toBe(
			'MIE=1 MPIE=0 MPP=0 (U) SIE=0 SPIE=0 SPP=0 (U) SUM=0 MXR=0'
		);
		expect(field('sstatus', 0x2).map((f) => f[0])).toEqual(['SIE', 'SPIE', 'SPP', 'SUM', 'MXR']);
	});

	it('read satp as mode, ASID and the root table address', () => {
		// Sv32, ASID 5, PPN 0x80400 → root table at 0x80400000.
		expect(field('satp', (1 << 31) | (5 << 22) | 0x80400)).toEqual([
			['MODE', 1, 'Sv32'],
			['ASID', 5, undefined],
			['PPN', 0x80400, 'root table at 0x80400000']
		]);
		expect(field('satp', 0)[0]).toEqual(['MODE', 0, 'Bare, no translation']);
		// PPN is 22 bits: a root above 4 GiB needs 34-bit addresses.
		expect(field('satp', (1 << 31) | 0x3f_ffff)[2][2]).toBe('root table at 0x3fffff000');
	});

	it('read mtvec as base and mode', () => {
		expect(tvecReading(0x8000_0100)).toBe('base 0x80000100, direct (every trap to the base)');
		expect(tvecReading(0x8000_0101)).toBe('base 0x80000100, vectored (interrupts to base + 4 × cause)');
		expect(csrRow('stvec', 0x8000_0203, undefined).reading).toBe('base 0x80000200, reserved mode');
	});

	it('name interrupt bits, delegations, extensions, and counters in decimal', () => {
		expect(csrRow('mie', 0x88, undefined).reading).toBe('enabled: MSI, MTI');
		expect(csrRow('mip', 0, undefined).reading).toBe('pending: none');
		expect(csrRow('medeleg', 0, undefined).reading).toBe('none: every trap goes to M-mode');
		expect(csrRow('medeleg', 0xb109, undefined).reading).toBe('to S-mode: 0, 3, 8, 12, 13, 15');
		// RV32 with A, I, M, S, U.
		const misa = (1 << 30) | 1 | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20);
		expect(csrRow('misa', misa, undefined).reading).toBe('RV32 AIMSU');
		expect(csrRow('mcycle', -1, undefined).reading).toBe('4294967295');
		expect(csrRow('mscratch', 7, undefined).reading).toBe('');
	});
});

/**
 * The page-walk drawing's pure part: the virtual address split, PTE decoding, the walk in words, and
 * the geometry (fields side by side in bit order, one table per PTE read, the physical address or the
 * fault at the end). Walks are written by hand here, as the walker would report them (§4.3.2).
 */
import { describe, expect, it } from 'vitest';
import {
	decodePte,
	describeWalk,
	hexPa,
	layoutWalk,
	satpFields,
	splitVa,
	wrap,
	type PageWalk
} from '../../src/lib/viz/machine/page-walk-layout';

const SATP = (0x8000_0000 | (1 << 22) | 0x80010) >>> 0;
const PTR = (0x80011 << 10) | 0x01;
const DATA = (0x80020 << 10) | 0xc7; // D A W R V

/** VA 0x00401120 → two levels → PA 0x80020120. */
const twoLevel: PageWalk = {
	va: 0x0040_1120,
	access: 1,
	ok: true,
	paddr: 0x8002_0120,
	cause: 0,
	steps: [
		{ level: 1, pteAddr: 0x8001_0004, pte: PTR, decision: 'next' },
		{ level: 0, pteAddr: 0x8001_1004, pte: DATA, decision: 'leaf' }
	]
};

/** A fetch at 0x800000c4 through the megapage at VPN[1] = 0x200. */
const megapage: PageWalk = {
	va: 0x8000_00c4,
	access: 0,
	ok: true,
	paddr: 0x8000_00c4,
	cause: 0,
	steps: [{ level: 1, pteAddr: 0x8001_0800, pte: (0x80000 << 10) | 0x4b, decision: 'leaf' }]
};

/** VA 0x00403000: the level-0 PTE is 0, a load page fault. */
const fault: PageWalk = {
	va: 0x0040_3000,
	access: 1,
	ok: false,
	paddr: 0,
	cause: 13,
	steps: [
		{ level: 1, pteAddr: 0x8001_0004, pte: PTR, decision: 'next' },
		{ level: 0, pteAddr: 0x8001_100c, pte: 0, decision: 'invalid' }
	]
};

describe('fields', () => {
	it('splits a virtual address into VPN[1], VPN[0] and the offset (Figure 4.16)', () => {
		expect(splitVa(0x0040_1120)).toEqual({ vpn1: 1, vpn0: 1, offset: 0x120 });
		expect(splitVa(0xffff_ffff)).toEqual({ vpn1: 0x3ff, vpn0: 0x3ff, offset: 0xfff });
		expect(splitVa(-1)).toEqual({ vpn1: 0x3ff, vpn0: 0x3ff, offset: 0xfff });
	});

	it('decodes a PTE into its PPN and flags V R W X U G A D', () => {
		const d = decodePte(DATA);
		expect(d.ppn).toBe(0x80020);
		expect(d.text).toBe('V R W A D');
		expect(d.flags.map((f) => `${f.name}${f.set ? 1 : 0}`).join(' ')).toBe('V1 R1 W1 X0 U0 G0 A1 D1');
		expect(decodePte(0).text).toBe('none');
		expect(decodePte(0xffff_ffff).ppn).toBe(0x3f_ffff);
	});

	it('reads satp: MODE, ASID and the root PPN (§4.1.11)', () => {
		expect(satpFields(SATP)).toEqual({ paging: true, asid: 1, ppn: 0x80010 });
		expect(satpFields(0).paging).toBe(false);
	});

	it('writes physical addresses above 4 GiB with 9 digits', () => {
		expect(hexPa(0x8000_0000)).toBe('0x80000000');
		expect(hexPa(0x3_0000_1000)).toBe('0x300001000');
	});

	it('wraps words into lines', () => {
		expect(wrap('a bb ccc dddd', 6)).toEqual(['a bb', 'ccc', 'dddd']);
		expect(wrap('averyveryverylongword x', 4)).toEqual(['averyveryverylongword', 'x']);
	});
});

describe('the walk in words', () => {
	it('follows both levels to the physical address', () => {
		expect(describeWalk(twoLevel, SATP)).toEqual([
			'Virtual address 0x00401120 (load): VPN[1] = 0x001 (bits 31–22), VPN[0] = 0x001 (bits 21–12), offset = 0x120 (bits 11–0).',
			'satp.PPN = 0x80010, so the root table is at 0x80010000.',
			'Level 1: the PTE at 0x80010000 + VPN[1] × 4 = 0x80010004 holds 0x20004401 (PPN 0x80011, flags V): not a leaf (R = X = 0): the next table is at 0x80011000.',
			'Level 0: the PTE at 0x80011000 + VPN[0] × 4 = 0x80011004 holds 0x200080c7 (PPN 0x80020, flags V R W A D): a leaf: the 4 KiB page at 0x80020000.',
			'Physical address = PPN 0x80020 ‖ offset 0x120 = 0x80020120.'
		]);
	});

	it('stops a megapage walk at level 1 and takes VPN[0] into the physical address', () => {
		const lines = describeWalk(megapage, SATP);
		expect(lines[0]).toContain('(instruction fetch)');
		expect(lines[2]).toBe(
			'Level 1: the PTE at 0x80010000 + VPN[1] × 4 = 0x80010800 holds 0x2000004b (PPN 0x80000, flags V R X A): a leaf at level 1: the 4 MiB megapage at 0x80000000.'
		);
		expect(lines[3]).toBe('Physical address = PPN[1] 0x200 ‖ VPN[0] 0x000 ‖ offset 0x0c4 = 0x800000c4.');
		expect(lines).toHaveLength(4);
	});

	it('says where and why a failing walk stopped, and the cause', () => {
		const lines = describeWalk(fault, SATP);
		expect(lines[3]).toBe(
			'Level 0: the PTE at 0x80011000 + VPN[0] × 4 = 0x8001100c holds 0x00000000 (PPN 0x0, flags none): V = 0, the PTE is not valid (step 3): the walk stops.'
		);
		expect(lines[4]).toBe(
			'No translation: load page fault (cause 13); the trap handler finds 0x00403000 in mtval or stval.'
		);
	});

	it('names the root table without satp when satp has changed since the walk', () => {
		expect(describeWalk(twoLevel, 0)[1]).toBe('The root table is at 0x80010000.');
	});

	it('reports a PTE that could not be read', () => {
		const w: PageWalk = {
			...fault,
			cause: 5,
			steps: [{ level: 1, pteAddr: 0x0000_0004, pte: null, decision: 'pte-read-fault' }]
		};
		expect(describeWalk(w, 0)[2]).toBe(
			'Level 1: reading the PTE at 0x00000000 + VPN[1] × 4 = 0x00000004 failed: the PTE could not be read (step 2): an access fault.'
		);
	});
});

describe('the drawing', () => {
	it('puts VPN[1], VPN[0] and the offset side by side in bit order, 10:10:12 wide', () => {
		const l = layoutWalk(twoLevel, SATP);
		expect(l.va.map((f) => [f.name, f.bits, f.value])).toEqual([
			['VPN[1]', '31–22', '0x001'],
			['VPN[0]', '21–12', '0x001'],
			['offset', '11–0', '0x120']
		]);
		const [a, b, c] = l.va;
		expect(a.x + a.width).toBeCloseTo(b.x);
		expect(b.x + b.width).toBeCloseTo(c.x);
		expect(b.width / a.width).toBeCloseTo(1);
		expect(c.width / a.width).toBeCloseTo(1.2);
		expect(a.x).toBeGreaterThanOrEqual(0);
		expect(c.x + c.width).toBeLessThanOrEqual(l.width);
	});

	it('draws one table per PTE read, top to bottom, then the physical address', () => {
		const l = layoutWalk(twoLevel, SATP);
		expect(l.tables.map((t) => t.title)).toEqual([
			'Level 1: root table at 0x80010000',
			'Level 0: table at 0x80011000'
		]);
		expect(l.tables.map((t) => t.source)).toEqual(['satp.PPN 0x80010', 'PPN 0x80011 above']);
		expect(layoutWalk(twoLevel, 0).tables[0].source).toBe('');
		expect(l.tables.map((t) => t.entry)).toEqual([
			'[VPN[1] = 0x001] 0x80010004: 0x20004401',
			'[VPN[0] = 0x001] 0x80011004: 0x200080c7'
		]);
		expect(l.tables[1].pte?.text).toBe('V R W A D');
		expect(l.tables[0].y).toBeGreaterThan(l.vaY);
		expect(l.tables[1].y).toBeGreaterThan(l.tables[0].y);
		expect(l.paY).toBeGreaterThan(l.tables[1].y);
		expect(l.height).toBeGreaterThan(l.paY);
		expect(l.pa?.map((f) => [f.name, f.value])).toEqual([
			['PPN (leaf)', '0x80020'],
			['offset', '0x120']
		]);
		expect(l.paText).toBe('0x80020120');
		expect(l.fault).toBeNull();
		expect(l.tables.some((t) => t.stop)).toBe(false);
	});

	it('links each VPN to its table, each table to the next, and the offset to the physical address', () => {
		const l = layoutWalk(twoLevel, SATP);
		expect(l.links.map((k) => k.kind).sort()).toEqual(['next', 'next', 'offset', 'vpn0', 'vpn1']);
		for (const k of l.links) expect(k.d).toMatch(/^M[\d.,-]+(L[\d.,-]+)+$/);
	});

	it('splits a megapage physical address into PPN[1] | VPN[0] | offset', () => {
		const l = layoutWalk(megapage, SATP);
		expect(l.tables).toHaveLength(1);
		expect(l.pa?.map((f) => [f.name, f.bits, f.value])).toEqual([
			['PPN[1] (leaf)', '33–22', '0x200'],
			['VPN[0]', '21–12', '0x000'],
			['offset', '11–0', '0x0c4']
		]);
	});

	it('ends a failing walk at the table where it stopped, with the fault and no physical address', () => {
		const l = layoutWalk(fault, SATP);
		expect(l.pa).toBeNull();
		expect(l.tables.map((t) => t.stop)).toEqual([false, true]);
		expect(l.tables[1].decision.join(' ')).toBe('V = 0, the PTE is not valid (step 3): the walk stops');
		expect(l.fault).toBe('load page fault (cause 13) at 0x00403000');
		expect(l.links.map((k) => k.kind)).not.toContain('offset');
	});
});

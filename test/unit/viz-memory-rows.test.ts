/**
 * The memory view's arithmetic: hex and ASCII rows, bytes outside RAM, the last access, windows,
 * and what a typed address means.
 */
import { describe, expect, it } from 'vitest';
import {
	BYTES_PER_ROW,
	VISIBLE_ROWS,
	describeAccess,
	followedAddress,
	isAccessed,
	memoryRows,
	pageWindow,
	parseAddress,
	windowStart
} from '../../src/lib/viz/machine/memory-rows';

const RAM = { start: 0x8000_0000, end: 0x8010_0000 };

describe('memory rows', () => {
	it('show 16 bytes a row in hex and printable ASCII', () => {
		const bytes = new Uint8Array(32);
		bytes.set(new TextEncoder().encode('Hello, RISC-V!\n'), 0);
		bytes[16] = 0x7f;
		bytes[17] = 0x20;
		const rows = memoryRows(0x8000_0000, bytes, RAM, true);
		expect(rows.map((r) => r.addr)).toEqual([0x8000_0000, 0x8000_0010]);
		expect(rows[0].cells.map((c) => c.text).join(' ')).toBe(
			'48 65 6c 6c 6f 2c 20 52 49 53 43 2d 56 21 0a 00'
		);
		expect(rows[0].ascii).toBe('Hello, RISC-V!..');
		expect(rows[1].ascii).toBe('. ' + '.'.repeat(14));
		expect(rows[0].ascii.length).toBe(BYTES_PER_ROW);
	});

	it('show bytes outside RAM as --, checking each byte only when the read was not all RAM', () => {
		const bytes = new Uint8Array(32).fill(0xaa);
		const rows = memoryRows(0x800f_fff8, bytes, RAM, false);
		const texts = rows.flatMap((r) => r.cells.map((c) => c.text));
		expect(texts.slice(0, 8)).toEqual(new Array(8).fill('aa'));
		expect(texts.slice(8)).toEqual(new Array(24).fill('--'));
		expect(rows[0].cells[8].value).toBeNull();
		expect(rows[0].ascii).toBe('ªªªªªªªª'.replace(/ª/g, '.') + '········');
		// All in RAM: no byte is checked against the range (the session said so).
		expect(memoryRows(0, bytes, RAM, true)[0].cells[0].text).toBe('aa');
	});

	it('mark the bytes of the last access, by physical address, wrapping safely', () => {
		const access = { va: 0x1000, pa: 0x8000_0014, size: 4, write: true };
		const rows = memoryRows(0x8000_0000, new Uint8Array(48), RAM, true, access);
		const marked = rows.flatMap((r) => r.cells.filter((c) => c.accessed).map((c) => c.addr));
		expect(marked).toEqual([0x8000_0014, 0x8000_0015, 0x8000_0016, 0x8000_0017]);
		expect(rows.map((r) => r.accessed)).toEqual([false, true, false]);
		expect(isAccessed(0x8000_0013, access)).toBe(false);
		expect(isAccessed(0x8000_0018, access)).toBe(false);
		expect(isAccessed(0, undefined)).toBe(false);
		// A store at the very top of the address space.
		expect(isAccessed(0xffff_ffff, { va: 0, pa: 0xffff_fffe, size: 2, write: false })).toBe(true);
	});

	it('describe the last access in words', () => {
		expect(describeAccess({ va: 0x8000_fffc, pa: 0x8000_fffc, size: 4, write: true })).toBe(
			'last store: 4 bytes at 0x8000fffc'
		);
		expect(describeAccess({ va: 0x1004, pa: 0x8040_1004, size: 1, write: false })).toBe(
			'last load: 1 byte at 0x80401004 (virtual 0x00001004)'
		);
	});
});

describe('memory windows', () => {
	it('put an address two rows from the top, on a row boundary', () => {
		expect(windowStart(0x8000_0ffc)).toBe(0x8000_0fd0);
		expect(windowStart(0x8000_0000, 0)).toBe(0x8000_0000);
		// Wraps below zero as addresses do.
		expect(windowStart(4)).toBe(0xffff_ffe0);
	});

	it('page by the visible rows, both ways', () => {
		const page = VISIBLE_ROWS * BYTES_PER_ROW;
		expect(pageWindow(0x8000_0000, 1)).toBe(0x8000_0000 + page);
		expect(pageWindow(0x8000_0000, -1)).toBe(0x8000_0000 - page);
		expect(pageWindow(0, -1)).toBe(0x1_0000_0000 - page);
	});

	it('follow a register or pc, or nothing', () => {
		const x = new Array(32).fill(0);
		x[2] = 0x8010_0000;
		x[10] = -1;
		expect(followedAddress('sp', x, 0x8000_0000)).toBe(0x8010_0000);
		expect(followedAddress('a0', x, 0)).toBe(0xffff_ffff);
		expect(followedAddress('pc', x, 0x8000_0004)).toBe(0x8000_0004);
		expect(followedAddress('none', x, 0)).toBeUndefined();
	});
});

describe('typed addresses', () => {
	const x = new Array(32).fill(0);
	x[2] = 0x8000_fff0;
	x[10] = 0x8000_0100;
	const ctx = { x, pc: 0x8000_0008, symbols: new Map([['handler', 0x8000_0020]]) };

	it('accept hex, decimal, registers (ABI or x names), pc and labels', () => {
		expect(parseAddress('0x80000000', ctx)).toEqual({ ok: true, addr: 0x8000_0000, what: '0x80000000' });
		expect(parseAddress(' 0X8000_0010 ', ctx)).toMatchObject({ ok: true, addr: 0x8000_0010 });
		expect(parseAddress('4096', ctx)).toMatchObject({ ok: true, addr: 4096 });
		expect(parseAddress('sp', ctx)).toEqual({ ok: true, addr: 0x8000_fff0, what: 'sp' });
		expect(parseAddress('x10', ctx)).toEqual({ ok: true, addr: 0x8000_0100, what: 'a0' });
		expect(parseAddress('PC', ctx)).toEqual({ ok: true, addr: 0x8000_0008, what: 'pc' });
		expect(parseAddress('handler', ctx)).toEqual({ ok: true, addr: 0x8000_0020, what: 'handler' });
	});

	it('explain what is wrong with anything else', () => {
		const error = (t: string) => {
			const r = parseAddress(t, ctx);
			return r.ok ? `accepted ${r.addr}` : r.error;
		};
		expect(error('')).toMatch(/^Type an address/);
		expect(error('0x123456789')).toMatch(/wider than 32 bits/);
		expect(error('0x')).toMatch(/wider than 32 bits|not an address/);
		expect(error('4294967296')).toMatch(/larger than 4294967295/);
		expect(error('nowhere')).toBe(
			'“nowhere” is not an address, a register or a label of this program. Try 0x80000000, sp or a label such as _start.'
		);
		expect(error('0xzz')).toMatch(/not an address/);
	});
});

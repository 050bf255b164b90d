/**
 * PageWalkView rendered on the server (as the prerendered page has it): the drawing is one image with
 * a title and description, the walk is also an ordered list of sentences, and with paging off or no
 * walk yet it says so in a sentence.
 */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import PageWalkView from '../../src/lib/viz/machine/PageWalkView.svelte';
import type { PageWalk } from '../../src/lib/viz/machine/page-walk-layout';

const SATP = (0x8000_0000 | (1 << 22) | 0x80010) >>> 0;
const walk: PageWalk = {
	va: 0x0040_1120,
	access: 1,
	ok: true,
	paddr: 0x8002_0120,
	cause: 0,
	steps: [
		{ level: 1, pteAddr: 0x8001_0004, pte: (0x80011 << 10) | 1, decision: 'next' },
		{ level: 0, pteAddr: 0x8001_1004, pte: (0x80020 << 10) | 0xc7, decision: 'leaf' }
	]
};
const fault: PageWalk = {
	...walk,
	va: 0x0040_3000,
	ok: false,
	paddr: 0,
	cause: 13,
	steps: [walk.steps[0], { level: 0, pteAddr: 0x8001_100c, pte: 0, decision: 'invalid' }]
};

const html = (props: { walk: PageWalk | null; satp: number }) => render(PageWalkView, { props }).body;
const text = (s: string) => s.replace(/<!--[^>]*-->/g, '');

describe('PageWalkView', () => {
	it('says paging is off when satp.MODE is 0 and there is no walk', () => {
		const body = text(html({ walk: null, satp: 0 }));
		expect(body).toContain('Paging is off');
		expect(body).not.toContain('<svg');
	});

	it('says paging is on but nothing is translated yet before the first walk', () => {
		const body = text(html({ walk: null, satp: SATP }));
		expect(body).toMatch(/Paging is on \(satp 0x80480010: Sv32, ASID 1, root table at PPN\s+0x80010\)/);
	});

	it('draws one image with a title and description, and lists the same walk', () => {
		const body = text(html({ walk, satp: SATP }));
		expect(body).toMatch(/<svg[^>]*role="img"/);
		expect(body).toContain('Page walk for the load at 0x00401120</title>');
		expect(body).toContain('2 PTE reads, physical address 0x80020120.');
		const items = [...body.matchAll(/<li[^>]*>([^<]*)<\/li>/g)].map((m) => m[1]);
		expect(items).toHaveLength(5);
		expect(items[4]).toBe('Physical address = PPN 0x80020 ‖ offset 0x120 = 0x80020120.');
		// The drawing shows each field's value and each PTE's flags.
		for (const s of ['VPN[1]', 'VPN[0]', '0x120', '0x80010004: 0x20004401', 'PPN 0x80020'])
			expect(body).toContain(s);
	});

	it('marks where a failing walk stopped and the cause', () => {
		const body = text(html({ walk: fault, satp: SATP }));
		expect(body).toContain('The walk stops: load page fault (cause 13) at 0x00403000.');
		expect(body).toContain('✗ V = 0, the PTE is not valid');
		expect(body).toMatch(/class="table [^"]*stop/);
	});
});

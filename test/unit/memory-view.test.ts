/**
 * MemoryView rendered on the server: the last access is written out in words, with a note when it
 * falls outside the rows shown, and bytes outside RAM read `--`.
 */
import type { ComponentProps } from 'svelte';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import MemoryView from '../../src/lib/viz/machine/MemoryView.svelte';

const RAM = { start: 0x8000_0000, end: 0x8010_0000 };

function text(props: Partial<ComponentProps<typeof MemoryView>>) {
	const { body } = render(MemoryView, {
		props: {
			start: 0x8000_0000,
			bytes: new Uint8Array(128).map((_, i) => 0x41 + (i % 26)),
			allInRam: true,
			ram: RAM,
			access: undefined,
			x: new Array(32).fill(0),
			pc: 0x8000_0000,
			symbols: new Map(),
			follow: 'none',
			onwindow: () => {},
			...props
		}
	});
	return body
		.replace(/<!--[^]*?-->/g, '')
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ');
}

describe('MemoryView', () => {
	it('says when the last access is outside the rows shown, with a space before the note', () => {
		const t = text({ access: { va: 0x0040_1120, pa: 0x8002_0120, size: 4, write: false } });
		expect(t).toContain('last load: 4 bytes at 0x80020120 (virtual 0x00401120) (outside this window)');
	});

	it('has no note when the access is in the rows shown', () => {
		const t = text({ access: { va: 0x8000_0010, pa: 0x8000_0010, size: 2, write: true } });
		expect(t).toContain('last store: 2 bytes at 0x80000010');
		expect(t).not.toContain('outside this window');
	});

	it('without an access says the last step made none', () => {
		expect(text({})).toContain('The last step made no load or store.');
	});
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUEST_SOURCES } from '../../src/lib/guest-sources';

const GUEST = 'src/lib/sim/guest';

describe('guest sources served with the site', () => {
	it('are exactly the kernel, user, lib and firmware sources and the README, unchanged', () => {
		const want = ['README.md'];
		for (const dir of ['kernel', 'user', 'lib', 'firmware'])
			for (const f of readdirSync(join(GUEST, dir)))
				if (/\.(c|h|S|ld)$/.test(f)) want.push(`${dir}/${f}`);
		expect([...GUEST_SOURCES.keys()].sort()).toEqual(want.sort());
		for (const f of want) expect(GUEST_SOURCES.get(f), f).toBe(readFileSync(join(GUEST, f), 'utf8'));
		expect(GUEST_SOURCES.get('kernel/main.c')).toContain('kmain');
	});
});

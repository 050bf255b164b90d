import { describe, expect, it } from 'vitest';
import { NAV_ITEMS, isCurrent } from './nav';

const [home, lessons] = NAV_ITEMS;

describe('isCurrent', () => {
	it('marks Home only on the home page', () => {
		expect(isCurrent(home, '/', '/')).toBe(true);
		expect(isCurrent(home, '/', '/lessons/')).toBe(false);
	});

	it('marks a section on its own page and on every page beneath it', () => {
		expect(isCurrent(lessons, '/lessons/', '/lessons/')).toBe(true);
		expect(isCurrent(lessons, '/lessons/', '/lessons/01-layers/')).toBe(true);
		expect(isCurrent(lessons, '/lessons/', '/')).toBe(false);
	});

	it('works under a base path', () => {
		expect(isCurrent(home, '/vmscope/', '/vmscope/')).toBe(true);
		expect(isCurrent(lessons, '/vmscope/lessons/', '/vmscope/lessons/01-layers/')).toBe(true);
		expect(isCurrent(home, '/vmscope/', '/vmscope/lessons/')).toBe(false);
	});
});

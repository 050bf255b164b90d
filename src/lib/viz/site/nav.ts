import type { Pathname } from '$app/types';

/** The site's top-level sections, in header order. Later issues add their sections here. */
export interface NavItem {
	/** Without the deployment's base path; resolve() from $app/paths adds it. */
	href: Pathname;
	label: string;
}

export const NAV_ITEMS: NavItem[] = [
	{ href: '/', label: 'Home' },
	{ href: '/lessons/', label: 'Lessons' },
	{ href: '/playground/', label: 'Playground' },
	{ href: '/exercises/', label: 'Exercises' }
];

/**
 * A section is current on its own URL and, except for the home page, on every URL beneath it.
 * `resolved` is the item's link with the base path (from resolve()); `pathname` is the page's.
 */
export function isCurrent(item: NavItem, resolved: string, pathname: string): boolean {
	if (item.href === '/') return pathname === resolved;
	return pathname.startsWith(resolved);
}

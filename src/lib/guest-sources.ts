/**
 * The teaching kernel's sources, as the site serves them beside its images (static/guest/), so a
 * page can show the C line a pc comes from. Keys are the paths the images' DWARF line tables use
 * (`kernel/main.c`), relative to src/lib/sim/guest. Read at build time by Vite; nothing is copied.
 */
const PREFIX = '/src/lib/sim/guest/';

const raw = import.meta.glob(
	['/src/lib/sim/guest/{kernel,user,lib,firmware}/*.{c,h,S,ld}', '/src/lib/sim/guest/README.md'],
	{ query: '?raw', import: 'default', eager: true }
) as Record<string, string>;

export const GUEST_SOURCES: ReadonlyMap<string, string> = new Map(
	Object.entries(raw)
		.map(([path, text]): [string, string] => [path.slice(PREFIX.length), text])
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
);

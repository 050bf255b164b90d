/**
 * The example programs: every `examples/N-name.s`, in the order of N, titled by its first comment line.
 */
export interface Example {
	readonly id: string;
	readonly title: string;
	readonly source: string;
}

const files = import.meta.glob('./examples/*.s', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

/** `./examples/3-call.s` → `call`; the title is the first comment's first sentence. */
export function exampleFrom(path: string, source: string): Example {
	const id = path.replace(/^.*\/\d+-/, '').replace(/\.s$/, '');
	const first = /^#\s*(.+)$/m.exec(source)?.[1] ?? id;
	const title = first.split(/[.:]/)[0].trim();
	return { id, title, source };
}

export const EXAMPLES: readonly Example[] = Object.entries(files)
	.sort(([a], [b]) => parseInt(a.replace(/^.*\//, '')) - parseInt(b.replace(/^.*\//, '')))
	.map(([path, source]) => exampleFrom(path, source));

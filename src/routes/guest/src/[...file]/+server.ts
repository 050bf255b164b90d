import { error } from '@sveltejs/kit';
import { GUEST_SOURCES } from '$lib/guest-sources';
import type { EntryGenerator, RequestHandler } from './$types';

export const prerender = true;
// A source file is a file (`/guest/src/kernel/main.c`), not a directory page.
export const trailingSlash = 'never';

export const entries: EntryGenerator = () => [...GUEST_SOURCES.keys()].map((file) => ({ file }));

export const GET: RequestHandler = ({ params }) => {
	const text = GUEST_SOURCES.get(params.file);
	if (text === undefined) error(404, `no guest source named ${params.file}`);
	return new Response(text, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
};

import { describe, expect, it } from 'vitest';
import { GuestSources } from '../../src/routes/playground/guest-source';

function fakeFetch(files: Record<string, string>) {
	const asked: string[] = [];
	const fetcher = (async (input: RequestInfo | URL) => {
		const url = String(input);
		asked.push(url);
		if (url === '/guest/src/offline.c') throw new TypeError('network down');
		const text = files[url];
		return text === undefined ? new Response('missing', { status: 404 }) : new Response(text);
	}) as typeof fetch;
	return { fetcher, asked };
}

describe('GuestSources', () => {
	it('fetches a file from /guest/src/ once and splits it into lines', async () => {
		const { fetcher, asked } = fakeFetch({ '/guest/src/kernel/main.c': 'int a;\nint b;\n' });
		const sources = new GuestSources(fetcher);
		expect(await sources.lines('kernel/main.c')).toEqual(['int a;', 'int b;']);
		expect(await sources.lines('kernel/main.c')).toEqual(['int a;', 'int b;']);
		expect(asked).toEqual(['/guest/src/kernel/main.c']);
	});

	it('gives null for a missing file or a failed fetch, and does not ask again', async () => {
		const { fetcher, asked } = fakeFetch({});
		const sources = new GuestSources(fetcher);
		expect(await sources.lines('kernel/gone.c')).toBeNull();
		expect(await sources.lines('offline.c')).toBeNull();
		expect(await sources.lines('kernel/gone.c')).toBeNull();
		expect(asked).toEqual(['/guest/src/kernel/gone.c', '/guest/src/offline.c']);
	});
});

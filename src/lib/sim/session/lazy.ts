/**
 * A Session whose implementation is loaded on first use: the page's fallback when no Web Worker can
 * start. The simulator then comes in its own chunk, only on the pages and browsers that need it,
 * instead of inside every page chunk beside the copy the worker already loads.
 */
import type { TraceEvent } from '../trace/events';
import { METHODS } from './client';
import type { Session } from './types';

export function lazySession(load: () => Promise<Session>): Session {
	let real: Promise<Session> | undefined;
	const get = () => (real ??= load());
	const session = {} as Record<string, unknown>;
	for (const m of METHODS)
		session[m] = async (...args: unknown[]) => {
			const s = (await get()) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
			return s[m](...args);
		};
	session.subscribe = async (
		kinds: Parameters<Session['subscribe']>[0],
		handler: (e: TraceEvent[]) => void
	) => (await get()).subscribe(kinds, handler);
	return session as unknown as Session;
}

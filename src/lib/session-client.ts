/**
 * The browser's door into the simulator: a session in a Web Worker when possible (the page keeps
 * drawing during long runs), else in the page's own thread (tests, a refused worker). The in-page
 * simulator is imported only in that second case, so a page does not carry it beside the worker's.
 */
import { createWorkerSession } from '$lib/sim/session/client';
import { lazySession } from '$lib/sim/session/lazy';
import type { Session } from '$lib/sim/session/types';

export function createBrowserSession(): { session: Session; where: 'worker' | 'page' } {
	if (typeof Worker !== 'undefined') {
		try {
			const worker = new Worker(new URL('./session.worker.ts', import.meta.url), { type: 'module' });
			return { session: createWorkerSession(worker), where: 'worker' };
		} catch {
			// A worker can be refused (content security policy, file://): run in this thread instead.
		}
	}
	const local = () => import('$lib/sim/session/local').then((m) => m.createLocalSession());
	return { session: lazySession(local), where: 'page' };
}

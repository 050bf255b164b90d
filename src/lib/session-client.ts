/**
 * The browser's door into the simulator: a session in a Web Worker when possible (the page keeps
 * drawing during long runs), else in the page's own thread (tests, a refused worker).
 */
import { createLocalSession, createWorkerSession, type Session } from '$lib/sim/session';

export function createBrowserSession(): { session: Session; where: 'worker' | 'page' } {
	if (typeof Worker !== 'undefined') {
		try {
			const worker = new Worker(new URL('./session.worker.ts', import.meta.url), { type: 'module' });
			return { session: createWorkerSession(worker), where: 'worker' };
		} catch {
			// A worker can be refused (content security policy, file://): run in this thread instead.
		}
	}
	return { session: createLocalSession(), where: 'page' };
}

/**
 * The session across a Web Worker: a thin message transport, nothing more. The worker side serves a
 * LocalSession (`serveSession(self)`); the page side gets a Session whose methods post
 * { id, method, args } and resolve on { id, result } or reject on { id, error }. Subscriptions
 * stream { sub, events } batches. All messages are structured-clone data, so a MessagePort works the
 * same (the tests use a MessageChannel in Node).
 *
 * Long runs execute in slices with a yield between them (LocalSession.runUntil), so a pause message
 * is handled while a run is in progress.
 */
import { LocalSession } from './local';
import type { Session, Unsubscribe } from './types';
import { METHODS, type Batch, type MessageEndpoint, type Reply, type Request } from './client';

export { createWorkerSession, type MessageEndpoint } from './client';

/** Serve a session on an endpoint (in a worker: `serveSession(self)`). Returns the session. */
export function serveSession(endpoint: MessageEndpoint, session: Session = new LocalSession()): Session {
	const subs = new Map<number, Unsubscribe>();
	endpoint.addEventListener('message', (e) => {
		const req = e.data as Request;
		if (!req || typeof req.id !== 'number' || typeof req.method !== 'string') return;
		void handle(req).then(
			(result) => endpoint.postMessage({ id: req.id, result } satisfies Reply),
			(err: unknown) => {
				const error = err instanceof Error ? err : new Error(String(err));
				endpoint.postMessage({ id: req.id, error: { name: error.name, message: error.message } });
			}
		);
	});
	endpoint.start?.();

	async function handle(req: Request): Promise<unknown> {
		if (req.method === 'subscribe') {
			const [kinds, sub] = req.args as [Parameters<Session['subscribe']>[0], number];
			subs.set(
				sub,
				await session.subscribe(kinds, (events) =>
					endpoint.postMessage({ sub, events } satisfies Batch)
				)
			);
			return undefined;
		}
		if (req.method === 'unsubscribe') {
			const sub = req.args[0] as number;
			await subs.get(sub)?.();
			subs.delete(sub);
			return undefined;
		}
		if (!(METHODS as readonly string[]).includes(req.method))
			throw new Error(`unknown session method ${req.method}`);
		const fn = session[req.method as (typeof METHODS)[number]] as (...a: unknown[]) => Promise<unknown>;
		return fn.apply(session, req.args);
	}
	return session;
}

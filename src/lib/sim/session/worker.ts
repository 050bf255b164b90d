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
import type { TraceEvent } from '../trace/events';
import { LocalSession } from './local';
import type { Session, Unsubscribe } from './types';

/** The part of Worker / MessagePort / DedicatedWorkerGlobalScope the transport uses. */
export interface MessageEndpoint {
	postMessage(message: unknown): void;
	addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
	removeEventListener?(type: 'message', listener: (e: { data: unknown }) => void): void;
	start?(): void;
}

type Request = { id: number; method: string; args: unknown[] };
type Reply = { id: number; result?: unknown; error?: { name: string; message: string } };
type Batch = { sub: number; events: TraceEvent[] };

/** Session methods callable over the transport (subscribe is special-cased). */
const METHODS = [
	'load',
	'reset',
	'step',
	'runUntil',
	'pause',
	'stepBack',
	'backToPreviousTrap',
	'setBreakpoint',
	'breakpoints',
	'status',
	'registers',
	'csrs',
	'memory',
	'translatedMemory',
	'physicalAddress',
	'pageTable',
	'tlb',
	'devices',
	'vms',
	'vmTranslate',
	'vmMemory',
	'schedule',
	'schedReport',
	'disks',
	'vmOp',
	'setIoScheduler',
	'setScheduler',
	'setVmSched',
	'goToCycle',
	'console',
	'source',
	'addSymbols',
	'input',
	'setRegister',
	'writeMemory',
	'stats',
	'recentEvents',
	'saveSnapshot',
	'loadSnapshot',
	'dispose'
] as const;

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

/** A Session that talks to serveSession on the other end of `endpoint` (a Worker or a port). */
export function createWorkerSession(endpoint: MessageEndpoint): Session {
	let nextId = 1;
	let nextSub = 1;
	const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
	const handlers = new Map<number, (events: TraceEvent[]) => void>();
	endpoint.addEventListener('message', (e) => {
		const data = e.data as Reply | Batch;
		if ('sub' in data) return handlers.get(data.sub)?.(data.events);
		const w = waiting.get(data.id);
		if (!w) return;
		waiting.delete(data.id);
		if (data.error) {
			const err = new Error(data.error.message);
			err.name = data.error.name;
			w.reject(err);
		} else w.resolve(data.result);
	});
	endpoint.start?.();
	const call = (method: string, args: unknown[]) =>
		new Promise<unknown>((resolve, reject) => {
			const id = nextId++;
			waiting.set(id, { resolve, reject });
			endpoint.postMessage({ id, method, args } satisfies Request);
		});
	const session = {} as Record<string, unknown>;
	for (const m of METHODS) session[m] = (...args: unknown[]) => call(m, args);
	session.subscribe = async (kinds: unknown, handler: (events: TraceEvent[]) => void) => {
		const sub = nextSub++;
		handlers.set(sub, handler);
		await call('subscribe', [kinds, sub]);
		return async () => {
			await call('unsubscribe', [sub]);
			handlers.delete(sub);
		};
	};
	return session as unknown as Session;
}

/**
 * The page's side of the worker transport (worker.ts serves the other side): a Session whose
 * methods post { id, method, args } and resolve on the reply. Apart from worker.ts so that a page
 * importing it does not bundle the simulator itself (LocalSession), which runs in the worker.
 */
import type { TraceEvent } from '../trace/events';
import type { Session } from './types';

/** The part of Worker / MessagePort / DedicatedWorkerGlobalScope the transport uses. */
export interface MessageEndpoint {
	postMessage(message: unknown): void;
	addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
	removeEventListener?(type: 'message', listener: (e: { data: unknown }) => void): void;
	start?(): void;
}

export type Request = { id: number; method: string; args: unknown[] };
export type Reply = { id: number; result?: unknown; error?: { name: string; message: string } };
export type Batch = { sub: number; events: TraceEvent[] };

/** Session methods callable over the transport (subscribe is special-cased). */
export const METHODS = [
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
	'network',
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

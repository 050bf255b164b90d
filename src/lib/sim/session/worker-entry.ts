/**
 * The Web Worker's entry point: serves one session to the page that started it.
 *
 *   const worker = new Worker(new URL('$lib/sim/session/worker-entry.ts', import.meta.url), { type: 'module' });
 *   const session = createWorkerSession(worker);
 *
 * `globalThis` in a dedicated worker is the DedicatedWorkerGlobalScope, which has postMessage and
 * addEventListener; it is typed through MessageEndpoint so this module needs no DOM types.
 */
import { serveSession, type MessageEndpoint } from './worker';

serveSession(globalThis as unknown as MessageEndpoint);

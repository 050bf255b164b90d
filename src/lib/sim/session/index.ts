/**
 * The simulator session: import from here. `createLocalSession()` in-process (tests, CLI, small
 * widgets); `createWorkerSession(worker)` on a page with `serveSession(self)` in the worker.
 */
export * from './types';
export { createLocalSession, LocalSession, defaultCheckpointInterval } from './local';
export { createWorkerSession, serveSession, type MessageEndpoint } from './worker';

/** The simulator in a Web Worker: a session served over postMessage (the playground's and the lessons'). */
import { serveSession, type MessageEndpoint } from '$lib/sim/session';

serveSession(self as unknown as MessageEndpoint);

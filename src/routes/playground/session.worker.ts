/** The playground's simulator, in a Web Worker: a session served over postMessage. */
import { serveSession, type MessageEndpoint } from '$lib/sim/session';

serveSession(self as unknown as MessageEndpoint);

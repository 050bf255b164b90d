/**
 * The last program typed, kept in localStorage so a reload loses nothing. Storage can be missing or
 * full (private windows, quotas); then the playground simply does not remember.
 */
const KEY = 'vmscope.playground.source.v1';

export function loadSavedProgram(storage: Storage | undefined): string | undefined {
	try {
		return storage?.getItem(KEY) ?? undefined;
	} catch {
		return undefined;
	}
}

export function saveProgram(storage: Storage | undefined, source: string): void {
	try {
		storage?.setItem(KEY, source);
	} catch {
		// Quota or privacy settings: not remembering is the only sensible fallback.
	}
}

/**
 * A student's progress, kept in the browser's IndexedDB (through idb-keyval): their responses and
 * verdicts for one problem set, keyed by exercise, seed, count and difficulty, so a reload, or coming
 * back to the same link, finds them again. Browser only; every call tolerates a missing IndexedDB.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';
import type { ProblemSet, Response, Verdict } from '$lib/sim/exercises';

export interface Progress {
	responses: Record<string, Response>;
	verdicts: Record<string, Verdict>;
	student?: string;
}

let store: UseStore | undefined;
function db(): UseStore | undefined {
	if (typeof indexedDB === 'undefined') return undefined;
	return (store ??= createStore('vmscope-exercises', 'progress'));
}

export function progressKey(s: Pick<ProblemSet, 'exercise' | 'seed' | 'count' | 'difficulty'>): string {
	return `${s.exercise}/${s.seed}/${s.count}/${s.difficulty}`;
}

export async function loadProgress(key: string): Promise<Progress | undefined> {
	const d = db();
	if (!d) return undefined;
	try {
		return await get<Progress>(key, d);
	} catch {
		return undefined;
	}
}

export async function saveProgress(key: string, p: Progress): Promise<void> {
	const d = db();
	if (!d) return;
	try {
		// Svelte state is a proxy; IndexedDB stores plain structured-clone data.
		await set(key, JSON.parse(JSON.stringify(p)) as Progress, d);
	} catch {
		// Private windows may refuse storage: the page still works, it just forgets.
	}
}

/**
 * The teaching kernel's C and assembly sources, as the site serves them at /guest/src/<file> (file
 * names exactly as the session's source() gives them). Each file is fetched once; a failed fetch is
 * remembered as null, so the view says "no source" instead of asking again on every step.
 */
import { splitLines } from '$lib/viz/machine/source-window';

export const GUEST_SOURCE_BASE = '/guest/src/';

export class GuestSources {
	private readonly cache = new Map<string, Promise<string[] | null>>();

	constructor(private readonly fetcher: typeof fetch) {}

	lines(file: string): Promise<string[] | null> {
		let entry = this.cache.get(file);
		if (!entry) {
			entry = this.fetchLines(file);
			this.cache.set(file, entry);
		}
		return entry;
	}

	private async fetchLines(file: string): Promise<string[] | null> {
		try {
			const path = file.split('/').map(encodeURIComponent).join('/');
			const response = await this.fetcher(GUEST_SOURCE_BASE + path);
			return response.ok ? splitLines(await response.text()) : null;
		} catch {
			return null;
		}
	}
}

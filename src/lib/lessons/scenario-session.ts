/**
 * A lesson's scenario in a session of its own: fetch the images it names, load it, and hand the
 * session to `use`; the session is disposed afterwards. Errors name what failed (the image URL, the
 * scenario field), so a broken lesson says why on the page.
 */
import { createBrowserSession } from '$lib/session-client';
import type { Session } from '$lib/sim/session';

export async function fetchImages(images: Record<string, string>): Promise<Record<string, Uint8Array>> {
	const bytes: Record<string, Uint8Array> = {};
	for (const [name, url] of Object.entries(images)) {
		const r = await fetch(url);
		if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
		bytes[name] = new Uint8Array(await r.arrayBuffer());
	}
	return bytes;
}

export async function loadScenario(
	s: Session,
	scenario: string,
	images: Record<string, string>
): Promise<void> {
	const loaded = await s.load({ scenario, images: await fetchImages(images) });
	if (!loaded.ok) throw new Error(loaded.errors.join('; '));
}

export async function withScenario<T>(
	scenario: string,
	images: Record<string, string>,
	use: (s: Session) => Promise<T>
): Promise<T> {
	const { session } = createBrowserSession();
	try {
		await loadScenario(session, scenario, images);
		return await use(session);
	} finally {
		await session.dispose();
	}
}

/**
 * The VM playground's link: the scenario's YAML, deflated and in base64url after `#scenario=`, as the
 * playground's `#code=` links carry a program. Nothing leaves the browser.
 */
import { fromBase64Url, pipe, toBase64Url } from '../share';

const PREFIX = '#scenario=';

export async function encodeScenario(yaml: string): Promise<string> {
	return (
		PREFIX + toBase64Url(await pipe(new TextEncoder().encode(yaml), new CompressionStream('deflate-raw')))
	);
}

/** The scenario in a hash, or undefined when there is none or it is damaged. */
export async function decodeScenario(hash: string): Promise<string | undefined> {
	if (!hash.startsWith(PREFIX)) return undefined;
	try {
		const bytes = fromBase64Url(hash.slice(PREFIX.length));
		return new TextDecoder().decode(await pipe(bytes, new DecompressionStream('deflate-raw')));
	} catch {
		return undefined;
	}
}

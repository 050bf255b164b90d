/**
 * POSIX path joining for scenario images, in plain string operations: src/lib/sim runs in the browser
 * too, where node:path does not exist.
 */

/** `path` with `.`, empty and `..` segments resolved; a relative path keeps the `..` it cannot resolve. */
export function normalizePath(path: string): string {
	const absolute = path.startsWith('/');
	const out: string[] = [];
	for (const segment of path.split('/')) {
		if (segment === '' || segment === '.') continue;
		if (segment !== '..') out.push(segment);
		else if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
		else if (!absolute) out.push('..'); // POSIX: '/..' is '/'
	}
	const joined = out.join('/');
	return absolute ? `/${joined}` : joined || '.';
}

/** `path` read from the directory `baseDir` (relative stays relative); an absolute path stands alone. */
export function resolvePath(baseDir: string, path: string): string {
	// An empty baseDir is the current directory, not the root that `/${path}` would make it.
	return normalizePath(path.startsWith('/') || baseDir === '' ? path : `${baseDir}/${path}`);
}

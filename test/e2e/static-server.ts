/**
 * A plain static file server, as a web host without any SvelteKit knowledge would behave: a URL ending
 * in "/" serves that directory's index.html, a directory without the slash redirects to it, anything
 * else is a file or a 404. The built site must work on this, page by page.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.txt': 'text/plain; charset=utf-8',
	'.wasm': 'application/wasm',
	'.woff2': 'font/woff2'
};

export interface StaticServer {
	url: string;
	close(): Promise<void>;
}

function isFile(path: string) {
	return existsSync(path) && statSync(path).isFile();
}

export async function serveStatic(root: string): Promise<StaticServer> {
	const base = resolve(root);
	const server = createServer((req, res) => {
		const { pathname } = new URL(req.url ?? '/', 'http://localhost');
		let path: string;
		try {
			path = resolve(join(base, decodeURIComponent(pathname)));
		} catch {
			res.writeHead(400).end();
			return;
		}
		if (path !== base && !path.startsWith(base + sep)) {
			res.writeHead(403).end();
			return;
		}
		if (pathname.endsWith('/')) path = join(path, 'index.html');
		else if (existsSync(path) && statSync(path).isDirectory()) {
			res.writeHead(301, { location: `${pathname}/` }).end();
			return;
		}
		if (!isFile(path)) {
			res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
			return;
		}
		res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
		createReadStream(path).pipe(res);
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done())))
	};
}

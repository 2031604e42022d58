import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

/** A static file server on 127.0.0.1 (random port) for the built site. */
export interface StaticServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  /** Whether a URL path maps to a file. */
  exists(pathname: string): boolean;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Resolves a URL path to a file inside `root`, as a static host would (`/x/` → `/x/index.html`). */
function resolveFile(root: string, pathname: string): string | undefined {
  const decoded = decodeURIComponent(pathname);
  const file = normalize(join(root, decoded.endsWith('/') ? `${decoded}index.html` : decoded));
  if (!file.startsWith(root)) return undefined;
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

/**
 * Serves `root` over HTTP on 127.0.0.1 at a random free port. `mounts` maps URL prefixes (`'/tfjs/'`) to other
 * directories, e.g. to serve built packages next to a test page.
 */
export async function serveDirectory(root: string, mounts: Readonly<Record<string, string>> = {}): Promise<StaticServer> {
  const find = (pathname: string): string | undefined => {
    for (const [prefix, directory] of Object.entries(mounts)) {
      if (pathname.startsWith(prefix)) return resolveFile(directory, `/${pathname.slice(prefix.length)}`);
    }
    return resolveFile(root, pathname);
  };
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = find(pathname);
    if (file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exists: (pathname) => find(pathname) !== undefined,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

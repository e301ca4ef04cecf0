/**
 * Serving the renderer build on the app scheme, as pure Node logic (no Electron import)
 * so the path resolution and the response headers are unit-tested.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { isInternalUrl } from '../security/url-allowlist';

/** The subset of `node:path` that resolution needs; tests pass `path.win32` to check Windows rules. */
export type PathApi = Pick<typeof path, 'resolve' | 'relative' | 'isAbsolute' | 'sep'>;

/**
 * Maps an `app://paperless/...` URL to a file inside `rootDir`, or `null` when the URL is
 * not internal or would leave the root. The URL parser already folds `.`/`..`/`%2e%2e`;
 * this also refuses what only appears after percent-decoding (`..%2f`, `%5c`, NUL, `:`)
 * and re-checks the joined path with `path.relative`, so no spelling can escape.
 * A path ending in `/` means that folder's `index.html`.
 */
export function resolveAppPath(rootDir: string, requestUrl: string, pathApi: PathApi = path): string | null {
  if (!isInternalUrl(requestUrl)) return null;
  const { pathname } = new URL(requestUrl);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (/[\\:\0]/.test(decoded)) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '.' || segment === '..')) return null;
  if (segments.length === 0 || decoded.endsWith('/')) segments.push('index.html');

  const root = pathApi.resolve(rootDir);
  const full = pathApi.resolve(root, ...segments);
  const relative = pathApi.relative(root, full);
  if (relative === '' || pathApi.isAbsolute(relative) || relative.split(pathApi.sep)[0] === '..') return null;
  return full;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
};

/** The `Content-Type` for a file name; unknown extensions are opaque bytes (with `nosniff`). */
export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/**
 * A `protocol.handle` handler serving files under `rootDir` with the app CSP. GET and HEAD
 * only. A missing extension-less path falls back to `index.html`, so a reload on a
 * client-side route still boots the app.
 */
export function createAppRequestHandler(rootDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const filePath = resolveAppPath(rootDir, request.url);
    if (filePath === null) return plain(404, 'Not found');

    let servedPath = filePath;
    let body: Buffer;
    try {
      body = await readFile(servedPath);
    } catch (err) {
      if (!isMissing(err)) return plain(500, 'Could not read file');
      if (path.extname(filePath) !== '') return plain(404, 'Not found');
      servedPath = path.join(path.resolve(rootDir), 'index.html');
      try {
        body = await readFile(servedPath);
      } catch {
        return plain(404, 'Not found');
      }
    }

    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': contentTypeFor(servedPath),
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  };
}

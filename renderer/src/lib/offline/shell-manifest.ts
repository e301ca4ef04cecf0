/**
 * The web client's app shell as the service worker keeps it (renderer/src/sw/service-worker.ts):
 * which built files make up one build, what that build is called, and which requests the
 * worker answers. Pure and DOM-free: the Vite build (renderer/vite.config.ts) and the unit
 * tests import it as well as the worker.
 *
 * The rules that matter:
 * - Only the shell is kept: `index.html` and the files Vite emitted for this build (hashed
 *   names, so one name is one content). Never the API (`/api/…`: session, meeting, document
 *   bytes, reader copies — the document cache is the one copy of a document on the device,
 *   and what the app keeps of the meeting it keeps itself) and never the Yjs socket.
 * - A navigation asks the network first, so a device that can reach the room server always
 *   starts the server's current build; only when the server is gone (or does not answer in
 *   time, or fails) does the kept `index.html` start the kept build.
 */

/** The service worker's own file name, next to index.html (so its scope is the whole client). */
export const SERVICE_WORKER_FILE = 'sw.js';

/** Prefix of the worker's cache names; one cache per build, `paperless-shell-<build id>`. */
export const SHELL_CACHE_PREFIX = 'paperless-shell-';

/** Path prefixes the worker never answers, whatever the request: the API and the Yjs socket. */
const NEVER_ANSWERED = ['/api/', '/yjs'];

/**
 * The files of one build the worker keeps, from the names the bundler emitted: everything
 * but source maps and the worker itself, plus `index.html`, sorted (so the list, and the
 * build id made from it, do not depend on emit order).
 */
export function shellFiles(emitted: Iterable<string>): string[] {
  const files = new Set<string>(['index.html']);
  for (const name of emitted) {
    const file = name.replace(/^\.?\//, '');
    if (file === '' || file.endsWith('.map') || file === SERVICE_WORKER_FILE) continue;
    files.add(file);
  }
  return [...files].sort();
}

/** How the worker treats one request. */
export type ShellRoute =
  /** A page load: the network first, the kept index.html when the server is gone. */
  | { readonly kind: 'navigate' }
  /** A file of the kept build: the kept copy first, the network otherwise. */
  | { readonly kind: 'shell'; readonly file: string }
  /** Not the worker's business: the browser fetches it as if there were no worker. */
  | { readonly kind: 'pass' };

/** The parts of a Request that decide its route. */
export interface ShellRequest {
  readonly url: string;
  readonly method: string;
  readonly mode: string;
}

/**
 * Decides how the worker answers `request`. `scope` is the worker's scope URL (where the
 * client is served, ending in `/`); `files` the build's {@link shellFiles}.
 */
export function routeShellRequest(
  request: ShellRequest,
  scope: string,
  files: ReadonlySet<string>,
): ShellRoute {
  if (request.method !== 'GET') return { kind: 'pass' };
  const url = new URL(request.url);
  const base = new URL(scope);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return { kind: 'pass' };
  const path = url.pathname.slice(base.pathname.length - 1);
  if (NEVER_ANSWERED.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix))) {
    return { kind: 'pass' };
  }
  if (request.mode === 'navigate') {
    // Only the client's own page: `/`, `/index.html` (a join link is `/?join=…`).
    return path === '/' || path === '/index.html' ? { kind: 'navigate' } : { kind: 'pass' };
  }
  const file = decodeURIComponent(path.slice(1));
  return files.has(file) ? { kind: 'shell', file } : { kind: 'pass' };
}

/** The cache name of a build. */
export function shellCacheName(buildId: string): string {
  return `${SHELL_CACHE_PREFIX}${buildId}`;
}

/** The caches an activated build deletes: other builds' shells; nothing that is not ours. */
export function staleShellCaches(names: readonly string[], buildId: string): string[] {
  const current = shellCacheName(buildId);
  return names.filter((name) => name.startsWith(SHELL_CACHE_PREFIX) && name !== current);
}

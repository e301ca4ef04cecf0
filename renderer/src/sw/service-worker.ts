/**
 * The web client's service worker: keeps the app shell of one build on the device so that a
 * reload with the room server gone still starts the client (which then reads the meeting,
 * the session and the documents it keeps itself). Bundled by the renderer build into
 * `dist/renderer/sw.js` (renderer/vite.config.ts), with the build's file list and id put in
 * for `__SHELL_FILES__` and `__BUILD_ID__`; a new build is a new sw.js, which the browser
 * installs on its next visit to a reachable server. What it answers, and what never (the API,
 * document bytes, reader copies), is decided in lib/offline/shell-manifest.ts.
 */
import {
  routeShellRequest,
  type ShellRoute,
  shellCacheName,
  staleShellCaches,
} from '../lib/offline/shell-manifest';

declare const __SHELL_FILES__: readonly string[];
declare const __BUILD_ID__: string;

/** A page load waits this long for the server before the kept shell starts instead. */
const NAVIGATION_TIMEOUT_MS = 4_000;

// The renderer is type-checked with the DOM library, not WebWorker (the two clash), so the
// few service-worker types used here are declared locally.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const worker = self as unknown as ServiceWorkerScope;
const files = new Set(__SHELL_FILES__);
const cacheName = shellCacheName(__BUILD_ID__);
const scope = (): string => worker.registration.scope;

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(cacheName);
      // `reload`: the bytes come from the server, not from an HTTP cache that may hold another build's index.html.
      await cache.addAll([...files].map((file) => new Request(new URL(file, scope()), { cache: 'reload' })));
      // The new build's shell is complete: take over now, so the next offline start is this build.
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of staleShellCaches(await caches.keys(), __BUILD_ID__)) await caches.delete(name);
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('fetch', (event) => {
  const route: ShellRoute = routeShellRequest(event.request, scope(), files);
  switch (route.kind) {
    case 'pass':
      return;
    case 'navigate':
      event.respondWith(navigate(event.request));
      return;
    case 'shell':
      event.respondWith(shellFile(event.request, route.file));
      return;
    default: {
      const unhandled: never = route;
      throw new Error(`unhandled route ${JSON.stringify(unhandled)}`);
    }
  }
});

/** The kept copy of a file of this build, or null. */
async function kept(file: string): Promise<Response | null> {
  const cache = await caches.open(cacheName);
  return (await cache.match(new URL(file, scope()).href)) ?? null;
}

/**
 * A page load: the server's answer when it gives one in time (so a newer build on the server
 * starts at once), else this build's kept index.html. A server error counts as "gone".
 */
async function navigate(request: Request): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NAVIGATION_TIMEOUT_MS);
  try {
    const response = await fetch(request, { signal: controller.signal });
    if (response.status < 500) return response;
  } catch {
    // No answer: the room server is down or out of reach.
  } finally {
    clearTimeout(timer);
  }
  return (await kept('index.html')) ?? Response.error();
}

/** A hashed file of the build: the kept copy (it cannot change), else the network. */
async function shellFile(request: Request, file: string): Promise<Response> {
  return (await kept(file)) ?? fetch(request);
}

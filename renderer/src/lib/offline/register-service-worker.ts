/**
 * Registers the web client's service worker (src/sw/service-worker.ts, built as `sw.js`), which
 * keeps the app shell on the device so a reload starts the client with the room server gone.
 *
 * Only for the production web client the room server serves over http(s): the desktop app
 * loads its shell from its own files (`app://paperless`, main/protocol) and needs no worker,
 * and the dev server's modules are not a build to keep.
 */
import type { RendererApi } from '#ipc/api';
import { SERVICE_WORKER_FILE } from './shell-manifest';

/** Starts the registration; failures are logged (the client works online without the worker). */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD) return;
  if (!('serviceWorker' in navigator)) return;
  if (window.location.protocol !== 'http:' && window.location.protocol !== 'https:') return;
  if ((window as Window & { api?: RendererApi }).api !== undefined) return;
  // `updateViaCache: 'none'`: the browser asks the server for sw.js itself on every check, so a
  // newer build on the server is found on the next page load, whatever HTTP caches hold.
  navigator.serviceWorker
    .register(new URL(SERVICE_WORKER_FILE, document.baseURI), { scope: './', updateViaCache: 'none' })
    .catch((error: unknown) => console.warn('The offline app shell could not be set up', error));
}

/**
 * Picks the device's {@link DocumentCache}: files in main when running inside the desktop
 * app (`window.api.cache`), IndexedDB in a browser, memory when the browser refuses
 * IndexedDB (documents then last until the tab closes). One cache per page.
 */
import type { RendererApi } from '#ipc/api';
import type { DocumentCache } from './document-cache';
import { IdbDocumentCache, openIdbDatabase } from './idb-document-cache';
import { IpcDocumentCache } from './ipc-document-cache';
import { MemoryDocumentCache } from './memory-document-cache';

/** The page's cache, opened on first use. */
let opening: Promise<DocumentCache> | null = null;

/** The device's document cache (the same instance on every call). */
export function openDocumentCache(): Promise<DocumentCache> {
  opening ??= (async (): Promise<DocumentCache> => {
    // `window.api` exists only inside the desktop app (preload/contract/window.d.ts).
    const bridge = (window as Window & { api?: RendererApi }).api?.cache;
    if (bridge) return new IpcDocumentCache(bridge);
    try {
      return new IdbDocumentCache(await openIdbDatabase());
    } catch (error) {
      console.warn('IndexedDB is unavailable; documents are kept in memory only', error);
      return new MemoryDocumentCache();
    }
  })();
  return opening;
}

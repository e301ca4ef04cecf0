/**
 * The desktop app's device store for annotation layers (main/cache/annotation-store.ts) as the
 * renderer reaches it, `window.api.annotations`, without Electron: the main process's handlers
 * called directly, every answer wrapped as IPC wraps it. `beforeLoad` holds each load back (a
 * slow disk, or one the test opens when it wants).
 */
import type { RendererApi } from '#ipc/api';
import { vi } from 'vitest';
import type { AnnotationStore } from '../../../main/cache/annotation-store';
import { createAnnotationStoreHandlers } from '../../../main/cache/annotation-store-handlers';

export function desktopStoreBridge(
  store: AnnotationStore,
  beforeLoad: (key: string) => Promise<void> = async () => {},
): RendererApi['annotations'] {
  const h = createAnnotationStoreHandlers(store);
  const ok = async <T>(value: Promise<T> | T) => ({ ok: true as const, value: await value });
  return {
    load: (key) => beforeLoad(key).then(() => ok(h['annotations:load'](key))),
    append: (key, update) => ok(h['annotations:append'](key, update)),
    replace: (key, update) => ok(h['annotations:replace'](key, update)),
    setPending: (key, count) => ok(h['annotations:set-pending'](key, count)),
    clear: () => ok(h['annotations:clear']()),
  };
}

/**
 * Runs the renderer's code as the desktop app with `bridge` as its store, and with a local
 * storage of its own (the index of stores: empty, a device that never stored a layer).
 * Undo with `vi.unstubAllGlobals()`.
 */
export function stubDesktopRenderer(bridge: RendererApi['annotations']): void {
  const kept = new Map<string, string>();
  vi.stubGlobal('window', { api: { annotations: bridge } });
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => kept.get(k) ?? null,
    setItem: (k: string, v: string) => void kept.set(k, v),
    removeItem: (k: string) => void kept.delete(k),
  });
}

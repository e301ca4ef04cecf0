/**
 * The sandboxed preload: exposes `window.api` and nothing else. It is bundled into one CJS
 * file, so it imports only `electron` and types from its own contract.
 * @see https://www.electronjs.org/docs/latest/tutorial/security#20-do-not-expose-electron-apis-to-untrusted-web-content
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import type { RendererApi, Unsubscribe } from './contract/api';
import type { IpcChannel, IpcContract, IpcEventName, IpcEvents, IpcResult } from './contract/channels';

/**
 * Invokes one channel. A rejection (no handler registered, main gone) becomes an
 * `internal` error value so the renderer only ever sees envelopes.
 */
function invoke<K extends IpcChannel>(
  channel: K,
  ...args: IpcContract[K]['args']
): Promise<IpcResult<IpcContract[K]['result']>> {
  return ipcRenderer.invoke(channel, ...args).then(
    (result: IpcResult<IpcContract[K]['result']>) => result,
    (err: unknown): IpcResult<IpcContract[K]['result']> => ({
      ok: false,
      error: { code: 'internal', message: err instanceof Error ? err.message : String(err) },
    }),
  );
}

/** Subscribes to one event; the raw `IpcRendererEvent` (and its `sender`) never reaches the page. */
function subscribe<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void): Unsubscribe {
  const wrapped = (_event: IpcRendererEvent, payload: IpcEvents[E]): void => listener(payload);
  ipcRenderer.on(event, wrapped);
  return () => {
    ipcRenderer.off(event, wrapped);
  };
}

const api = {
  app: {
    getInfo: () => invoke('app:get-info'),
  },
  settings: {
    get: () => invoke('settings:get'),
    set: (patch) => invoke('settings:set', patch),
    onChanged: (listener) => subscribe('settings:changed', listener),
  },
  shell: {
    openExternal: (url) => invoke('shell:open-external', url),
  },
  cache: {
    has: (sha256) => invoke('cache:has', sha256),
    read: (sha256) => invoke('cache:read', sha256),
    readRange: (sha256, offset, length) => invoke('cache:read-range', sha256, offset, length),
    writeChunk: (sha256, offset, bytes) => invoke('cache:write-chunk', sha256, offset, bytes),
    commit: (sha256, expectedSize) => invoke('cache:commit', sha256, expectedSize),
    discardPartial: (sha256) => invoke('cache:discard-partial', sha256),
    list: () => invoke('cache:list'),
    delete: (sha256) => invoke('cache:delete', sha256),
  },
  annotations: {
    load: (key) => invoke('annotations:load', key),
    append: (key, update) => invoke('annotations:append', key, update),
    replace: (key, update) => invoke('annotations:replace', key, update),
    setPending: (key, count) => invoke('annotations:set-pending', key, count),
    clear: () => invoke('annotations:clear'),
  },
  projector: {
    open: (meetingId) => invoke('projector:open', meetingId),
  },
} satisfies RendererApi;

contextBridge.exposeInMainWorld('api', api);

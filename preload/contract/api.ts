import type { IpcChannel, IpcContract, IpcEventName, IpcEvents, IpcResult } from './channels';

/** Calls one channel; always resolves with an {@link IpcResult}, never rejects. */
export type Invoke<K extends IpcChannel> = (
  ...args: IpcContract[K]['args']
) => Promise<IpcResult<IpcContract[K]['result']>>;

/** Stops a subscription made with one of the `on…` functions. */
export type Unsubscribe = () => void;

/** Subscribes to one main → renderer event; the listener gets the payload only, never the IPC event. */
export type Subscribe<E extends IpcEventName> = (listener: (payload: IpcEvents[E]) => void) => Unsubscribe;

/**
 * What the preload exposes as `window.api`. Functions only: no `ipcRenderer`, no generic
 * `invoke(channel)`. Only `renderer/src/lib/ipc.ts` should touch it and unwrap the results.
 */
export interface RendererApi {
  readonly app: {
    readonly getInfo: Invoke<'app:get-info'>;
  };
  readonly settings: {
    readonly get: Invoke<'settings:get'>;
    readonly set: Invoke<'settings:set'>;
    readonly onChanged: Subscribe<'settings:changed'>;
  };
  readonly shell: {
    readonly openExternal: Invoke<'shell:open-external'>;
  };
  /** The document cache under the user-data folder (see main/cache/document-cache.ts). */
  readonly cache: {
    readonly has: Invoke<'cache:has'>;
    readonly read: Invoke<'cache:read'>;
    readonly readRange: Invoke<'cache:read-range'>;
    readonly writeChunk: Invoke<'cache:write-chunk'>;
    readonly commit: Invoke<'cache:commit'>;
    readonly discardPartial: Invoke<'cache:discard-partial'>;
    readonly list: Invoke<'cache:list'>;
    readonly delete: Invoke<'cache:delete'>;
  };
  /** The user's own annotation layers kept on the device (main/cache/annotation-store.ts). */
  readonly annotations: {
    readonly load: Invoke<'annotations:load'>;
    readonly append: Invoke<'annotations:append'>;
    readonly replace: Invoke<'annotations:replace'>;
    readonly setPending: Invoke<'annotations:set-pending'>;
    readonly clear: Invoke<'annotations:clear'>;
  };
  /** The projector window (main/projector/). */
  readonly projector: {
    readonly open: Invoke<'projector:open'>;
  };
}

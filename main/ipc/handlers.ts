import type { AppInfo, ProjectorOpenResult, Settings } from '#ipc/channels';
import type { AnnotationStore } from '../cache/annotation-store';
import { createAnnotationStoreHandlers } from '../cache/annotation-store-handlers';
import { createCacheHandlers } from '../cache/cache-handlers';
import type { NodeDocumentCache } from '../cache/document-cache';
import type { SettingsStore } from '../settings/settings-store';
import { toSafeExternalUrl } from '../security/url-allowlist';
import { IpcFailure } from './errors';
import type { HandlerMap } from './register';

/** What the handlers need from the app; injected so they run under the Node unit tests. */
export interface HandlerDeps {
  readonly appInfo: () => AppInfo;
  readonly settings: SettingsStore;
  /** Opens a checked URL in the user's browser (`shell.openExternal`). */
  readonly openExternal: (url: string) => Promise<void>;
  /** Called after a successful `settings:set`, e.g. to send `settings:changed` to windows. */
  readonly onSettingsChanged: (settings: Settings) => void;
  /** The document cache under the user-data folder; the `cache:*` channels fail without it. */
  readonly documentCache?: NodeDocumentCache;
  /** The offline annotation layers under the user-data folder; the `annotations:*` channels fail without it. */
  readonly annotationStore?: AnnotationStore;
  /** Opens the projector window of a meeting (main/projector/); `projector:open` fails without it. */
  readonly openProjector?: (meetingId: string) => ProjectorOpenResult;
}

/** The implementation of every channel in the contract. */
export function createHandlers(deps: HandlerDeps): HandlerMap {
  return {
    'app:get-info': () => deps.appInfo(),
    'settings:get': () => deps.settings.get(),
    'settings:set': async (patch) => {
      const next = await deps.settings.set(patch);
      deps.onSettingsChanged(next);
      return next;
    },
    'shell:open-external': async (url) => {
      // The schema already checked the scheme; this is the main-side allowlist, the one that counts.
      const safe = toSafeExternalUrl(url);
      if (safe === null)
        throw new IpcFailure('forbidden', 'only http(s) links without credentials may be opened');
      await deps.openExternal(safe);
      return null;
    },
    'projector:open': (meetingId) => {
      if (deps.openProjector === undefined) throw new IpcFailure('internal', 'no projector window here');
      return deps.openProjector(meetingId);
    },
    ...createCacheHandlers(deps.documentCache),
    ...createAnnotationStoreHandlers(deps.annotationStore),
  };
}

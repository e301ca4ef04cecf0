import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { minutesDocName, YJS_PATH_PREFIX } from '#common/protocol/doc-names';
import { toWebSocketUrl } from '../server-url';
import { createProvider } from './provider';

/** A meeting's minutes document, open for the editor (TipTap's Collaboration binds to `doc`). */
export interface MinutesConnection {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  destroy(): void;
}

/**
 * Opens `meeting/<m>/minutes`. The server seeds the template; nothing here writes initial
 * content (a collaborative editor given content would add it again on every load).
 */
export function openMinutesDoc(serverUrl: string, meetingId: string, token: string): MinutesConnection {
  const doc = new Y.Doc();
  const base = `${toWebSocketUrl(serverUrl)}${YJS_PATH_PREFIX.replace(/\/$/, '')}`;
  const provider = createProvider({ base, docName: minutesDocName(meetingId), doc, token });
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

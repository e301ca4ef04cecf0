import { IdSchema } from '../schemas/ids';

/**
 * The Yjs documents of the room and what each name encodes (ARCHITECTURE.md, "Yjs documents
 * and who may touch them"). Authorisation is decided from the parsed name when a socket opens.
 */
export type DocName =
  | { kind: 'live'; meetingId: string }
  | { kind: 'minutes'; meetingId: string }
  /**
   * What one participant sees of a meeting's documents (`meeting/<m>/viewer/<p>`): written by the
   * server only, read by that participant only, so a change it signals reveals nothing hidden.
   */
  | { kind: 'viewer'; meetingId: string; participantId: string }
  | { kind: 'annotations'; documentId: string; ownerId: string; layer: 'private' | 'shared' }
  /**
   * The reading room of one meeting document (`doc/<documentId>/readers`): no content, nobody
   * writes it; those granted the document read it, and its presence says who reads which page
   * and who shares annotations of it (README, "Sharing and following").
   */
  | { kind: 'readers'; documentId: string };

const isId = (s: string | undefined): s is string => s !== undefined && IdSchema.safeParse(s).success;

/** Parses a Yjs document name; returns null for anything that is not one of ours. */
export function parseDocName(name: string): DocName | null {
  const parts = name.split('/');
  if (parts.length === 3 && parts[0] === 'meeting' && isId(parts[1])) {
    if (parts[2] === 'live') return { kind: 'live', meetingId: parts[1] };
    if (parts[2] === 'minutes') return { kind: 'minutes', meetingId: parts[1] };
    return null;
  }
  if (
    parts.length === 4 &&
    parts[0] === 'meeting' &&
    isId(parts[1]) &&
    parts[2] === 'viewer' &&
    isId(parts[3])
  ) {
    return { kind: 'viewer', meetingId: parts[1], participantId: parts[3] };
  }
  if (parts.length === 4 && parts[0] === 'ann' && isId(parts[1]) && isId(parts[2])) {
    if (parts[3] === 'private' || parts[3] === 'shared') {
      return { kind: 'annotations', documentId: parts[1], ownerId: parts[2], layer: parts[3] };
    }
  }
  if (parts.length === 3 && parts[0] === 'doc' && isId(parts[1]) && parts[2] === 'readers') {
    return { kind: 'readers', documentId: parts[1] };
  }
  return null;
}

/** Builds the canonical name for a document. */
export function formatDocName(doc: DocName): string {
  switch (doc.kind) {
    case 'live':
      return `meeting/${doc.meetingId}/live`;
    case 'minutes':
      return `meeting/${doc.meetingId}/minutes`;
    case 'viewer':
      return `meeting/${doc.meetingId}/viewer/${doc.participantId}`;
    case 'annotations':
      return `ann/${doc.documentId}/${doc.ownerId}/${doc.layer}`;
    case 'readers':
      return `doc/${doc.documentId}/readers`;
    default:
      throw missingCase(doc);
  }
}

export const liveDocName = (meetingId: string): string => formatDocName({ kind: 'live', meetingId });

/** The name of a meeting's minutes document. */
export const minutesDocName = (meetingId: string): string => formatDocName({ kind: 'minutes', meetingId });

/** The name of one participant's viewer document of a meeting. */
export const viewerDocName = (meetingId: string, participantId: string): string =>
  formatDocName({ kind: 'viewer', meetingId, participantId });

/** The name of a meeting document's reading room (presence of its readers). */
export const readersDocName = (documentId: string): string => formatDocName({ kind: 'readers', documentId });

/** Exhaustiveness guard for switches over unions. */
export function missingCase(value: never): Error {
  return new TypeError(`unhandled case: ${JSON.stringify(value)}`);
}

/** URL path prefix under which the room server speaks the y-websocket protocol. */
export const YJS_PATH_PREFIX = '/yjs/';

/**
 * Keys of the server-written `meeting/<m>/live` document. Synced shapes are additive-only:
 * never rename or remove a key an older client reads; add a new one and bump the version.
 */
export const LIVE_DOC_SCHEMA_VERSION = 1;

/** Name of the top-level Y.Map that holds the meeting state. */
export const LIVE_MAP = 'meeting';

export const LiveKeys = {
  schemaVersion: 'schemaVersion',
  title: 'title',
  status: 'status',
  /** Bumped whenever the agenda or the document list changes; clients refetch on change. */
  agendaRevision: 'agendaRevision',
  currentItemId: 'currentItemId',
  publishedAt: 'publishedAt',
  /** Bumped on every (re)publication. */
  publishedRevision: 'publishedRevision',
  /** Bumped whenever a document, a version or a grant changes; clients refetch the list (which is per participant). */
  documentsRevision: 'documentsRevision',
  updatedAt: 'updatedAt',
} as const;

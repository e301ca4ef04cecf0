import type {
  Classification,
  DocumentGrants,
  DocumentKind,
  DocumentVersion,
  MeetingDocument,
  UpdateDocumentRequest,
} from '#common/schemas/document';
import { DocumentVersionSchema, MeetingDocumentSchema } from '#common/schemas/document';
import type { Participant } from '#common/schemas/participant';
import { isRoomStaff } from '../auth/access';
import type { ReadableDB } from '../db/database';
import { newId } from '../db/ids';
import type { Tx } from '../db/tx';
import { NotFoundError, ValidationError } from '../errors/domain-errors';
import { definedEntries } from './meeting-store';
import { ReadReceiptStore } from './read-receipt-store';

interface DocumentRow {
  id: string;
  meeting_id: string;
  agenda_item_id: string | null;
  title: string;
  kind: string;
  classification: string;
  no_export: number;
  position: number;
  sha256: string;
  byte_size: number;
  page_count: number;
  created_at: string;
  version: number;
  updated_at: string | null;
  original_name: string;
  encrypted: number;
}

interface VersionRow {
  version: number;
  sha256: string;
  byte_size: number;
  page_count: number;
  original_name: string;
  created_at: string;
}

const toDocument = (r: DocumentRow): MeetingDocument =>
  MeetingDocumentSchema.parse({
    id: r.id,
    meetingId: r.meeting_id,
    agendaItemId: r.agenda_item_id,
    title: r.title,
    kind: r.kind,
    classification: r.classification,
    noExport: r.no_export === 1,
    position: r.position,
    sha256: r.sha256,
    byteSize: r.byte_size,
    pageCount: r.page_count,
    createdAt: r.created_at,
    version: r.version,
    updatedAt: r.updated_at ?? r.created_at,
    originalName: r.original_name,
    encrypted: r.encrypted === 1,
  });

const toVersion = (r: VersionRow): DocumentVersion =>
  DocumentVersionSchema.parse({
    version: r.version,
    sha256: r.sha256,
    byteSize: r.byte_size,
    pageCount: r.page_count,
    originalName: r.original_name,
    createdAt: r.created_at,
  });

/** The file facts of one stored version. */
export interface StoredFile {
  readonly sha256: string;
  readonly byteSize: number;
  readonly pageCount: number;
  readonly originalName: string;
  readonly encrypted: boolean;
}

export interface NewDocument extends StoredFile {
  readonly meetingId: string;
  readonly agendaItemId: string | null;
  readonly title: string;
  readonly kind: DocumentKind;
  readonly classification: Classification;
  readonly noExport: boolean;
  readonly grants: { readonly participantIds: readonly string[]; readonly groups: readonly string[] };
}

/**
 * Whether the caller manages the document's meeting: room staff, or that meeting's own
 * secretariat. Parameters: see {@link DocumentStore.readerParams}.
 */
const MANAGER_SQL = `(@isStaff = 1 OR (@isSecretariat = 1 AND d.meeting_id = @ownMeetingId))`;

/**
 * Who may read a document `d`: whoever manages its meeting, always; otherwise a participant of
 * that meeting, once the meeting is published (a draft is the secretariat's alone), and then,
 * when the document has grants, exactly the granted participants and groups; without grants an
 * ordinary ("thuong") document is open to the whole meeting and a confidential ("mat") one to
 * nobody else.
 */
const VISIBLE_SQL = `(
  ${MANAGER_SQL}
  OR (
    d.meeting_id = @ownMeetingId
    AND EXISTS (SELECT 1 FROM meetings m WHERE m.id = d.meeting_id AND m.status <> 'draft')
    AND (
      EXISTS (SELECT 1 FROM document_grants g WHERE g.document_id = d.id
              AND (g.participant_id = @participantId OR g.group_name = @groupName))
      OR (d.classification = 'thuong' AND NOT EXISTS (SELECT 1 FROM document_grants g WHERE g.document_id = d.id))
    )
  )
)`;

/**
 * Whether some version of some document the caller may read has the bytes `@sha256`, and the
 * caller may have them raw: a "no export" document's bytes go to its meeting's managers only
 * (everyone else reads a stamped reader copy). One statement and one row whether or not the
 * bytes exist: the few index probes that bytes which exist add are lost in the request's own
 * time (tests/hostile/document-oracle.test.ts measures it), where the old per-document checks
 * were not.
 */
const RAW_BLOB_SQL = `
  SELECT EXISTS (
    SELECT 1 FROM document_versions v JOIN documents d ON d.id = v.document_id
    WHERE v.sha256 = @sha256 AND ${VISIBLE_SQL} AND (d.no_export = 0 OR ${MANAGER_SQL})
  ) AS ok`;

const UPDATE_COLUMNS: Record<keyof UpdateDocumentRequest, string> = {
  title: 'title',
  kind: 'kind',
  classification: 'classification',
  noExport: 'no_export',
  agendaItemId: 'agenda_item_id',
  position: 'position',
};

/** Meeting documents' metadata, versions and grants (the bytes are in the blob store). */
export class DocumentStore {
  /** Who opened which version of each document (kept here so commands reach it without a store of its own). */
  readonly receipts: ReadReceiptStore;

  constructor(private readonly db: ReadableDB) {
    this.receipts = new ReadReceiptStore(db);
  }

  /** The caller, as VISIBLE_SQL and MANAGER_SQL read it. */
  private readerParams(p: Participant) {
    return {
      isStaff: isRoomStaff(p) ? 1 : 0,
      isSecretariat: p.role === 'secretariat' ? 1 : 0,
      ownMeetingId: p.meetingId,
      participantId: p.id,
      groupName: p.group || null,
    };
  }

  /** Whether the participant manages the meeting (its secretariat, or room staff). */
  private manages(p: Participant, meetingId: string): boolean {
    return isRoomStaff(p) || (p.role === 'secretariat' && p.meetingId === meetingId);
  }

  /**
   * The documents of a meeting this participant may see; the others are not even named. For
   * anyone but the meeting's managers the positions are renumbered 0…n-1 under each agenda
   * item, so a hidden document leaves no gap that would give it away.
   */
  visibleTo(p: Participant, meetingId: string): MeetingDocument[] {
    if (!isRoomStaff(p) && p.meetingId !== meetingId) return [];
    const rows = this.db
      .prepare(
        `SELECT d.* FROM documents d WHERE d.meeting_id = @meetingId AND ${VISIBLE_SQL}
         ORDER BY d.agenda_item_id, d.position, d.rowid`,
      )
      .all({ ...this.readerParams(p), meetingId }) as DocumentRow[];
    const docs = rows.map(toDocument);
    if (this.manages(p, meetingId)) return docs;
    const next = new Map<string | null, number>();
    return docs.map((d) => {
      const position = next.get(d.agendaItemId) ?? 0;
      next.set(d.agendaItemId, position + 1);
      return position === d.position ? d : { ...d, position };
    });
  }

  /** The document as this participant sees it (see {@link visibleTo}); null when they may not read it. */
  viewOf(p: Participant, documentId: string): MeetingDocument | null {
    const doc = this.find(documentId);
    if (!doc) return null;
    return this.visibleTo(p, doc.meetingId).find((d) => d.id === documentId) ?? null;
  }

  /** Whether the participant may read the document; false for unknown ids too. */
  canRead(p: Participant, documentId: string): boolean {
    const row = this.db
      .prepare(`SELECT 1 FROM documents d WHERE d.id = @documentId AND ${VISIBLE_SQL}`)
      .get({ ...this.readerParams(p), documentId });
    return row !== undefined;
  }

  /**
   * Whether the participant may download these bytes as they are stored: they read some version
   * of some document with them, and that document is not "no export" — unless they manage its
   * meeting. False for unknown bytes; one query either way (see RAW_BLOB_SQL).
   */
  canReadBlob(p: Participant, sha256: string): boolean {
    const row = this.db.prepare(RAW_BLOB_SQL).get({ ...this.readerParams(p), sha256 }) as { ok: number };
    return row.ok === 1;
  }

  find(id: string): MeetingDocument | null {
    const row = this.db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined;
    return row ? toDocument(row) : null;
  }

  get(id: string): MeetingDocument {
    const doc = this.find(id);
    if (!doc) throw new NotFoundError('document not found');
    return doc;
  }

  /** A document of the meeting that already holds exactly these bytes (duplicate upload). */
  findInMeetingBySha(meetingId: string, sha256: string): MeetingDocument | null {
    const row = this.db
      .prepare(
        `SELECT d.* FROM documents d JOIN document_versions v ON v.document_id = d.id
         WHERE d.meeting_id = ? AND v.sha256 = ? ORDER BY d.rowid LIMIT 1`,
      )
      .get(meetingId, sha256) as DocumentRow | undefined;
    return row ? toDocument(row) : null;
  }

  versions(documentId: string): DocumentVersion[] {
    return (
      this.db
        .prepare('SELECT * FROM document_versions WHERE document_id = ? ORDER BY version')
        .all(documentId) as VersionRow[]
    ).map(toVersion);
  }

  add(tx: Tx, actorId: string | null, doc: NewDocument): MeetingDocument {
    const id = newId();
    this.checkAgendaItem(doc.meetingId, doc.agendaItemId);
    const { next } = tx.db
      .prepare(
        'SELECT coalesce(max(position) + 1, 0) AS next FROM documents WHERE meeting_id = ? AND agenda_item_id IS ?',
      )
      .get(doc.meetingId, doc.agendaItemId) as { next: number };
    tx.db
      .prepare(
        `INSERT INTO documents (id, meeting_id, agenda_item_id, title, kind, classification, no_export, position,
                                sha256, byte_size, page_count, created_at, version, updated_at, original_name, encrypted)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
      )
      .run(
        id,
        doc.meetingId,
        doc.agendaItemId,
        doc.title,
        doc.kind,
        doc.classification,
        doc.noExport ? 1 : 0,
        next,
        doc.sha256,
        doc.byteSize,
        doc.pageCount,
        tx.now,
        tx.now,
        doc.originalName,
        doc.encrypted ? 1 : 0,
      );
    this.insertVersion(tx, id, 1, doc, actorId);
    this.writeGrants(tx, id, doc.meetingId, doc.grants);
    return this.get(id);
  }

  /** Makes `file` the current version; earlier versions stay readable to the same people. */
  addVersion(tx: Tx, actorId: string | null, documentId: string, file: StoredFile): MeetingDocument {
    const doc = this.get(documentId);
    const version = doc.version + 1;
    this.insertVersion(tx, documentId, version, file, actorId);
    tx.db
      .prepare(
        `UPDATE documents SET version = ?, sha256 = ?, byte_size = ?, page_count = ?, original_name = ?,
           encrypted = ?, updated_at = ? WHERE id = ?`,
      )
      .run(
        version,
        file.sha256,
        file.byteSize,
        file.pageCount,
        file.originalName,
        file.encrypted ? 1 : 0,
        tx.now,
        documentId,
      );
    return this.get(documentId);
  }

  update(tx: Tx, documentId: string, req: UpdateDocumentRequest): MeetingDocument {
    const doc = this.get(documentId);
    if (req.agendaItemId !== undefined) this.checkAgendaItem(doc.meetingId, req.agendaItemId);
    // Position is not stored as given: the sibling lists are renumbered below.
    const entries = definedEntries(req)
      .filter(([k]) => k !== 'position')
      .map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 1 : 0) : v] as const);
    const sets = entries.map(([k]) => `${UPDATE_COLUMNS[k]} = ?, `).join('');
    tx.db
      .prepare(`UPDATE documents SET ${sets}updated_at = ? WHERE id = ?`)
      .run(...entries.map(([, v]) => v), tx.now, documentId);
    if (req.position !== undefined || req.agendaItemId !== undefined) {
      const target = req.agendaItemId === undefined ? doc.agendaItemId : req.agendaItemId;
      this.renumber(tx, doc.meetingId, doc.agendaItemId, documentId, null);
      this.renumber(tx, doc.meetingId, target, documentId, req.position ?? Number.MAX_SAFE_INTEGER);
    }
    return this.get(documentId);
  }

  grants(documentId: string): DocumentGrants {
    const rows = this.db
      .prepare('SELECT participant_id, group_name FROM document_grants WHERE document_id = ? ORDER BY rowid')
      .all(documentId) as { participant_id: string | null; group_name: string | null }[];
    return {
      participantIds: rows.flatMap((r) => (r.participant_id ? [r.participant_id] : [])),
      groups: rows.flatMap((r) => (r.group_name ? [r.group_name] : [])),
    };
  }

  /** Replaces the document's grants. */
  setGrants(tx: Tx, documentId: string, grants: DocumentGrants): DocumentGrants {
    const doc = this.get(documentId);
    tx.db.prepare('DELETE FROM document_grants WHERE document_id = ?').run(documentId);
    this.writeGrants(tx, documentId, doc.meetingId, grants);
    tx.db.prepare('UPDATE documents SET updated_at = ? WHERE id = ?').run(tx.now, documentId);
    return this.grants(documentId);
  }

  /** Removes a document with its versions and grants; blobs stay (they may be shared). */
  delete(tx: Tx, documentId: string): MeetingDocument {
    const doc = this.get(documentId);
    tx.db.prepare('DELETE FROM documents WHERE id = ?').run(documentId);
    return doc;
  }

  /**
   * Every document of the meeting, whoever may read it, in stored order (agenda item, then
   * position): for the archive package, which keeps the meeting's whole record.
   */
  inMeeting(meetingId: string): MeetingDocument[] {
    return (
      this.db
        .prepare('SELECT * FROM documents WHERE meeting_id = ? ORDER BY agenda_item_id, position, rowid')
        .all(meetingId) as DocumentRow[]
    ).map(toDocument);
  }

  /** How many documents the meeting has, whoever may read them. */
  countInMeeting(meetingId: string): number {
    return (
      this.db.prepare('SELECT count(*) AS n FROM documents WHERE meeting_id = ?').get(meetingId) as {
        n: number;
      }
    ).n;
  }

  /** Ids of the meeting's documents the participant may read (search filters by these). */
  visibleIds(p: Participant, meetingId: string): string[] {
    return this.visibleTo(p, meetingId).map((d) => d.id);
  }

  /**
   * Renumbers the documents under one agenda item 0…n-1 in their order, with `documentId`
   * left out (`at` null) or placed at index `at`, so positions never have gaps or ties.
   */
  private renumber(
    tx: Tx,
    meetingId: string,
    agendaItemId: string | null,
    documentId: string,
    at: number | null,
  ): void {
    const ids = (
      tx.db
        .prepare(
          `SELECT id FROM documents WHERE meeting_id = ? AND agenda_item_id IS ? AND id <> ?
           ORDER BY position, rowid`,
        )
        .all(meetingId, agendaItemId, documentId) as { id: string }[]
    ).map((r) => r.id);
    if (at !== null) ids.splice(Math.min(at, ids.length), 0, documentId);
    const stmt = tx.db.prepare('UPDATE documents SET position = ? WHERE id = ?');
    for (const [index, id] of ids.entries()) stmt.run(index, id);
  }

  private insertVersion(tx: Tx, id: string, version: number, file: StoredFile, actorId: string | null): void {
    tx.db
      .prepare(
        `INSERT INTO document_versions (document_id, version, sha256, byte_size, page_count, original_name, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, version, file.sha256, file.byteSize, file.pageCount, file.originalName, tx.now, actorId);
  }

  private checkAgendaItem(meetingId: string, agendaItemId: string | null): void {
    if (agendaItemId === null) return;
    const row = this.db.prepare('SELECT meeting_id FROM agenda_items WHERE id = ?').get(agendaItemId) as
      | { meeting_id: string }
      | undefined;
    if (!row || row.meeting_id !== meetingId) throw new NotFoundError('agenda item not found');
  }

  private writeGrants(
    tx: Tx,
    documentId: string,
    meetingId: string,
    grants: { readonly participantIds: readonly string[]; readonly groups: readonly string[] },
  ): void {
    const member = tx.db.prepare('SELECT 1 FROM participants WHERE id = ? AND meeting_id = ?');
    const insert = tx.db.prepare(
      'INSERT OR IGNORE INTO document_grants (document_id, participant_id, group_name) VALUES (?, ?, ?)',
    );
    for (const pid of grants.participantIds) {
      if (!member.get(pid, meetingId)) {
        throw new ValidationError([
          { path: 'participantIds', message: `participant ${pid} is not in this meeting` },
        ]);
      }
      insert.run(documentId, pid, null);
    }
    for (const g of grants.groups) insert.run(documentId, null, g);
  }
}

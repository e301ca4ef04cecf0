import type { Classification, DocumentKind, MeetingDocument } from '#common/schemas/document';
import { MeetingDocumentSchema } from '#common/schemas/document';
import type { Participant } from '#common/schemas/participant';
import { appendAudit } from '../audit/audit-log';
import { isRoomStaff } from '../auth/access';
import type { WritableDB } from '../db/database';
import { newId, nowIso } from './ids';

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
  });

export interface NewDocument {
  readonly meetingId: string;
  readonly agendaItemId: string | null;
  readonly title: string;
  readonly kind: DocumentKind;
  readonly classification: Classification;
  readonly noExport: boolean;
  readonly sha256: string;
  readonly byteSize: number;
  readonly pageCount: number;
  readonly grants: { readonly participantIds: readonly string[]; readonly groups: readonly string[] };
}

/**
 * Who may read a document: the meeting's secretariat always; otherwise, when the document has
 * grants, exactly the granted participants and groups; without grants an ordinary ("thuong")
 * document is open to the whole meeting and a confidential ("mat") one to nobody else.
 */
const VISIBLE_SQL = `
  d.meeting_id = @meetingId AND (
    @isManager = 1
    OR EXISTS (SELECT 1 FROM document_grants g WHERE g.document_id = d.id
               AND (g.participant_id = @participantId OR g.group_name = @groupName))
    OR (d.classification = 'thuong' AND NOT EXISTS (SELECT 1 FROM document_grants g WHERE g.document_id = d.id))
  )`;

/** Meeting documents' metadata and grants (the bytes are in the blob store). */
export class DocumentStore {
  constructor(private readonly db: WritableDB) {}

  private visibilityParams(p: Participant, meetingId: string) {
    const isManager = isRoomStaff(p) || (p.role === 'secretariat' && p.meetingId === meetingId);
    return { meetingId, isManager: isManager ? 1 : 0, participantId: p.id, groupName: p.group || null };
  }

  /** The documents of a meeting this participant may see; the others are not even named. */
  visibleTo(p: Participant, meetingId: string): MeetingDocument[] {
    const rows = this.db
      .prepare(
        `SELECT d.* FROM documents d WHERE ${VISIBLE_SQL} ORDER BY d.agenda_item_id, d.position, d.rowid`,
      )
      .all(this.visibilityParams(p, meetingId)) as DocumentRow[];
    return rows.map(toDocument);
  }

  /** Whether the participant may read the document; false for unknown ids too. */
  canRead(p: Participant, documentId: string): boolean {
    const meeting = this.db.prepare('SELECT meeting_id FROM documents WHERE id = ?').get(documentId) as
      | { meeting_id: string }
      | undefined;
    if (!meeting) return false;
    if (!isRoomStaff(p) && p.meetingId !== meeting.meeting_id) return false;
    const row = this.db
      .prepare(`SELECT 1 FROM documents d WHERE d.id = @documentId AND ${VISIBLE_SQL}`)
      .get({ ...this.visibilityParams(p, meeting.meeting_id), documentId });
    return row !== undefined;
  }

  add(actorId: string | null, doc: NewDocument): MeetingDocument {
    const id = newId();
    this.db.transaction(() => {
      const { next } = this.db
        .prepare(
          'SELECT coalesce(max(position) + 1, 0) AS next FROM documents WHERE meeting_id = ? AND agenda_item_id IS ?',
        )
        .get(doc.meetingId, doc.agendaItemId) as { next: number };
      this.db
        .prepare(
          `INSERT INTO documents (id, meeting_id, agenda_item_id, title, kind, classification, no_export, position,
                                  sha256, byte_size, page_count, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
          nowIso(),
        );
      const grant = this.db.prepare(
        'INSERT INTO document_grants (document_id, participant_id, group_name) VALUES (?, ?, ?)',
      );
      for (const pid of doc.grants.participantIds) grant.run(id, pid, null);
      for (const g of doc.grants.groups) grant.run(id, null, g);
      appendAudit(this.db, {
        actorId,
        action: 'document.add',
        meetingId: doc.meetingId,
        payload: {
          id,
          title: doc.title,
          sha256: doc.sha256,
          classification: doc.classification,
          grants: doc.grants,
        },
      });
    })();
    const row = this.db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow;
    return toDocument(row);
  }
}

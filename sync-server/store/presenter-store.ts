import {
  type PresenterState,
  PresenterStateSchema,
  PresenterZoomSchema,
  type SharePresenterRequest,
} from '#common/schemas/presenter';
import type { ReadableDB } from '../db/database';
import type { Tx } from '../db/tx';

interface PresenterRow {
  meeting_id: string;
  presenter_id: string | null;
  shared_by: string | null;
  document_id: string | null;
  version: number | null;
  page: number | null;
  zoom: string | null;
  rotation: number;
  shared_at: string | null;
}

/** A zoom is stored as text: a mode's name or the percentage's digits. */
const zoomOf = (text: string) => PresenterZoomSchema.parse(/^\d+$/.test(text) ? Number(text) : text);

const toState = (r: PresenterRow | undefined): PresenterState => {
  const shared =
    r?.shared_by && r.document_id && r.version !== null && r.page !== null && r.zoom && r.shared_at
      ? {
          documentId: r.document_id,
          version: r.version,
          page: r.page,
          zoom: zoomOf(r.zoom),
          rotation: r.rotation,
          sharedBy: r.shared_by,
          sharedAt: r.shared_at,
        }
      : null;
  return PresenterStateSchema.parse({ presenterId: r?.presenter_id ?? null, share: shared });
};

/**
 * Follow the presenter: per meeting, who is named presenter and what is shared. A meeting
 * without a row has no presenter named and shares nothing.
 */
export class PresenterStore {
  constructor(private readonly db: ReadableDB) {}

  get(meetingId: string): PresenterState {
    return toState(
      this.db.prepare('SELECT * FROM meeting_presenters WHERE meeting_id = ?').get(meetingId) as
        | PresenterRow
        | undefined,
    );
  }

  private ensure(tx: Tx, meetingId: string): void {
    tx.db
      .prepare('INSERT INTO meeting_presenters (meeting_id, updated_at) VALUES (?, ?) ON CONFLICT DO NOTHING')
      .run(meetingId, tx.now);
  }

  /** Names the presenter (null: none) and ends what was shared. */
  name(tx: Tx, meetingId: string, participantId: string | null): PresenterState {
    this.ensure(tx, meetingId);
    tx.db
      .prepare('UPDATE meeting_presenters SET presenter_id = ?, updated_at = ? WHERE meeting_id = ?')
      .run(participantId, tx.now, meetingId);
    return this.stop(tx, meetingId);
  }

  share(tx: Tx, meetingId: string, sharedBy: string, s: SharePresenterRequest): PresenterState {
    this.ensure(tx, meetingId);
    tx.db
      .prepare(
        `UPDATE meeting_presenters SET shared_by = ?, document_id = ?, version = ?, page = ?, zoom = ?,
           rotation = ?, shared_at = ?, updated_at = ? WHERE meeting_id = ?`,
      )
      .run(
        sharedBy,
        s.documentId,
        s.version,
        s.page,
        String(s.zoom),
        s.rotation ?? 0,
        tx.now,
        tx.now,
        meetingId,
      );
    return this.get(meetingId);
  }

  /** Ends what is shared; the named presenter stays. */
  stop(tx: Tx, meetingId: string): PresenterState {
    tx.db
      .prepare(
        `UPDATE meeting_presenters SET shared_by = NULL, document_id = NULL, version = NULL, page = NULL,
           zoom = NULL, rotation = 0, shared_at = NULL, updated_at = ? WHERE meeting_id = ?`,
      )
      .run(tx.now, meetingId);
    return this.get(meetingId);
  }
}

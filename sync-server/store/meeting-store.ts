import type {
  AgendaItem,
  CreateAgendaItemRequest,
  CreateMeetingRequest,
  Meeting,
} from '#common/schemas/meeting';
import { AgendaItemSchema, MeetingSchema } from '#common/schemas/meeting';
import { appendAudit } from '../audit/audit-log';
import type { WritableDB } from '../db/database';
import { NotFoundError } from './errors';
import { newId, nowIso } from './ids';

interface MeetingRow {
  id: string;
  title: string;
  body: string;
  type: string;
  starts_at: string;
  place: string;
  status: string;
  created_at: string;
  updated_at: string;
}

interface AgendaRow {
  id: string;
  meeting_id: string;
  parent_id: string | null;
  position: number;
  title: string;
  presenter: string;
  duration_minutes: number;
  description: string;
}

const toMeeting = (r: MeetingRow): Meeting =>
  MeetingSchema.parse({
    id: r.id,
    title: r.title,
    body: r.body,
    type: r.type,
    startsAt: r.starts_at,
    place: r.place,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });

const toAgendaItem = (r: AgendaRow): AgendaItem =>
  AgendaItemSchema.parse({
    id: r.id,
    meetingId: r.meeting_id,
    parentId: r.parent_id,
    position: r.position,
    title: r.title,
    presenter: r.presenter,
    durationMinutes: r.duration_minutes,
    description: r.description,
  });

/** Meetings and their agenda trees. Every change is one transaction with its audit entry. */
export class MeetingStore {
  constructor(private readonly db: WritableDB) {}

  list(): Meeting[] {
    return (this.db.prepare('SELECT * FROM meetings ORDER BY starts_at DESC').all() as MeetingRow[]).map(
      toMeeting,
    );
  }

  find(id: string): Meeting | null {
    const row = this.db.prepare('SELECT * FROM meetings WHERE id = ?').get(id) as MeetingRow | undefined;
    return row ? toMeeting(row) : null;
  }

  get(id: string): Meeting {
    const meeting = this.find(id);
    if (!meeting) throw new NotFoundError('meeting not found');
    return meeting;
  }

  findByDemoKey(key: string): Meeting | null {
    const row = this.db.prepare('SELECT * FROM meetings WHERE demo_key = ?').get(key) as
      | MeetingRow
      | undefined;
    return row ? toMeeting(row) : null;
  }

  create(actorId: string | null, req: CreateMeetingRequest, demoKey: string | null = null): Meeting {
    const id = newId();
    const now = nowIso();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO meetings (id, title, body, type, starts_at, place, status, demo_key, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?)`,
        )
        .run(id, req.title, req.body, req.type, req.startsAt, req.place, demoKey, now, now);
      appendAudit(this.db, { actorId, action: 'meeting.create', meetingId: id, payload: req });
    })();
    return this.get(id);
  }

  publish(actorId: string | null, id: string): Meeting {
    this.db.transaction(() => {
      const meeting = this.get(id);
      const status = meeting.status === 'draft' ? 'published' : meeting.status;
      this.db
        .prepare('UPDATE meetings SET status = ?, updated_at = ? WHERE id = ?')
        .run(status, nowIso(), id);
      appendAudit(this.db, { actorId, action: 'meeting.publish', meetingId: id, payload: { status } });
    })();
    return this.get(id);
  }

  agenda(meetingId: string): AgendaItem[] {
    const rows = this.db
      .prepare('SELECT * FROM agenda_items WHERE meeting_id = ? ORDER BY position, rowid')
      .all(meetingId) as AgendaRow[];
    return rows.map(toAgendaItem);
  }

  /** Appends an item at the end of its parent's children. */
  addAgendaItem(actorId: string | null, meetingId: string, req: CreateAgendaItemRequest): AgendaItem {
    const id = newId();
    this.db.transaction(() => {
      this.get(meetingId);
      if (req.parentId) {
        const parent = this.db
          .prepare('SELECT meeting_id FROM agenda_items WHERE id = ?')
          .get(req.parentId) as { meeting_id: string } | undefined;
        if (!parent || parent.meeting_id !== meetingId)
          throw new NotFoundError('parent agenda item not found');
      }
      const { next } = this.db
        .prepare(
          'SELECT coalesce(max(position) + 1, 0) AS next FROM agenda_items WHERE meeting_id = ? AND parent_id IS ?',
        )
        .get(meetingId, req.parentId) as { next: number };
      this.db
        .prepare(
          `INSERT INTO agenda_items (id, meeting_id, parent_id, position, title, presenter, duration_minutes, description)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          meetingId,
          req.parentId,
          next,
          req.title,
          req.presenter,
          req.durationMinutes,
          req.description,
        );
      this.db.prepare('UPDATE meetings SET updated_at = ? WHERE id = ?').run(nowIso(), meetingId);
      appendAudit(this.db, { actorId, action: 'agenda.add', meetingId, payload: { id, ...req } });
    })();
    const item = this.agenda(meetingId).find((i) => i.id === id);
    if (!item) throw new Error('agenda item vanished after insert');
    return item;
  }
}

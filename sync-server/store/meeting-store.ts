import type {
  AgendaItem,
  CreateAgendaItemRequest,
  CreateMeetingRequest,
  Meeting,
  MoveAgendaItemRequest,
  UpdateAgendaItemRequest,
  UpdateMeetingRequest,
} from '#common/schemas/meeting';
import { AgendaItemSchema, MeetingSchema } from '#common/schemas/meeting';
import { appendAudit } from '../audit/audit-log';
import type { WritableDB } from '../db/database';
import { DomainError, NotFoundError } from './errors';
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
  lead_time_working_days: number;
  published_at: string | null;
  published_revision: number;
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
    leadTimeWorkingDays: r.lead_time_working_days,
    publishedAt: r.published_at,
    publishedRevision: r.published_revision,
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

/** The set fields of a partial update, as [key, value] pairs. */
export function definedEntries<T extends object>(req: T): [keyof T & string, unknown][] {
  return Object.entries(req).filter(([, v]) => v !== undefined) as [keyof T & string, unknown][];
}

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

  /** (Re)publishes: the first time moves a draft to published; every time bumps the revision. */
  publish(actorId: string | null, id: string): Meeting {
    this.db.transaction(() => {
      const meeting = this.get(id);
      const status = meeting.status === 'draft' ? 'published' : meeting.status;
      const now = nowIso();
      this.db
        .prepare(
          `UPDATE meetings SET status = ?, published_at = ?, published_revision = published_revision + 1,
             updated_at = ? WHERE id = ?`,
        )
        .run(status, now, now, id);
      appendAudit(this.db, {
        actorId,
        action: 'meeting.publish',
        meetingId: id,
        payload: { status, revision: meeting.publishedRevision + 1 },
      });
    })();
    return this.get(id);
  }

  update(actorId: string | null, id: string, req: UpdateMeetingRequest): Meeting {
    const columns: Record<keyof UpdateMeetingRequest, string> = {
      title: 'title',
      body: 'body',
      type: 'type',
      startsAt: 'starts_at',
      place: 'place',
      leadTimeWorkingDays: 'lead_time_working_days',
    };
    this.db.transaction(() => {
      this.get(id);
      const entries = definedEntries(req);
      const sets = entries.map(([k]) => `${columns[k]} = ?`).join(', ');
      this.db
        .prepare(`UPDATE meetings SET ${sets}, updated_at = ? WHERE id = ?`)
        .run(...entries.map(([, v]) => v), nowIso(), id);
      appendAudit(this.db, { actorId, action: 'meeting.update', meetingId: id, payload: req });
    })();
    return this.get(id);
  }

  findAgendaItem(itemId: string): AgendaItem | null {
    const row = this.db.prepare('SELECT * FROM agenda_items WHERE id = ?').get(itemId) as
      | AgendaRow
      | undefined;
    return row ? toAgendaItem(row) : null;
  }

  getAgendaItem(itemId: string): AgendaItem {
    const item = this.findAgendaItem(itemId);
    if (!item) throw new NotFoundError('agenda item not found');
    return item;
  }

  updateAgendaItem(actorId: string | null, itemId: string, req: UpdateAgendaItemRequest): AgendaItem {
    const columns: Record<keyof UpdateAgendaItemRequest, string> = {
      title: 'title',
      presenter: 'presenter',
      durationMinutes: 'duration_minutes',
      description: 'description',
    };
    this.db.transaction(() => {
      const item = this.getAgendaItem(itemId);
      const entries = definedEntries(req);
      const sets = entries.map(([k]) => `${columns[k]} = ?`).join(', ');
      this.db
        .prepare(`UPDATE agenda_items SET ${sets} WHERE id = ?`)
        .run(...entries.map(([, v]) => v), itemId);
      this.touch(item.meetingId);
      appendAudit(this.db, {
        actorId,
        action: 'agenda.update',
        meetingId: item.meetingId,
        payload: { itemId, ...req },
      });
    })();
    return this.getAgendaItem(itemId);
  }

  /**
   * Moves an item (and its sub-tree) to `position` among the children of `parentId`, then
   * renumbers both sibling lists 0…n-1 so positions never have gaps or ties.
   */
  moveAgendaItem(actorId: string | null, itemId: string, req: MoveAgendaItemRequest): AgendaItem[] {
    const item = this.getAgendaItem(itemId);
    this.db.transaction(() => {
      if (req.parentId !== null) {
        const parent = this.findAgendaItem(req.parentId);
        if (!parent || parent.meetingId !== item.meetingId)
          throw new NotFoundError('parent agenda item not found');
        for (
          let cur: AgendaItem | null = parent;
          cur;
          cur = cur.parentId ? this.findAgendaItem(cur.parentId) : null
        ) {
          if (cur.id === itemId) {
            throw new DomainError(
              'validation_failed',
              400,
              'an agenda item cannot move under itself or its sub-items',
            );
          }
        }
      }
      const siblingsOf = (parentId: string | null) =>
        (
          this.db
            .prepare(
              'SELECT id FROM agenda_items WHERE meeting_id = ? AND parent_id IS ? AND id <> ? ORDER BY position, rowid',
            )
            .all(item.meetingId, parentId, itemId) as { id: string }[]
        ).map((r) => r.id);
      const renumber = (ids: string[], parentId: string | null) => {
        const stmt = this.db.prepare('UPDATE agenda_items SET parent_id = ?, position = ? WHERE id = ?');
        for (const [index, id] of ids.entries()) stmt.run(parentId, index, id);
      };
      renumber(siblingsOf(item.parentId), item.parentId);
      const target = siblingsOf(req.parentId);
      target.splice(Math.min(req.position, target.length), 0, itemId);
      renumber(target, req.parentId);
      this.touch(item.meetingId);
      appendAudit(this.db, {
        actorId,
        action: 'agenda.move',
        meetingId: item.meetingId,
        payload: { itemId, ...req },
      });
    })();
    return this.agenda(item.meetingId);
  }

  /** Deletes an item and its sub-items; their documents stay in the meeting, unattached. */
  deleteAgendaItem(actorId: string | null, itemId: string): string {
    const item = this.getAgendaItem(itemId);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM agenda_items WHERE id = ?').run(itemId);
      const rest = (
        this.db
          .prepare(
            'SELECT id FROM agenda_items WHERE meeting_id = ? AND parent_id IS ? ORDER BY position, rowid',
          )
          .all(item.meetingId, item.parentId) as { id: string }[]
      ).map((r) => r.id);
      const stmt = this.db.prepare('UPDATE agenda_items SET position = ? WHERE id = ?');
      for (const [index, id] of rest.entries()) stmt.run(index, id);
      this.touch(item.meetingId);
      appendAudit(this.db, {
        actorId,
        action: 'agenda.delete',
        meetingId: item.meetingId,
        payload: { itemId },
      });
    })();
    return item.meetingId;
  }

  /** Marks the meeting changed (its `updatedAt` feeds the live document). */
  touch(meetingId: string): void {
    this.db.prepare('UPDATE meetings SET updated_at = ? WHERE id = ?').run(nowIso(), meetingId);
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
      this.touch(meetingId);
      appendAudit(this.db, { actorId, action: 'agenda.add', meetingId, payload: { id, ...req } });
    })();
    const item = this.agenda(meetingId).find((i) => i.id === id);
    if (!item) throw new Error('agenda item vanished after insert');
    return item;
  }
}

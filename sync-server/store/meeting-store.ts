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
import { endOfDayIn } from '#common/time/meeting-time';
import type { ReadableDB } from '../db/database';
import { newId } from '../db/ids';
import type { Tx } from '../db/tx';
import { NotFoundError, ValidationError } from '../errors/domain-errors';

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
  ends_at: string | null;
  time_zone: string;
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
    endsAt: r.ends_at ?? endOfDayIn(Date.parse(r.starts_at), r.time_zone),
    timeZone: r.time_zone,
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

type Scalar = string | number | boolean | null;

/**
 * The fields of a partial update whose value really changes, with before and after — what an
 * audit entry records instead of the request.
 */
export function changedFields<T extends object>(
  before: Partial<Record<keyof T, unknown>>,
  req: T,
): Partial<Record<keyof T & string, { from: Scalar; to: Scalar }>> {
  const changes: Partial<Record<keyof T & string, { from: Scalar; to: Scalar }>> = {};
  for (const [key, to] of definedEntries(req)) {
    const from = before[key];
    if (from !== to) changes[key] = { from: (from ?? null) as Scalar, to: to as Scalar };
  }
  return changes;
}

/**
 * Meetings and their agenda trees. Reads take the database; writes take the command
 * pipeline's transaction (`Tx`) and record nothing themselves — the command writes the audit entry.
 */
export class MeetingStore {
  constructor(private readonly db: ReadableDB) {}

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

  create(tx: Tx, req: CreateMeetingRequest, demoKey: string | null = null): Meeting {
    const id = newId();
    tx.db
      .prepare(
        `INSERT INTO meetings (id, title, body, type, starts_at, ends_at, time_zone, place, status, demo_key,
           created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?)`,
      )
      .run(
        id,
        req.title,
        req.body,
        req.type,
        req.startsAt,
        req.endsAt ?? endOfDayIn(Date.parse(req.startsAt), req.timeZone),
        req.timeZone,
        req.place,
        demoKey,
        tx.now,
        tx.now,
      );
    return this.get(id);
  }

  /** (Re)publishes: the first time moves a draft to published; every time bumps the revision. */
  publish(tx: Tx, id: string): Meeting {
    const meeting = this.get(id);
    const status = meeting.status === 'draft' ? 'published' : meeting.status;
    tx.db
      .prepare(
        `UPDATE meetings SET status = ?, published_at = ?, published_revision = published_revision + 1,
           updated_at = ? WHERE id = ?`,
      )
      .run(status, tx.now, tx.now, id);
    return this.get(id);
  }

  update(tx: Tx, id: string, req: UpdateMeetingRequest): Meeting {
    const columns: Record<keyof UpdateMeetingRequest, string> = {
      title: 'title',
      body: 'body',
      type: 'type',
      startsAt: 'starts_at',
      endsAt: 'ends_at',
      timeZone: 'time_zone',
      place: 'place',
      leadTimeWorkingDays: 'lead_time_working_days',
    };
    this.get(id);
    const entries = definedEntries(req);
    const sets = entries.map(([k]) => `${columns[k]} = ?`).join(', ');
    tx.db
      .prepare(`UPDATE meetings SET ${sets}, updated_at = ? WHERE id = ?`)
      .run(...entries.map(([, v]) => v), tx.now, id);
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

  updateAgendaItem(tx: Tx, itemId: string, req: UpdateAgendaItemRequest): AgendaItem {
    const columns: Record<keyof UpdateAgendaItemRequest, string> = {
      title: 'title',
      presenter: 'presenter',
      durationMinutes: 'duration_minutes',
      description: 'description',
    };
    const item = this.getAgendaItem(itemId);
    const entries = definedEntries(req);
    const sets = entries.map(([k]) => `${columns[k]} = ?`).join(', ');
    tx.db.prepare(`UPDATE agenda_items SET ${sets} WHERE id = ?`).run(...entries.map(([, v]) => v), itemId);
    this.touch(tx, item.meetingId);
    return this.getAgendaItem(itemId);
  }

  /**
   * Moves an item (and its sub-tree) to `position` among the children of `parentId`, then
   * renumbers both sibling lists 0…n-1 so positions never have gaps or ties.
   */
  moveAgendaItem(tx: Tx, itemId: string, req: MoveAgendaItemRequest): AgendaItem {
    const item = this.getAgendaItem(itemId);
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
          throw new ValidationError([
            { path: 'parentId', message: 'an agenda item cannot move under itself or its sub-items' },
          ]);
        }
      }
    }
    const siblingsOf = (parentId: string | null) =>
      (
        tx.db
          .prepare(
            'SELECT id FROM agenda_items WHERE meeting_id = ? AND parent_id IS ? AND id <> ? ORDER BY position, rowid',
          )
          .all(item.meetingId, parentId, itemId) as { id: string }[]
      ).map((r) => r.id);
    const renumber = (ids: string[], parentId: string | null) => {
      const stmt = tx.db.prepare('UPDATE agenda_items SET parent_id = ?, position = ? WHERE id = ?');
      for (const [index, id] of ids.entries()) stmt.run(parentId, index, id);
    };
    renumber(siblingsOf(item.parentId), item.parentId);
    const target = siblingsOf(req.parentId);
    target.splice(Math.min(req.position, target.length), 0, itemId);
    renumber(target, req.parentId);
    this.touch(tx, item.meetingId);
    return this.getAgendaItem(itemId);
  }

  /** The ids of an item and everything under it. */
  subtreeIds(itemId: string): string[] {
    return (
      this.db
        .prepare(
          `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT a.id FROM agenda_items a JOIN sub ON a.parent_id = sub.id)
           SELECT id FROM sub`,
        )
        .all(itemId) as { id: string }[]
    ).map((r) => r.id);
  }

  /** Deletes an item and its sub-items; their documents stay in the meeting, unattached. */
  deleteAgendaItem(tx: Tx, itemId: string): AgendaItem {
    const item = this.getAgendaItem(itemId);
    tx.db.prepare('DELETE FROM agenda_items WHERE id = ?').run(itemId);
    const rest = (
      tx.db
        .prepare(
          'SELECT id FROM agenda_items WHERE meeting_id = ? AND parent_id IS ? ORDER BY position, rowid',
        )
        .all(item.meetingId, item.parentId) as { id: string }[]
    ).map((r) => r.id);
    const stmt = tx.db.prepare('UPDATE agenda_items SET position = ? WHERE id = ?');
    for (const [index, id] of rest.entries()) stmt.run(index, id);
    this.touch(tx, item.meetingId);
    return item;
  }

  /** Marks the meeting changed (its `updatedAt` feeds the live document). */
  touch(tx: Tx, meetingId: string): void {
    tx.db.prepare('UPDATE meetings SET updated_at = ? WHERE id = ?').run(tx.now, meetingId);
  }

  agenda(meetingId: string): AgendaItem[] {
    const rows = this.db
      .prepare('SELECT * FROM agenda_items WHERE meeting_id = ? ORDER BY position, rowid')
      .all(meetingId) as AgendaRow[];
    return rows.map(toAgendaItem);
  }

  /** Appends an item at the end of its parent's children. */
  addAgendaItem(tx: Tx, meetingId: string, req: CreateAgendaItemRequest): AgendaItem {
    const id = newId();
    this.get(meetingId);
    if (req.parentId) {
      const parent = this.findAgendaItem(req.parentId);
      if (!parent || parent.meetingId !== meetingId) throw new NotFoundError('parent agenda item not found');
    }
    const { next } = tx.db
      .prepare(
        'SELECT coalesce(max(position) + 1, 0) AS next FROM agenda_items WHERE meeting_id = ? AND parent_id IS ?',
      )
      .get(meetingId, req.parentId) as { next: number };
    tx.db
      .prepare(
        `INSERT INTO agenda_items (id, meeting_id, parent_id, position, title, presenter, duration_minutes, description)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, meetingId, req.parentId, next, req.title, req.presenter, req.durationMinutes, req.description);
    this.touch(tx, meetingId);
    return this.getAgendaItem(id);
  }
}

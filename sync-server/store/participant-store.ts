import type {
  CreateParticipantRequest,
  Participant,
  UpdateParticipantRequest,
} from '#common/schemas/participant';
import { ParticipantSchema } from '#common/schemas/participant';
import type { ReadableDB } from '../db/database';
import { newId } from '../db/ids';
import type { Tx } from '../db/tx';
import { NotFoundError } from '../errors/domain-errors';
import { definedEntries } from './meeting-store';

interface ParticipantRow {
  id: string;
  meeting_id: string | null;
  name: string;
  position: string;
  unit: string;
  role: string;
  group_name: string;
  created_at: string;
}

const toParticipant = (r: ParticipantRow): Participant =>
  ParticipantSchema.parse({
    id: r.id,
    meetingId: r.meeting_id,
    name: r.name,
    position: r.position,
    unit: r.unit,
    role: r.role,
    group: r.group_name,
    createdAt: r.created_at,
  });

/** Participants of meetings, and the room staff (meeting null). */
export class ParticipantStore {
  constructor(private readonly db: ReadableDB) {}

  find(id: string): Participant | null {
    const row = this.db.prepare('SELECT * FROM participants WHERE id = ?').get(id) as
      | ParticipantRow
      | undefined;
    return row ? toParticipant(row) : null;
  }

  get(id: string): Participant {
    const p = this.find(id);
    if (!p) throw new NotFoundError('participant not found');
    return p;
  }

  /** Room staff: the secretariat accounts tied to no meeting (they read every meeting's live document). */
  listStaff(): Participant[] {
    return (
      this.db
        .prepare(
          "SELECT * FROM participants WHERE meeting_id IS NULL AND role = 'secretariat' ORDER BY rowid",
        )
        .all() as ParticipantRow[]
    ).map(toParticipant);
  }

  listForMeeting(meetingId: string): Participant[] {
    return (
      this.db
        .prepare('SELECT * FROM participants WHERE meeting_id = ? ORDER BY protocol_order, created_at, rowid')
        .all(meetingId) as ParticipantRow[]
    ).map(toParticipant);
  }

  countStaff(): number {
    return (
      this.db.prepare('SELECT count(*) AS n FROM participants WHERE meeting_id IS NULL').get() as {
        n: number;
      }
    ).n;
  }

  create(tx: Tx, meetingId: string | null, req: CreateParticipantRequest): Participant {
    const id = newId();
    if (meetingId && !tx.db.prepare('SELECT 1 FROM meetings WHERE id = ?').get(meetingId)) {
      throw new NotFoundError('meeting not found');
    }
    // A new person goes last in protocol order.
    tx.db
      .prepare(
        `INSERT INTO participants
           (id, meeting_id, name, position, unit, role, group_name, created_at, protocol_order)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?,
           (SELECT coalesce(max(protocol_order), 0) + 1 FROM participants WHERE meeting_id IS ?))`,
      )
      .run(id, meetingId, req.name, req.position, req.unit, req.role, req.group, tx.now, meetingId);
    return this.get(id);
  }

  /**
   * Moves a meeting's participant to `index` (0-based, clamped to the list) in protocol order
   * and renumbers the list 1…n. Answers the 0-based places before and after.
   */
  move(tx: Tx, id: string, index: number): { from: number; to: number } {
    const person = this.get(id);
    if (person.meetingId === null) throw new NotFoundError('participant not found');
    const ids = this.listForMeeting(person.meetingId).map((p) => p.id);
    const from = ids.indexOf(id);
    const to = Math.max(0, Math.min(ids.length - 1, index));
    ids.splice(from, 1);
    ids.splice(to, 0, id);
    const renumber = tx.db.prepare(
      'UPDATE participants SET protocol_order = ? WHERE id = ? AND protocol_order IS NOT ?',
    );
    for (const [i, each] of ids.entries()) renumber.run(i + 1, each, i + 1);
    return { from, to };
  }

  update(tx: Tx, id: string, req: UpdateParticipantRequest): Participant {
    const columns: Record<keyof UpdateParticipantRequest, string> = {
      name: 'name',
      position: 'position',
      unit: 'unit',
      role: 'role',
      group: 'group_name',
    };
    this.get(id);
    const entries = definedEntries(req);
    const sets = entries.map(([k]) => `${columns[k]} = ?`).join(', ');
    tx.db.prepare(`UPDATE participants SET ${sets} WHERE id = ?`).run(...entries.map(([, v]) => v), id);
    return this.get(id);
  }

  /** Removes a participant; their join codes, devices and grants go with them. */
  delete(tx: Tx, id: string): Participant {
    const p = this.get(id);
    tx.db.prepare('DELETE FROM participants WHERE id = ?').run(id);
    return p;
  }
}

import {
  type MinutesAddendum,
  type MinutesContent,
  MinutesContentSchema,
  type MinutesState,
  MinutesStateSchema,
  type MinutesStatus,
} from '#common/schemas/minutes';
import type { ReadableDB } from '../db/database';
import { newId } from '../db/ids';
import type { Tx } from '../db/tx';

interface MinutesRow {
  meeting_id: string;
  state: string;
  final_json: string | null;
  sha256: string | null;
  register_number: string | null;
  finalised_at: string | null;
  finalised_by: string | null;
  published_at: string | null;
  published_by: string | null;
}

interface AddendumRow {
  seq: number;
  at: string;
  by_name: string;
  text: string;
}

/** The frozen minutes as stored: the exact text that was hashed, and what it parses to. */
export interface FinalMinutes {
  readonly json: string;
  readonly content: MinutesContent;
  readonly sha256: string;
  readonly registerNumber: string | null;
  readonly finalisedAt: string;
  readonly finalisedBy: string | null;
}

/**
 * Minutes state, the frozen final text and the addenda (migration 0090). A meeting without a row
 * has a draft only. Reads are plain; writes take the command's `Tx`.
 */
export class MinutesStore {
  constructor(private readonly db: ReadableDB) {}

  private row(meetingId: string): MinutesRow | undefined {
    return this.db.prepare('SELECT * FROM minutes WHERE meeting_id = ?').get(meetingId) as
      | MinutesRow
      | undefined;
  }

  state(meetingId: string): MinutesState {
    return MinutesStateSchema.parse(this.row(meetingId)?.state ?? 'draft');
  }

  /** The final text, or null while a draft. */
  final(meetingId: string): FinalMinutes | null {
    const r = this.row(meetingId);
    if (!r?.final_json || !r.sha256 || !r.finalised_at) return null;
    return {
      json: r.final_json,
      content: MinutesContentSchema.parse(JSON.parse(r.final_json)),
      sha256: r.sha256,
      registerNumber: r.register_number,
      finalisedAt: r.finalised_at,
      finalisedBy: r.finalised_by,
    };
  }

  addenda(meetingId: string): MinutesAddendum[] {
    const rows = this.db
      .prepare('SELECT seq, at, by_name, text FROM minutes_addenda WHERE meeting_id = ? ORDER BY seq')
      .all(meetingId) as AddendumRow[];
    return rows.map((r) => ({ seq: r.seq, at: r.at, by: r.by_name, text: r.text }));
  }

  status(meetingId: string): MinutesStatus {
    const r = this.row(meetingId);
    return {
      state: MinutesStateSchema.parse(r?.state ?? 'draft'),
      registerNumber: r?.register_number ?? null,
      finalisedAt: r?.finalised_at ?? null,
      publishedAt: r?.published_at ?? null,
      sha256: r?.sha256 ?? null,
      addenda: this.addenda(meetingId),
    };
  }

  finalise(
    tx: Tx,
    meetingId: string,
    f: { json: string; sha256: string; registerNumber: string | null; by: string | null },
  ): void {
    tx.db
      .prepare(
        `INSERT INTO minutes (meeting_id, state, final_json, sha256, register_number, finalised_at, finalised_by)
         VALUES (?, 'final', ?, ?, ?, ?, ?)
         ON CONFLICT (meeting_id) DO UPDATE SET state = 'final', final_json = excluded.final_json,
           sha256 = excluded.sha256, register_number = excluded.register_number,
           finalised_at = excluded.finalised_at, finalised_by = excluded.finalised_by
         WHERE minutes.state = 'draft'`,
      )
      .run(meetingId, f.json, f.sha256, f.registerNumber, tx.now, f.by);
  }

  publish(tx: Tx, meetingId: string, by: string | null): void {
    tx.db
      .prepare(
        "UPDATE minutes SET state = 'published', published_at = ?, published_by = ? WHERE meeting_id = ? AND state = 'final'",
      )
      .run(tx.now, by, meetingId);
  }

  addAddendum(
    tx: Tx,
    meetingId: string,
    a: { byId: string | null; byName: string; text: string },
  ): MinutesAddendum {
    const seq =
      ((
        tx.db.prepare('SELECT max(seq) AS n FROM minutes_addenda WHERE meeting_id = ?').get(meetingId) as {
          n: number | null;
        }
      ).n ?? 0) + 1;
    tx.db
      .prepare(
        'INSERT INTO minutes_addenda (id, meeting_id, seq, at, by_participant_id, by_name, text) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(newId(), meetingId, seq, tx.now, a.byId, a.byName, a.text);
    return { seq, at: tx.now, by: a.byName, text: a.text };
  }
}

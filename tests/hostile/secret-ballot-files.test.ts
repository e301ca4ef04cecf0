import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { expectOk, startTestRoom, type TestRoom } from '../integration/helpers/test-room';
import {
  newKey,
  newToken,
  openNewVote,
  setUpVotingMeeting,
  type VotingMeeting,
} from '../integration/helpers/voting-meeting';

/**
 * After a secret vote closes, someone with the database files (a stolen disk, a backup, the
 * operator) must find no way to tell who chose what: the "who voted" and "what was voted"
 * tables share no key, the ballot rows carry no voter and no time, and — after the checkpoint
 * and VACUUM the close runs — neither room.sqlite nor room.sqlite-wal keeps the order ballots
 * arrived in, which the audit log's "took part" entries would otherwise line up with.
 */

const VOTERS = 24;
let room: TestRoom;
let m: VotingMeeting;
/** The ballots in the order they arrived (each waited for its answer, as the audit log orders them). */
const arrived: { voterId: string; token: string; optionId: string }[] = [];
let voteId = '';

beforeAll(async () => {
  room = await startTestRoom();
  m = await setUpVotingMeeting(room.url, room.staffToken, VOTERS);
  const vote = await openNewVote(room.url, m, { secrecy: 'secret' });
  voteId = vote.id;
  for (const [i, d] of m.delegates.entries()) {
    const ballot = { voterId: d.id, token: newToken(), optionId: ['for', 'against', 'abstain'][i % 3]! };
    expectOk(
      await room.call(ROUTES.castBallot, {
        token: d.token,
        params: { voteId },
        body: { idempotencyKey: newKey(), optionId: ballot.optionId, token: ballot.token },
      }),
    );
    arrived.push(ballot);
  }
  expectOk(await room.call(ROUTES.closeVote, { token: m.chair.token, params: { voteId } }));
}, 60_000);
afterAll(async () => {
  await room?.destroy();
});

const file = (name: string) => join(room.dataDir, name);
/** Every offset of `needle` in `haystack`. */
function offsetsOf(haystack: Buffer, needle: string): number[] {
  const out: number[] = [];
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) out.push(at);
  return out;
}

describe('the database files after a secret vote', () => {
  it('the WAL is empty: no commit’s pages are left to diff', () => {
    expect(statSync(file('room.sqlite-wal')).size).toBe(0);
    const wal = readFileSync(file('room.sqlite-wal'));
    for (const b of arrived) expect(wal.includes(b.token)).toBe(false);
  });

  it('the ballots table has only token, vote and choice, no rowid, nothing shared with the voters table', () => {
    const db = new Database(file('room.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const columns = (t: string) =>
        (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
      expect(columns('vote_secret_ballots')).toEqual(['token', 'vote_id', 'option_id']);
      expect(() => db.prepare('SELECT rowid FROM vote_secret_ballots').all()).toThrow(/no such column/);
      const voterColumns = columns('vote_voters');
      expect(voterColumns.filter((c) => columns('vote_secret_ballots').includes(c))).toEqual(['vote_id']);
      const rows = db
        .prepare('SELECT token, option_id FROM vote_secret_ballots WHERE vote_id = ?')
        .all(voteId) as {
        token: string;
        option_id: string;
      }[];
      expect(rows.map((r) => r.token).sort()).toEqual(arrived.map((b) => b.token).sort());
      // Nothing that stores a voter also stores a token.
      const voterRows = JSON.stringify(db.prepare('SELECT * FROM vote_voters').all());
      const requestRows = JSON.stringify(db.prepare('SELECT * FROM vote_requests').all());
      const auditRows = JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
      for (const b of arrived) {
        expect(
          voterRows.includes(b.token) || requestRows.includes(b.token) || auditRows.includes(b.token),
        ).toBe(false);
      }
    } finally {
      db.close();
    }
  });

  it('in room.sqlite the ballots lie in token order, not in the order they arrived', () => {
    const bytes = readFileSync(file('room.sqlite'));
    const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
    const where = arrived.map((b) => {
      const at = offsetsOf(bytes, b.token);
      // Exactly once: no freed page or stale copy keeps an older placement.
      expect(at, `token of ${b.voterId}`).toHaveLength(1);
      return { ...b, at: at[0]! };
    });
    const byOffset = [...where].sort((a, b) => a.at - b.at).map((b) => b.token);
    const byToken = arrived.map((b) => b.token).sort();
    const arrival = arrived.map((b) => b.token);
    expect(byToken).not.toEqual(arrival);
    // One leaf page holds them all; SQLite fills a fresh page's cells from its end, so key order reads backwards.
    expect(new Set(where.map((w) => Math.floor(w.at / pageSize))).size).toBe(1);
    expect(byOffset).toEqual([...byToken].reverse());
    expect(byOffset).not.toEqual(arrival);
    expect(byOffset).not.toEqual([...arrival].reverse());
  });

  it('the page holding the ballots holds no voter id and no timestamp', () => {
    const bytes = readFileSync(file('room.sqlite'));
    const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
    const at = bytes.indexOf(arrived[0]!.token);
    const page = bytes.subarray(
      Math.floor(at / pageSize) * pageSize,
      (Math.floor(at / pageSize) + 1) * pageSize,
    );
    for (const d of [m.chair, m.secretary, ...m.delegates]) expect(page.includes(d.id), d.name).toBe(false);
    expect(/20\d\d-\d\d-\d\dT\d\d:\d\d/.test(page.toString('latin1'))).toBe(false);
  });

  it('the published receipts are sorted, so their order says nothing either', async () => {
    const record = expectOk(
      await room.call(ROUTES.voteRecord, { token: m.delegates[0]!.token, params: { voteId } }),
    ).record;
    const receipts = record.receipts.map((r) => r.receipt);
    expect(receipts).toEqual([...receipts].sort());
    expect(record.names).toEqual([]);
    expect(record.ballotsCast).toBe(VOTERS);
  });
});

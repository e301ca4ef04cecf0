import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { listAudit } from '../../sync-server/audit/audit-log';
import { expectOk, startTestRoom, type TestRoom, waitFor } from './helpers/test-room';
import { newKey, openNewVote, setUpVotingMeeting } from './helpers/voting-meeting';

/** The server closes a vote when its countdown ends — also after a restart in between. */

const rooms: TestRoom[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const r of rooms) await r.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const closedByTimer = (room: TestRoom, meetingId: string, voteId: string) =>
  listAudit(room.server.context.db, meetingId).some((e) => {
    const payload = JSON.parse(e.payload) as { voteId?: string; closedBy?: string };
    return e.action === 'vote.close' && payload.voteId === voteId && payload.closedBy === 'timer';
  });

describe('the countdown', () => {
  it('closes the vote on the server at its end and refuses later ballots', async () => {
    const room = await startTestRoom();
    rooms.push(room);
    dirs.push(room.dataDir);
    const m = await setUpVotingMeeting(room.url, room.staffToken, 4);
    const vote = await openNewVote(room.url, m, { durationSeconds: 5 });
    expect(Date.parse(vote.closesAt!) - Date.parse(vote.openedAt!)).toBe(5000);
    expectOk(
      await room.call(ROUTES.castBallot, {
        token: m.delegates[0]!.token,
        params: { voteId: vote.id },
        body: { idempotencyKey: newKey(), optionId: 'for' },
      }),
    );
    await waitFor(() => closedByTimer(room, m.meetingId, vote.id), 'the countdown to close the vote', 15_000);
    const closed = expectOk(
      await room.call(ROUTES.getVote, { token: m.chair.token, params: { voteId: vote.id } }),
    ).vote;
    expect(closed.status).toBe('closed');
    expect(closed.result?.cast).toBe(1);
    const late = await room.call(ROUTES.castBallot, {
      token: m.delegates[1]!.token,
      params: { voteId: vote.id },
      body: { idempotencyKey: newKey(), optionId: 'for' },
    });
    expect(late.ok ? null : late.error.reason).toBe('vote_not_open');
  });

  it('is re-armed from the database after a restart', async () => {
    const room = await startTestRoom();
    dirs.push(room.dataDir);
    const m = await setUpVotingMeeting(room.url, room.staffToken, 4);
    const vote = await openNewVote(room.url, m, { durationSeconds: 5 });
    await room.stop();
    const again = await startTestRoom({}, room.dataDir);
    rooms.push(again);
    expect(
      expectOk(await again.call(ROUTES.getVote, { token: m.chair.token, params: { voteId: vote.id } })).vote
        .status,
    ).toBe('open');
    await waitFor(
      () => closedByTimer(again, m.meetingId, vote.id),
      'the re-armed countdown to close the vote',
      15_000,
    );
    expect(
      expectOk(await again.call(ROUTES.getVote, { token: m.chair.token, params: { voteId: vote.id } })).vote
        .status,
    ).toBe('closed');
  });
});

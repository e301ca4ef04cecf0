import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { expectOk, startTestRoom, type TestRoom } from './helpers/test-room';
import { newKey, openNewVote, setUpVotingMeeting, type VotingMeeting } from './helpers/voting-meeting';

/**
 * A proxy (ủy quyền) end to end: the secretary allows proxies and records that a present
 * delegate holds an absent one's; the vote freezes a seat for the absent member that only the
 * holder can use, once, and the result counts it — while the quorum still counts only those
 * present in person.
 */
let room: TestRoom;
let m: VotingMeeting;

beforeAll(async () => {
  room = await startTestRoom();
  // The chair and 3 of 4 delegates check in; delegate 4 is away.
  m = await setUpVotingMeeting(room.url, room.staffToken, 4, 3);
}, 60_000);
afterAll(async () => {
  await room?.destroy();
});

const reasonOf = (r: { ok: boolean; error?: { reason?: string } }) => (r.ok ? 'ok' : r.error?.reason);

describe('voting by proxy', () => {
  it('gives the holder one more seat, used once, counted in the result', async () => {
    const [holder, other, , absent] = m.delegates as [
      (typeof m.delegates)[0],
      (typeof m.delegates)[0],
      (typeof m.delegates)[0],
      (typeof m.delegates)[0],
    ];
    const setProxy = (holderId: string | null) =>
      room.call(ROUTES.setProxy, {
        token: m.secretary.token,
        params: { participantId: absent.id },
        body: { holderId },
      });

    // Not before the meeting allows proxies.
    expect(reasonOf(await setProxy(holder.id))).toBe('proxy_not_allowed');
    expectOk(
      await room.call(ROUTES.setSessionRules, {
        token: m.secretary.token,
        params: { meetingId: m.meetingId },
        body: { proxiesAllowed: true },
      }),
    );
    expectOk(await setProxy(holder.id));

    const vote = await openNewVote(room.url, m, { secrecy: 'named' });
    // 5 members (chair + 4 delegates), 4 present in person, 5 seats with the proxy.
    expect(vote.eligible).toBe(5);

    const cast = (token: string, body: { optionId: string; memberId?: string; key?: string }) =>
      room.call(ROUTES.castBallot, {
        token,
        params: { voteId: vote.id },
        body: {
          idempotencyKey: body.key ?? newKey(),
          optionId: body.optionId,
          ...(body.memberId ? { memberId: body.memberId } : {}),
        },
      });

    // Someone else cannot use the absent member's seat.
    expect(reasonOf(await cast(other.token, { optionId: 'against', memberId: absent.id }))).toBe(
      'ballot_not_eligible',
    );
    // The holder votes for themself and, separately, for the member they represent.
    expectOk(await cast(holder.token, { optionId: 'for' }));
    expectOk(await cast(holder.token, { optionId: 'for', memberId: absent.id }));
    // Each seat once.
    expect(reasonOf(await cast(holder.token, { optionId: 'against', memberId: absent.id }))).toBe(
      'ballot_already_cast',
    );
    expectOk(await cast(other.token, { optionId: 'against' }));
    expectOk(await cast(m.chair.token, { optionId: 'for' }));

    const closed = expectOk(
      await room.call(ROUTES.closeVote, { token: m.chair.token, params: { voteId: vote.id } }),
    ).vote;
    const result = closed.result!;
    expect(result).toMatchObject({ members: 5, present: 4, eligible: 5, cast: 4 });
    const count = (id: string) => result.counts.find((c) => c.optionId === id)?.count;
    expect([count('for'), count('against'), count('abstain')]).toEqual([3, 1, 0]);
    // The HĐND rule: votes for > 5/2 of all members, so 3 pass.
    expect(result.passed).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '#common/audit/audit-actions';
import { ROUTES } from '#common/http/route-table';
import { liveDocName } from '#common/protocol/doc-names';
import { LIVE_MAP, type LiveVote, readLiveSnapshot } from '#common/protocol/live-doc';
import { ballotReceipt } from '#common/votes/receipt';
import { listAudit } from '../../sync-server/audit/audit-log';
import {
  connectClient,
  expectError,
  expectOk,
  startTestRoom,
  type TestRoom,
  waitFor,
} from './helpers/test-room';
import {
  inBatches,
  newKey,
  newToken,
  openNewVote,
  setUpVotingMeeting,
  type VotingMeeting,
} from './helpers/voting-meeting';

let room: TestRoom;
let m: VotingMeeting;

beforeAll(async () => {
  room = await startTestRoom();
  m = await setUpVotingMeeting(room.url, room.staffToken, 30, 28);
}, 60_000);
afterAll(async () => {
  await room?.destroy();
});

const cast = (voteId: string, token: string, body: Parameters<typeof castBody>[0]) =>
  room.call(ROUTES.castBallot, { token, params: { voteId }, body: castBody(body) });
function castBody(b: {
  optionId: string;
  key?: string;
  memberId?: string;
  token?: string;
  replaces?: string;
}) {
  return {
    idempotencyKey: b.key ?? newKey(),
    optionId: b.optionId,
    ...(b.memberId ? { memberId: b.memberId } : {}),
    ...(b.token ? { token: b.token } : {}),
    ...(b.replaces ? { replaces: b.replaces } : {}),
  };
}
const close = async (voteId: string) =>
  expectOk(await room.call(ROUTES.closeVote, { token: m.chair.token, params: { voteId } })).vote;
/** The meeting's audit entries, payloads parsed. */
const auditOf = (meetingId: string) =>
  listAudit(room.server.context.db, meetingId).map((e) => ({
    action: e.action,
    payload: JSON.parse(e.payload) as Record<string, unknown>,
  }));
const reasonOf = (r: { ok: boolean; error?: { reason?: string } }) => (r.ok ? 'ok' : r.error?.reason);
const liveVotes = (doc: { getMap(name: string): { toJSON(): unknown } }): LiveVote[] =>
  readLiveSnapshot(doc.getMap(LIVE_MAP)).votes ?? [];

describe('an open vote of 30 delegates, watched through the live document', () => {
  it('shows progress (how many, never what) and then the result to every client', async () => {
    const present = [m.chair, ...m.delegates.slice(0, 28)];
    const clients = present.map((p) => connectClient(room, liveDocName(m.meetingId), p.token));
    try {
      for (const [i, c] of clients.entries()) c.provider.awareness.setLocalState({ user: { seat: i } });
      await waitFor(() => clients.every((c) => c.provider.synced), 'clients synced', 15_000);
      const vote = await openNewVote(room.url, m);
      expect(vote).toMatchObject({ status: 'open', eligible: 29, voted: 0 });
      await waitFor(
        () => clients.every((c) => liveVotes(c.doc).some((v) => v.id === vote.id && v.status === 'open')),
        'open vote in every live document',
      );

      // 20 for, 6 against, 3 abstain (the chair votes too).
      const choices = present.map((_p, i) => (i < 20 ? 'for' : i < 26 ? 'against' : 'abstain'));
      const answers = await Promise.all(
        present.map((p, i) => cast(vote.id, p.token, { optionId: choices[i]! })),
      );
      expect(answers.filter((a) => !a.ok).map((a) => (a.ok ? null : a.error))).toEqual([]);
      await waitFor(
        () => clients.every((c) => liveVotes(c.doc).find((v) => v.id === vote.id)?.voted === 29),
        'progress 29/29',
      );
      const progress = liveVotes(clients[0]!.doc).find((v) => v.id === vote.id)!;
      expect(progress.result).toBeNull();
      expect(JSON.stringify(progress)).not.toMatch(/"count"/);

      const closed = await close(vote.id);
      expect(closed.result).toMatchObject({
        members: 31,
        present: 29,
        eligible: 29,
        cast: 29,
        base: 31,
        required: 16,
        passed: true,
      });
      expect(closed.result!.counts.map((c) => [c.optionId, c.count, c.percentOfMembers])).toEqual([
        ['for', 20, 64.52],
        ['against', 6, 19.35],
        ['abstain', 3, 9.68],
      ]);
      await waitFor(
        () => clients.every((c) => liveVotes(c.doc).find((v) => v.id === vote.id)?.result?.passed === true),
        'the result in every live document',
      );

      const record = expectOk(
        await room.call(ROUTES.voteRecord, { token: m.delegates[0]!.token, params: { voteId: vote.id } }),
      ).record;
      expect(record).toMatchObject({ eligible: 29, ballotsCast: 29, valid: 29, receipts: [], names: [] });
      const audit = auditOf(m.meetingId).filter((e) => e.action.startsWith('vote.'));
      const closing = audit.find((e) => e.action === 'vote.close');
      expect(closing?.payload).toMatchObject({
        voteId: vote.id,
        closedBy: 'chair',
        result: { passed: true },
      });
      expect(audit.filter((e) => e.action === 'vote.ballot')).toHaveLength(29);
    } finally {
      for (const c of clients) c.provider.destroy();
    }
  });
});

describe('bad input is refused with its reason and counts nothing', () => {
  it('refuses every wrong ballot and command', async () => {
    const [d0, d1, d2] = m.delegates;
    const absent = m.delegates[29]!;
    const draft = expectOk(
      await room.call(ROUTES.createVote, {
        token: m.chair.token,
        params: { meetingId: m.meetingId },
        body: { agendaItemId: m.itemId, title: 'Biểu quyết thử' },
      }),
      201,
    ).vote;
    expect(reasonOf(await cast(draft.id, d0!.token, { optionId: 'for' }))).toBe('vote_not_open');
    // Only the chair opens, closes and cancels; the refusal says why.
    for (const route of [ROUTES.openVote, ROUTES.closeVote, ROUTES.cancelVote, ROUTES.rerunVote]) {
      const refused = await room.call(route, { token: d0!.token, params: { voteId: draft.id } });
      expectError(refused, 403, 'forbidden');
      expect(reasonOf(refused)).toBe('vote_chair_only');
    }
    expectError(
      await room.call(ROUTES.voteTurnout, { token: d0!.token, params: { voteId: draft.id } }),
      403,
      'forbidden',
    );
    expectError(
      await room.call(ROUTES.castBallot, {
        token: d0!.token,
        params: { voteId: 'no-such-vote' },
        body: castBody({ optionId: 'for' }),
      }),
      404,
      'not_found',
    );

    const vote = expectOk(
      await room.call(ROUTES.openVote, { token: m.chair.token, params: { voteId: draft.id } }),
    ).vote;
    expect(
      reasonOf(await room.call(ROUTES.openVote, { token: m.chair.token, params: { voteId: draft.id } })),
    ).toBe('vote_not_draft');
    const second = expectOk(
      await room.call(ROUTES.createVote, {
        token: m.chair.token,
        params: { meetingId: m.meetingId },
        body: { agendaItemId: m.itemId, title: 'Khác' },
      }),
      201,
    ).vote;
    expect(
      reasonOf(await room.call(ROUTES.openVote, { token: m.chair.token, params: { voteId: second.id } })),
    ).toBe('vote_already_open');

    expect(reasonOf(await cast(vote.id, absent.token, { optionId: 'for' }))).toBe('ballot_not_eligible');
    expect(reasonOf(await cast(vote.id, m.secretary.token, { optionId: 'for' }))).toBe('ballot_not_eligible');
    expect(reasonOf(await cast(vote.id, d0!.token, { optionId: 'for', memberId: d1!.id }))).toBe(
      'ballot_not_eligible',
    );
    const unknown = await cast(vote.id, d0!.token, { optionId: 'maybe' });
    expect(reasonOf(unknown)).toBe('ballot_unknown_option');
    expect(unknown.ok ? null : unknown.error.params).toEqual({ optionId: 'maybe' });
    expect(reasonOf(await cast(vote.id, d0!.token, { optionId: 'for', token: newToken() }))).toBe(
      'ballot_token_unexpected',
    );
    const key = newKey();
    expectOk(await cast(vote.id, d0!.token, { optionId: 'for', key }));
    expect(reasonOf(await cast(vote.id, d0!.token, { optionId: 'against' }))).toBe('ballot_already_cast');
    expect(reasonOf(await cast(vote.id, d1!.token, { optionId: 'against', key }))).toBe('ballot_key_reused');
    expectOk(await cast(vote.id, d1!.token, { optionId: 'against' }));

    const turnout = expectOk(
      await room.call(ROUTES.voteTurnout, { token: m.chair.token, params: { voteId: vote.id } }),
    );
    expect(turnout.voted.map((s) => s.memberId).sort()).toEqual([d0!.id, d1!.id].sort());
    expect(turnout.notVoted).toHaveLength(27);
    expect(turnout.notVoted.map((s) => s.name)).toContain(d2!.name);
    expect(JSON.stringify(turnout)).not.toMatch(/for|against/);

    const closed = await close(vote.id);
    expect(closed.result!.counts.map((c) => c.count)).toEqual([1, 1, 0]);
    expect(reasonOf(await cast(vote.id, d2!.token, { optionId: 'for' }))).toBe('vote_not_open');
    expect(
      reasonOf(await room.call(ROUTES.closeVote, { token: m.chair.token, params: { voteId: vote.id } })),
    ).toBe('vote_not_open');

    const cancelled = expectOk(
      await room.call(ROUTES.cancelVote, { token: m.chair.token, params: { voteId: second.id } }),
    ).vote;
    expect(cancelled.status).toBe('cancelled');
    expect(reasonOf(await cast(second.id, d2!.token, { optionId: 'for' }))).toBe('vote_not_open');

    // Re-run: a new draft of the same motion.
    const rerun = expectOk(
      await room.call(ROUTES.rerunVote, { token: m.chair.token, params: { voteId: vote.id } }),
      201,
    ).vote;
    expect(rerun).toMatchObject({ status: 'draft', rerunOf: vote.id, title: vote.title, voted: 0 });
    expectOk(await room.call(ROUTES.cancelVote, { token: m.chair.token, params: { voteId: rerun.id } }));
  });

  it('refuses a secret ballot with a voter id or without its token', async () => {
    const vote = await openNewVote(room.url, m, { secrecy: 'secret' });
    const d = m.delegates[3]!;
    expect(
      reasonOf(await cast(vote.id, d.token, { optionId: 'for', token: newToken(), memberId: d.id })),
    ).toBe('ballot_secret_with_voter');
    expect(reasonOf(await cast(vote.id, d.token, { optionId: 'for' }))).toBe('ballot_token_missing');
    const token = newToken();
    expectOk(await cast(vote.id, d.token, { optionId: 'for', token }));
    expect(reasonOf(await cast(vote.id, m.delegates[4]!.token, { optionId: 'for', token }))).toBe(
      'ballot_token_used',
    );
    const closed = await close(vote.id);
    expect(closed.result!.cast).toBe(1);
  });

  it('refuses to open a vote without a quorum', async () => {
    const few = await setUpVotingMeeting(room.url, room.staffToken, 6, 1);
    const draft = expectOk(
      await room.call(ROUTES.createVote, {
        token: few.chair.token,
        params: { meetingId: few.meetingId },
        body: { agendaItemId: few.itemId, title: 'Không đủ túc số' },
      }),
      201,
    ).vote;
    const refused = await room.call(ROUTES.openVote, {
      token: few.chair.token,
      params: { voteId: draft.id },
    });
    expect(reasonOf(refused)).toBe('vote_no_quorum');
    expect(refused.ok ? null : refused.error.params).toEqual({ present: 2, required: 4 });
  });
});

describe('one ballot per seat, under concurrency', () => {
  it('counts exactly one of many parallel ballots for one seat; retries answer the first outcome', async () => {
    const vote = await openNewVote(room.url, m);
    const d = m.delegates[5]!;
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_x, i) => cast(vote.id, d.token, { optionId: i % 2 ? 'for' : 'against' })),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.filter((a) => !a.ok).every((a) => reasonOf(a) === 'ballot_already_cast')).toBe(true);

    const e = m.delegates[6]!;
    const key = newKey();
    const retries = await Promise.all(
      Array.from({ length: 20 }, () => cast(vote.id, e.token, { optionId: 'for', key })),
    );
    const outcomes = retries.map((r) => JSON.stringify(expectOk(r)));
    expect(new Set(outcomes).size).toBe(1);
    const status = expectOk(
      await room.call(ROUTES.ballotStatus, {
        token: e.token,
        params: { voteId: vote.id },
        query: { idempotencyKey: key },
      }),
    );
    expect(status).toMatchObject({ counted: true, outcome: { memberId: e.id, optionId: 'for' } });
    const closed = await close(vote.id);
    expect(closed.voted).toBe(2);
    expect(closed.result!.cast).toBe(2);
  });

  it('races 50 opens against 50 closes into one consistent state', async () => {
    const draft = expectOk(
      await room.call(ROUTES.createVote, {
        token: m.chair.token,
        params: { meetingId: m.meetingId },
        body: { agendaItemId: m.itemId, title: 'Đua' },
      }),
      201,
    ).vote;
    const calls = Array.from({ length: 100 }, (_x, i) =>
      room.call(i % 2 ? ROUTES.closeVote : ROUTES.openVote, {
        token: m.chair.token,
        params: { voteId: draft.id },
      }),
    );
    const answers = await Promise.all(calls);
    const opens = answers.filter((_a, i) => i % 2 === 0);
    const closes = answers.filter((_a, i) => i % 2 === 1);
    expect(opens.filter((a) => a.ok)).toHaveLength(1);
    expect(opens.filter((a) => !a.ok).every((a) => reasonOf(a) === 'vote_not_draft')).toBe(true);
    expect(closes.filter((a) => a.ok).length).toBeLessThanOrEqual(1);
    expect(closes.filter((a) => !a.ok).every((a) => reasonOf(a) === 'vote_not_open')).toBe(true);
    const final = expectOk(
      await room.call(ROUTES.getVote, { token: m.chair.token, params: { voteId: draft.id } }),
    ).vote;
    const audit = auditOf(m.meetingId).filter((e) => e.payload.voteId === draft.id);
    expect(audit.filter((e) => e.action === 'vote.open')).toHaveLength(1);
    expect(audit.filter((e) => e.action === 'vote.close')).toHaveLength(final.status === 'closed' ? 1 : 0);
    if (final.status === 'open') await close(draft.id);
    expect(AUDIT_ACTIONS).toContain('vote.close');
  });
});

describe('changing a ballot until close', () => {
  it('an open vote replaces the seat’s choice; the old key no longer counts', async () => {
    const vote = await openNewVote(room.url, m, { allowChange: true });
    const d = m.delegates[7]!;
    const first = newKey();
    expectOk(await cast(vote.id, d.token, { optionId: 'for', key: first }));
    const changed = expectOk(await cast(vote.id, d.token, { optionId: 'against' }));
    expect(changed).toMatchObject({ changed: true, optionId: 'against' });
    const old = expectOk(
      await room.call(ROUTES.ballotStatus, {
        token: d.token,
        params: { voteId: vote.id },
        query: { idempotencyKey: first },
      }),
    );
    expect(old.counted).toBe(false);
    const closed = await close(vote.id);
    expect(closed.result!.counts.map((c) => c.count)).toEqual([0, 1, 0]);
  });

  it('a secret ballot is replaced by naming its token', async () => {
    const vote = await openNewVote(room.url, m, { secrecy: 'secret', allowChange: true });
    const d = m.delegates[8]!;
    const [t1, t2] = [newToken(), newToken()];
    expectOk(await cast(vote.id, d.token, { optionId: 'for', token: t1 }));
    expect(reasonOf(await cast(vote.id, d.token, { optionId: 'against', token: t2 }))).toBe(
      'ballot_already_cast',
    );
    expect(
      reasonOf(await cast(vote.id, d.token, { optionId: 'against', token: t2, replaces: newToken() })),
    ).toBe('ballot_replaces_unknown');
    expectOk(await cast(vote.id, d.token, { optionId: 'against', token: t2, replaces: t1 }));
    const closed = await close(vote.id);
    expect(closed.result!.counts.map((c) => c.count)).toEqual([0, 1, 0]);
    const record = expectOk(
      await room.call(ROUTES.voteRecord, { token: d.token, params: { voteId: vote.id } }),
    ).record;
    expect(record.receipts).toEqual([
      { receipt: ballotReceipt(vote.id, t2, 'against'), optionId: 'against' },
    ]);
  });
});

describe('secret votes publish receipts that voters can check', () => {
  it('every voter finds their receipt with their choice; the list recounts to the result', async () => {
    const vote = await openNewVote(room.url, m, { secrecy: 'secret' });
    const voters = m.delegates.slice(10, 22);
    const mine = voters.map((_v, i) => ({ token: newToken(), optionId: i % 3 === 0 ? 'against' : 'for' }));
    await inBatches(voters, 12, async (v, i) => {
      const answer = expectOk(await cast(vote.id, v.token, mine[i]!));
      expect(answer).toEqual({ voteId: vote.id, memberId: v.id, counted: true, changed: false });
    });
    // Before the close a receipt can already be checked.
    const early = ballotReceipt(vote.id, mine[0]!.token, mine[0]!.optionId);
    expect(
      expectOk(
        await room.call(ROUTES.ballotStatus, {
          token: voters[0]!.token,
          params: { voteId: vote.id },
          query: { receipt: early },
        }),
      ).counted,
    ).toBe(true);
    expectError(
      await room.call(ROUTES.voteRecord, { token: voters[0]!.token, params: { voteId: vote.id } }),
      409,
      'conflict',
    );
    const closed = await close(vote.id);
    const record = expectOk(
      await room.call(ROUTES.voteRecord, { token: voters[0]!.token, params: { voteId: vote.id } }),
    ).record;
    expect(record.receipts.map((r) => r.receipt)).toEqual([...record.receipts.map((r) => r.receipt)].sort());
    for (const b of mine) {
      expect(record.receipts).toContainEqual({
        receipt: ballotReceipt(vote.id, b.token, b.optionId),
        optionId: b.optionId,
      });
    }
    const recount = Object.fromEntries(
      ['for', 'against', 'abstain'].map((o) => [o, record.receipts.filter((r) => r.optionId === o).length]),
    );
    expect(record.perOption.map((o) => [o.optionId, o.count])).toEqual(Object.entries(recount));
    expect(closed.result!.counts.map((c) => c.count)).toEqual([8, 4, 0]);
    expect(record).toMatchObject({ eligible: 29, ballotsCast: 12, valid: 12, names: [] });
    // The audit log holds who took part, never what they chose.
    const ballots = auditOf(m.meetingId).filter(
      (e) => e.action === 'vote.ballot' && e.payload.voteId === vote.id,
    );
    expect(ballots).toHaveLength(12);
    for (const e of ballots) expect(Object.keys(e.payload).sort()).toEqual(['secrecy', 'voteId', 'voterId']);
  });
});

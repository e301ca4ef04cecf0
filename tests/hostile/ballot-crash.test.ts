import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import type { BallotOutcome } from '#common/schemas/vote';
import { callRoute, expectOk, waitFor } from '../integration/helpers/test-room';
import { inBatches, newKey, openNewVote, setUpVotingMeeting } from '../integration/helpers/voting-meeting';
import { type ServerProcess, startServerProcess } from './helpers/server-process';

/**
 * A ballot is answered only once it is durable, so a crash can lose only ballots nobody was told
 * were counted — and their voters can retry with the same idempotency key. The room server runs
 * as a child process and is killed with SIGKILL in the middle of a burst of 500 ballots.
 */

const DELEGATES = 500;
const KILL_AFTER = 150;
const IN_FLIGHT = 64;

const servers: ServerProcess[] = [];
let dataDir = '';
afterAll(async () => {
  for (const s of servers) await s.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('kill -9 in the middle of a burst of ballots', () => {
  it('counts every answered ballot once; a retry gets the first answer', { timeout: 300_000 }, async () => {
    const first = await startServerProcess();
    servers.push(first);
    dataDir = first.dataDir;
    const staffToken = expectOk(
      await callRoute(first.url, ROUTES.join, { body: { code: first.adminCode! } }),
      201,
    ).token;
    const m = await setUpVotingMeeting(first.url, staffToken, DELEGATES);
    const vote = await openNewVote(first.url, m, { secrecy: 'named' });
    expect(vote.eligible).toBe(DELEGATES + 1);

    const ballots = m.delegates.map((d, i) => ({
      delegate: d,
      key: newKey(),
      optionId: ['for', 'against', 'abstain'][i % 3]!,
    }));
    const acked = new Map<string, BallotOutcome>();
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      first.child.kill('SIGKILL');
    };
    await inBatches(ballots, IN_FLIGHT, async (b) => {
      if (killed) return;
      let answer: Awaited<ReturnType<typeof callRoute<typeof ROUTES.castBallot>>>;
      try {
        answer = await callRoute(first.url, ROUTES.castBallot, {
          token: b.delegate.token,
          params: { voteId: vote.id },
          body: { idempotencyKey: b.key, optionId: b.optionId },
        });
      } catch {
        // The connection died with the server: no answer, so the voter does not know.
        return;
      }
      acked.set(b.key, expectOk(answer));
      if (acked.size >= KILL_AFTER) kill();
    });
    kill();
    await waitFor(() => first.exited() !== null, 'the killed server to exit', 10_000);
    expect(first.exited()).toBe('SIGKILL');
    // Mid-burst: some ballots were answered, some were not.
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(acked.size).toBeLessThan(DELEGATES);

    const second = await startServerProcess({ dataDir });
    servers.push(second);
    const url = second.url;
    const afterCrash = expectOk(
      await callRoute(url, ROUTES.getVote, { token: m.chair.token, params: { voteId: vote.id } }),
    ).vote;
    expect(afterCrash.status).toBe('open');
    const turnout = expectOk(
      await callRoute(url, ROUTES.voteTurnout, { token: m.chair.token, params: { voteId: vote.id } }),
    );
    const votedIds = turnout.voted.map((s) => s.memberId);
    expect(new Set(votedIds).size).toBe(votedIds.length);
    expect(afterCrash.voted).toBe(votedIds.length);
    // Every acknowledged ballot survived.
    for (const outcome of acked.values()) expect(votedIds).toContain(outcome.memberId);
    await inBatches([...acked], 16, async ([key, outcome]) => {
      const delegate = ballots.find((b) => b.key === key)!.delegate;
      const status = expectOk(
        await callRoute(url, ROUTES.ballotStatus, {
          token: delegate.token,
          params: { voteId: vote.id },
          query: { idempotencyKey: key },
        }),
      );
      expect(status).toEqual({ voteId: vote.id, counted: true, outcome });
    });

    // Every voter retries with the same key: the acknowledged get their original answer, the rest are counted now.
    const retried = await inBatches(ballots, IN_FLIGHT, async (b) =>
      expectOk(
        await callRoute(url, ROUTES.castBallot, {
          token: b.delegate.token,
          params: { voteId: vote.id },
          body: { idempotencyKey: b.key, optionId: b.optionId },
        }),
      ),
    );
    for (const [i, b] of ballots.entries()) {
      const original = acked.get(b.key);
      if (original) expect(retried[i]).toEqual(original);
      else
        expect(retried[i]).toMatchObject({ memberId: b.delegate.id, optionId: b.optionId, changed: false });
    }

    const closed = expectOk(
      await callRoute(url, ROUTES.closeVote, { token: m.chair.token, params: { voteId: vote.id } }),
    ).vote;
    expect(closed.voted).toBe(DELEGATES);
    expect(closed.result!.cast).toBe(DELEGATES);
    expect(closed.result!.counts.map((c) => c.count)).toEqual([167, 167, 166]);
    const record = expectOk(
      await callRoute(url, ROUTES.voteRecord, { token: m.chair.token, params: { voteId: vote.id } }),
    ).record;
    expect(record.names).toHaveLength(DELEGATES);
    const chosen = new Map(record.names.map((n) => [n.memberId, n.optionId]));
    for (const b of ballots) expect(chosen.get(b.delegate.id)).toBe(b.optionId);
  });
});

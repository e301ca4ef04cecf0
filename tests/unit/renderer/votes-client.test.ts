import type { LiveVote } from '#common/protocol/live-doc';
import { HDND_RULE, motionOptions } from '#common/schemas/vote';
import { ballotReceipt } from '#common/votes/receipt';
import { describe, expect, it } from 'vitest';
import { projectorMeetingId, projectorUrl } from '../../../renderer/src/features/projector/projector-route';
import { projectorVote, turnoutShare } from '../../../renderer/src/features/projector/projector-vote';
import { barLayout, CHART_WIDTH } from '../../../renderer/src/features/votes/bar-layout';
import { BallotStore, checkReceipt, type MyBallot } from '../../../renderer/src/features/votes/ballot-store';

/** A Storage on a Map, as the device's localStorage would behave. */
function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      data.set(key, value);
    },
  };
}

const TOKEN = 'A'.repeat(43);

describe('BallotStore', () => {
  const ballot = (voteId: string, optionId: string): MyBallot => ({
    voteId,
    optionId,
    idempotencyKey: 'key-0123456789abcdef',
    token: TOKEN,
    receipt: ballotReceipt(voteId, TOKEN, optionId),
    confirmedAt: null,
  });

  it('keeps a ballot across instances (a reload), per server and participant', () => {
    const storage = memoryStorage();
    new BallotStore(storage, 'http://room:4400', 'delegate-01').put(ballot('vote-000001', 'for'));
    expect(new BallotStore(storage, 'http://room:4400', 'delegate-01').get('vote-000001')?.optionId).toBe(
      'for',
    );
    expect(new BallotStore(storage, 'http://room:4400', 'delegate-02').get('vote-000001')).toBeNull();
    expect(new BallotStore(storage, 'http://other:4400', 'delegate-01').get('vote-000001')).toBeNull();
  });

  it('replaces the ballot of a vote when it changes, and keeps the others', () => {
    const store = new BallotStore(memoryStorage(), 'http://room:4400', 'delegate-01');
    store.put(ballot('vote-000001', 'for'));
    store.put(ballot('vote-000002', 'against'));
    store.put({ ...ballot('vote-000001', 'abstain'), confirmedAt: '2026-03-05T01:00:00.000Z' });
    expect(store.get('vote-000001')?.optionId).toBe('abstain');
    expect(store.get('vote-000002')?.optionId).toBe('against');
  });

  it("keeps a proxy holder's ballots per seat: their own and each represented member's", () => {
    const store = new BallotStore(memoryStorage(), 'http://room:4400', 'delegate-01');
    store.put(ballot('vote-000001', 'for'));
    store.put(ballot('vote-000001', 'against'), 'delegate-09');
    expect(store.get('vote-000001')?.optionId).toBe('for');
    expect(store.get('vote-000001', null)?.optionId).toBe('for');
    expect(store.get('vote-000001', 'delegate-09')?.optionId).toBe('against');
    expect(store.get('vote-000001', 'delegate-10')).toBeNull();
  });

  it('reads corrupt storage as empty, and says when it cannot store', () => {
    const storage = memoryStorage();
    const store = new BallotStore(storage, 'http://room:4400', 'delegate-01');
    for (const key of storage.data.keys()) storage.data.set(key, '{not json');
    storage.data.set('paperless.ballots.v1:http://room:4400:delegate-01', '{not json');
    expect(store.get('vote-000001')).toBeNull();
    expect(new BallotStore(null, 'http://room:4400', 'delegate-01').put(ballot('vote-000001', 'for'))).toBe(
      false,
    );
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(new BallotStore(full, 'http://room:4400', 'delegate-01').put(ballot('vote-000001', 'for'))).toBe(
      false,
    );
  });
});

describe('checkReceipt', () => {
  const mine = { optionId: 'for', receipt: ballotReceipt('vote-000001', TOKEN, 'for') };
  const other = { receipt: ballotReceipt('vote-000001', 'B'.repeat(43), 'against'), optionId: 'against' };

  it('finds a counted ballot, as cast', () => {
    expect(checkReceipt(mine, [other, { receipt: mine.receipt, optionId: 'for' }])).toBe('counted');
  });

  it('reports a receipt counted with another choice, and a missing one', () => {
    expect(checkReceipt(mine, [{ receipt: mine.receipt, optionId: 'against' }])).toBe('countedOtherChoice');
    expect(checkReceipt(mine, [other])).toBe('missing');
    expect(checkReceipt({ optionId: 'for', receipt: null }, [other])).toBe('missing');
  });
});

describe('barLayout', () => {
  it('scales the bars to the largest count, which spans the chart', () => {
    const { bars, height } = barLayout([423, 40, 31]);
    expect(bars.map((bar) => bar.width)).toEqual([CHART_WIDTH, 95, 73]);
    expect(bars.map((bar) => bar.y)).toEqual([0, 84, 168]);
    expect(height).toBe(3 * 60 + 2 * 24);
  });

  it('keeps a single vote visible and draws nothing for zero', () => {
    const { bars } = barLayout([500, 1, 0]);
    expect(bars[1]?.width).toBeGreaterThan(0);
    expect(bars[2]?.width).toBe(0);
    expect(barLayout([0, 0, 0]).bars.every((bar) => bar.width === 0)).toBe(true);
    expect(barLayout([]).height).toBe(0);
  });
});

describe('projector address', () => {
  it('reads the meeting from the query the server redirects to, and from the path', () => {
    expect(projectorMeetingId({ pathname: '/', search: '?projector=mtg_0001' })).toBe('mtg_0001');
    expect(projectorMeetingId({ pathname: '/projector/mtg_0001', search: '' })).toBe('mtg_0001');
    expect(projectorMeetingId({ pathname: '/index.html', search: '?projector=mtg_0001&x=1' })).toBe(
      'mtg_0001',
    );
  });

  it('is not the projector view otherwise, nor for what cannot be a meeting id', () => {
    expect(projectorMeetingId({ pathname: '/', search: '' })).toBeNull();
    expect(projectorMeetingId({ pathname: '/', search: '?projector=../../x' })).toBeNull();
    expect(projectorMeetingId({ pathname: '/projector/a/b', search: '' })).toBeNull();
  });

  it('builds the address the chair opens or shares', () => {
    expect(projectorUrl('http://192.168.1.10:4400', 'mtg_0001')).toBe(
      'http://192.168.1.10:4400/projector/mtg_0001',
    );
  });
});

describe('projectorVote', () => {
  const base: LiveVote = {
    id: 'vote-000001',
    agendaItemId: 'item-000001',
    title: 'Thông qua Nghị quyết',
    secrecy: 'open',
    status: 'closed',
    options: motionOptions(),
    rule: HDND_RULE,
    eligible: 35,
    voted: 30,
    openedAt: '2026-03-05T01:00:00.000Z',
    closesAt: null,
    closedAt: '2026-03-05T01:05:00.000Z',
    result: {
      rule: HDND_RULE,
      members: 35,
      present: 30,
      eligible: 30,
      cast: 30,
      counts: [],
      base: 35,
      required: 18,
      passed: true,
      winnerOptionId: 'for',
    },
  };

  it('shows an open vote before any result', () => {
    const open = { ...base, id: 'vote-000002', status: 'open' as const, closedAt: null, result: null };
    expect(projectorVote([base, open], 'item-000001', false)?.id).toBe('vote-000002');
    expect(projectorVote([base, open], 'item-000001', true)?.id).toBe('vote-000002');
  });

  it('shows the latest result on the current item, none from another item, and nothing cancelled', () => {
    const later = { ...base, id: 'vote-000003', closedAt: '2026-03-05T01:09:00.000Z' };
    expect(projectorVote([later, base], 'item-000001', false)?.id).toBe('vote-000003');
    expect(projectorVote([base], 'item-000002', false)).toBeNull();
    expect(projectorVote([{ ...base, status: 'cancelled' }], 'item-000001', false)).toBeNull();
  });

  it('lets a result give way to the speaker once someone has the floor', () => {
    expect(projectorVote([base], 'item-000001', true)).toBeNull();
  });

  it('measures turnout against eligible seats, never above one', () => {
    expect(turnoutShare({ voted: 7, eligible: 28 })).toBe(0.25);
    expect(turnoutShare({ voted: 3, eligible: 0 })).toBe(0);
    expect(turnoutShare({ voted: 5, eligible: 4 })).toBe(1);
  });
});

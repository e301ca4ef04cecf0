import { describe, expect, it } from 'vitest';
import { liveEvents, type NotifyView } from '../../../renderer/src/features/notifications/live-events';
import { toneNotes } from '../../../renderer/src/features/notifications/tone';

const ME = 'delegate-07';
const view = (patch: Partial<NotifyView> = {}): NotifyView => ({
  currentItemId: 'item-0001',
  openVoteIds: [],
  speakerId: null,
  ...patch,
});

describe('liveEvents', () => {
  it('says nothing on the first view of a quiet meeting (a reconnect is not news)', () => {
    expect(liveEvents(null, view({ speakerId: ME }), ME)).toEqual([]);
  });

  it('announces a vote still open when the laptop joins: it must not be missed', () => {
    expect(liveEvents(null, view({ openVoteIds: ['vote-0001'] }), ME)).toEqual([
      { kind: 'voteOpened', voteId: 'vote-0001' },
    ]);
  });

  it('announces a vote once, when it opens', () => {
    const before = view();
    const open = view({ openVoteIds: ['vote-0001'] });
    expect(liveEvents(before, open, ME)).toEqual([{ kind: 'voteOpened', voteId: 'vote-0001' }]);
    expect(liveEvents(open, view({ openVoteIds: ['vote-0001'] }), ME)).toEqual([]);
  });

  it("tells the delegate it is their turn, not someone else's", () => {
    expect(liveEvents(view(), view({ speakerId: ME }), ME)).toEqual([{ kind: 'yourTurn' }]);
    expect(liveEvents(view(), view({ speakerId: 'delegate-08' }), ME)).toEqual([]);
    expect(liveEvents(view({ speakerId: ME }), view({ speakerId: ME }), ME)).toEqual([]);
  });

  it('reports the chair moving to another item, but not clearing it', () => {
    expect(liveEvents(view(), view({ currentItemId: 'item-0002' }), ME)).toEqual([
      { kind: 'itemMoved', itemId: 'item-0002' },
    ]);
    expect(liveEvents(view(), view({ currentItemId: null }), ME)).toEqual([]);
  });

  it('puts the vote first when several things happen at once', () => {
    const events = liveEvents(
      view(),
      view({ currentItemId: 'item-0002', openVoteIds: ['vote-0002'], speakerId: ME }),
      ME,
    );
    expect(events.map((event) => event.kind)).toEqual(['voteOpened', 'yourTurn', 'itemMoved']);
  });
});

describe('notification sounds', () => {
  it('has a rising two-note call for a vote and a single short tone otherwise, all audible and short', () => {
    const vote = toneNotes('vote');
    expect(vote).toHaveLength(2);
    expect(vote[1]?.frequency).toBeGreaterThan(vote[0]?.frequency ?? 0);
    expect(toneNotes('gentle')).toHaveLength(1);
    for (const note of [...vote, ...toneNotes('gentle')]) {
      expect(note.frequency).toBeGreaterThanOrEqual(200);
      expect(note.frequency).toBeLessThanOrEqual(2000);
      expect(note.at + note.duration).toBeLessThan(1);
    }
  });
});

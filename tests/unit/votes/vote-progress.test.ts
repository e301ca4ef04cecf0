import { afterEach, describe, expect, it, vi } from 'vitest';
import { VoteProgress } from '../../../sync-server/yjs/votes-section';

afterEach(() => {
  vi.useRealTimers();
});

describe('the live progress of open votes', () => {
  it('is written at once for the first ballot, then at most once per interval, and never dropped', () => {
    vi.useFakeTimers();
    const writes: string[] = [];
    const progress = new VoteProgress(
      (meetingId) => writes.push(meetingId),
      () => {},
      200,
    );
    progress.ballotCounted('m1');
    expect(writes).toEqual(['m1']);
    for (let i = 0; i < 100; i++) progress.ballotCounted('m1');
    progress.ballotCounted('m2');
    expect(writes).toEqual(['m1', 'm2']);
    vi.advanceTimersByTime(200);
    // The ballots that came during the interval are written once, at its end.
    expect(writes).toEqual(['m1', 'm2', 'm1']);
    vi.advanceTimersByTime(200);
    expect(writes).toEqual(['m1', 'm2', 'm1']);
    progress.ballotCounted('m1');
    expect(writes).toEqual(['m1', 'm2', 'm1', 'm1']);
    progress.stop();
  });
});

import { describe, expect, it } from 'vitest';
import { AnswerOrder } from '../../../renderer/src/lib/answer-order';

describe('AnswerOrder', () => {
  it('uses an answer in flight when the request is sent again, and the newest has the last word', () => {
    const order = new AnswerOrder();
    const first = order.next();
    const second = order.next();
    // The first answer comes back first: shown at once, not thrown away for the refetch.
    expect(order.accept(first)).toBe(true);
    expect(order.accept(second)).toBe(true);
  });

  it('drops an answer that comes back after a later request’s answer was used', () => {
    const order = new AnswerOrder();
    const first = order.next();
    const second = order.next();
    const third = order.next();
    expect(order.accept(second)).toBe(true);
    expect(order.accept(first)).toBe(false);
    expect(order.accept(second)).toBe(false);
    expect(order.accept(third)).toBe(true);
  });
});

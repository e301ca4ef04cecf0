/**
 * The answers of a request that is sent again whenever what it depends on changes (the meeting's
 * document list, refetched when the live document says it changed): each answer is used unless
 * the answer of a later request has been used already. So a refetch does not throw away the
 * answer in flight: the first list is shown the moment it arrives (a document opened straight
 * from the address waits for it), and the newest answer still has the last word, whatever
 * order the answers come back in.
 */
export class AnswerOrder {
  private sent = 0;
  private used = 0;

  /** A new request: its number, for {@link accept}. */
  next(): number {
    this.sent += 1;
    return this.sent;
  }

  /** Whether request `n`'s answer is to be used; once one is, no earlier request's answer is. */
  accept(n: number): boolean {
    if (n <= this.used) return false;
    this.used = n;
    return true;
  }
}

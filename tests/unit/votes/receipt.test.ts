import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BallotTokenSchema } from '#common/schemas/vote';
import { ballotReceipt, ballotTokenFromBytes, receiptMessage } from '#common/votes/receipt';

describe('secret-ballot receipts', () => {
  it('are the SHA-256 of the documented text, so any tool can recompute one', () => {
    const token = ballotTokenFromBytes(new Uint8Array(32).fill(7));
    const text = `paperless-room/ballot-receipt/v1\nvote-123456\n${token}\nfor`;
    expect(receiptMessage('vote-123456', token, 'for')).toBe(text);
    expect(ballotReceipt('vote-123456', token, 'for')).toBe(
      createHash('sha256').update(text, 'utf8').digest('hex'),
    );
  });

  it('tokens are 43 base64url characters and fit the wire schema', () => {
    for (let i = 0; i < 20; i++) {
      const token = ballotTokenFromBytes(randomBytes(32));
      expect(token).toHaveLength(43);
      expect(BallotTokenSchema.safeParse(token).success).toBe(true);
    }
  });

  it('differ for another choice, token or vote', () => {
    const token = ballotTokenFromBytes(randomBytes(32));
    const r = ballotReceipt('vote-123456', token, 'for');
    expect(ballotReceipt('vote-123456', token, 'against')).not.toBe(r);
    expect(ballotReceipt('vote-654321', token, 'for')).not.toBe(r);
    expect(ballotReceipt('vote-123456', ballotTokenFromBytes(randomBytes(32)), 'for')).not.toBe(r);
  });
});

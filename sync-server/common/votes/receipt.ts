import { toBase64UrlEncoded, toHexString } from 'lib0/buffer';
import { digest } from 'lib0/hash/sha256';
import { encodeUtf8 } from 'lib0/string';

/**
 * Secret-ballot receipts. A voter's device makes a random token, sends it with the choice, and
 * keeps `ballotReceipt(voteId, token, optionId)`. After the vote closes the server publishes
 * every counted ballot's receipt with its choice, sorted by receipt: the voter finds theirs (so
 * their ballot was counted, as cast), anyone recounts the list, and nobody learns whose it is.
 *
 * The receipt is the lowercase hex SHA-256 of the UTF-8 bytes of these four lines joined by
 * "\n" (no trailing newline):
 *
 *     paperless-room/ballot-receipt/v1
 *     <voteId>
 *     <token: 43 characters, base64url of 32 random bytes, no padding>
 *     <optionId>
 *
 * e.g. in a shell: `printf 'paperless-room/ballot-receipt/v1\n%s\n%s\n%s' "$VOTE" "$TOKEN" for | sha256sum`.
 */
export const RECEIPT_DOMAIN = 'paperless-room/ballot-receipt/v1';

/** The exact text a receipt hashes (see the module comment). */
export function receiptMessage(voteId: string, token: string, optionId: string): string {
  return `${RECEIPT_DOMAIN}\n${voteId}\n${token}\n${optionId}`;
}

/** A secret ballot's receipt: lowercase hex SHA-256 of {@link receiptMessage}. */
export function ballotReceipt(voteId: string, token: string, optionId: string): string {
  return toHexString(digest(encodeUtf8(receiptMessage(voteId, token, optionId))));
}

/** A ballot token from 32 random bytes the caller draws (`crypto.getRandomValues`). */
export function ballotTokenFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 32) throw new Error('a ballot token is made of 32 random bytes');
  return toBase64UrlEncoded(bytes);
}

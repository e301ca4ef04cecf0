import { createHmac, randomInt } from 'node:crypto';

/** Crockford base32: no I, L, O or U, so a code read aloud or off paper is typed right. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const JOIN_CODE_LENGTH = 8;

/** A fresh 8-character code (40 bits); failed attempts are rate-limited and codes expire. */
export function generateJoinCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** The code as shown to people: XXXX-XXXX. */
export function formatJoinCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * What a person typed, reduced to the canonical code: case, spaces and dashes ignored, and
 * the letters Crockford base32 leaves out read as the digits they look like. Null when it
 * cannot be a code at all.
 */
export function normalizeJoinCode(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (cleaned.length !== JOIN_CODE_LENGTH) return null;
  for (const ch of cleaned) if (!ALPHABET.includes(ch)) return null;
  return cleaned;
}

/**
 * Codes are stored as HMACs keyed by the room secret (kept outside the database), so a copy
 * of the database alone does not let anyone brute-force the 40-bit codes offline.
 */
export function hashJoinCode(secret: Buffer, normalizedCode: string): string {
  return createHmac('sha256', secret).update(normalizedCode).digest('hex');
}

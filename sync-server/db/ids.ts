import { randomBytes } from 'node:crypto';

/** A new random id: 16 URL-safe characters (96 bits), valid inside Yjs document names. */
export function newId(): string {
  return randomBytes(12).toString('base64url');
}

/** Current time as stored in the database. */
export function nowIso(): string {
  return new Date().toISOString();
}

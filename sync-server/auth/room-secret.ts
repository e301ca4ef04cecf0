import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurably } from '../runtime/durable-files';
import { makePrivate, PRIVATE_FILE_MODE } from '../runtime/private-files';

const SECRET_FILE = 'room-secret.key';

/**
 * Loads the room's HMAC key from the data directory, creating it (mode 0600, flushed to disk
 * with its directory entry before any join code is keyed with it) on first start. A key file
 * an older build left readable by others is made private.
 */
export function loadRoomSecret(dataDir: string): Buffer {
  const path = join(dataDir, SECRET_FILE);
  if (existsSync(path)) {
    makePrivate(path);
    const secret = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
    if (secret.length !== 32) throw new Error(`${path} is damaged: expected 64 hex digits`);
    return secret;
  }
  const secret = randomBytes(32);
  writeFileDurably(path, secret.toString('hex'), PRIVATE_FILE_MODE);
  return secret;
}

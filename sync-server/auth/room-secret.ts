import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SECRET_FILE = 'room-secret.key';

/** Loads the room's HMAC key from the data directory, creating it (mode 0600) on first start. */
export function loadRoomSecret(dataDir: string): Buffer {
  const path = join(dataDir, SECRET_FILE);
  if (existsSync(path)) {
    const secret = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
    if (secret.length !== 32) throw new Error(`${path} is damaged: expected 64 hex digits`);
    return secret;
  }
  const secret = randomBytes(32);
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, secret.toString('hex'), { mode: 0o600 });
  renameSync(tmp, path);
  return secret;
}

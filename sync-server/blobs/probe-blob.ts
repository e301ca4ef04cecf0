import { statSync } from 'node:fs';
import type { BlobStore } from './blob-store';

/**
 * The size of a stored blob, or null when there is none: exactly one `stat` of its path
 * either way, so asking about bytes that exist costs what asking about bytes that do not.
 */
export function probeBlob(blobs: Pick<BlobStore, 'pathOf'>, sha256: string): number | null {
  const stats = statSync(blobs.pathOf(sha256), { throwIfNoEntry: false });
  return stats?.isFile() ? stats.size : null;
}

/**
 * Which files to download, in what order, how many at once, and how long to wait before
 * trying again. Pure functions (randomness is passed in) so they are unit-tested under Node.
 */

/** At most this many blobs download at the same time: enough to fill a room's Wi-Fi, few
 * enough that a hundred laptops do not each open dozens of streams to one small server. */
export const MAX_PARALLEL_DOWNLOADS = 3;

/** The fields of a meeting document the planner reads. */
export interface PlannableDocument {
  readonly id: string;
  readonly sha256: string;
  readonly byteSize: number;
}

/** One file to fetch; several documents may share it (the same bytes uploaded twice). */
export interface PlannedFile {
  readonly sha256: string;
  readonly byteSize: number;
  /** The documents whose current version these bytes are, in list order. */
  readonly documentIds: readonly string[];
}

/**
 * The files behind `documents`, one per distinct hash, in the order the documents are
 * listed (the agenda order: what is discussed first arrives first).
 */
export function planFiles(documents: readonly PlannableDocument[]): PlannedFile[] {
  const byHash = new Map<string, { sha256: string; byteSize: number; documentIds: string[] }>();
  for (const document of documents) {
    const existing = byHash.get(document.sha256);
    if (existing) existing.documentIds.push(document.id);
    else
      byHash.set(document.sha256, {
        sha256: document.sha256,
        byteSize: document.byteSize,
        documentIds: [document.id],
      });
  }
  return [...byHash.values()];
}

/** The state of a file as the scheduler sees it. */
export type FileState = 'checking' | 'queued' | 'downloading' | 'verifying' | 'waiting' | 'cached' | 'error';

/** Files whose state means "a download slot is in use". */
export function isActive(state: FileState): boolean {
  return state === 'downloading' || state === 'verifying';
}

/**
 * The queued files to start now so that no more than `limit` are active, in queue order.
 */
export function pickNext<T extends { readonly state: FileState }>(
  files: readonly T[],
  limit = MAX_PARALLEL_DOWNLOADS,
): T[] {
  const active = files.filter((file) => isActive(file.state)).length;
  const free = Math.max(0, limit - active);
  return files.filter((file) => file.state === 'queued').slice(0, free);
}

/** Backoff settings for {@link backoffDelay}. */
export interface BackoffOptions {
  readonly baseMs?: number;
  readonly maxMs?: number;
}

/**
 * How long to wait before attempt `attempt` (1 = the first retry): exponential from
 * `baseMs`, capped at `maxMs`, with "equal jitter" (half fixed, half random) so a room full
 * of laptops that lost the Wi-Fi together does not come back in lockstep.
 *
 * @param random a number in [0, 1), e.g. `Math.random()`
 */
export function backoffDelay(attempt: number, random: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 1_000;
  const max = options.maxMs ?? 30_000;
  const exponent = Math.min(Math.max(attempt - 1, 0), 20);
  const ceiling = Math.min(max, base * 2 ** exponent);
  const r = Math.min(Math.max(random, 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}

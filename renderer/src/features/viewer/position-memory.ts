import { z } from 'zod';

/**
 * Where the reader was in a document (page, place on it, zoom, rotation), kept on this device
 * per document version, so reopening it continues there.
 */
export interface ViewerPosition {
  readonly page: number;
  /** How far down the page the reading area's top was, 0..1. */
  readonly offset: number;
  readonly zoom: number | 'page-width' | 'page-fit';
  readonly rotation: 0 | 90 | 180 | 270;
}

const PositionSchema = z.object({
  page: z.number().int().min(1).max(1_000_000),
  offset: z.number().min(0).max(1),
  zoom: z.union([z.number().min(0.1).max(10), z.literal('page-width'), z.literal('page-fit')]),
  rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
});

const PREFIX = 'paperless.viewer.position.v1:';
/** Positions of at most this many documents are kept; the oldest go first. */
const MAX_KEPT = 200;

/** The storage key of one document version. */
export function positionKey(documentId: string, sha256: string): string {
  return `${PREFIX}${documentId}:${sha256}`;
}

/** A stored position, or null when there is none or it is unreadable. */
export function parsePosition(raw: string | null): ViewerPosition | null {
  if (raw === null) return null;
  try {
    const parsed = PositionSchema.safeParse((JSON.parse(raw) as { position?: unknown }).position);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Reads and writes positions in a Storage (localStorage), forgetting the oldest beyond a cap. */
export class PositionMemory {
  constructor(private readonly storage: Storage | null) {}

  load(documentId: string, sha256: string): ViewerPosition | null {
    try {
      return parsePosition(this.storage?.getItem(positionKey(documentId, sha256)) ?? null);
    } catch {
      return null;
    }
  }

  save(documentId: string, sha256: string, position: ViewerPosition, now = Date.now()): void {
    const storage = this.storage;
    if (!storage) return;
    try {
      storage.setItem(positionKey(documentId, sha256), JSON.stringify({ position, at: now }));
      this.prune(storage);
    } catch {
      // A full or refused storage only costs the remembered place.
    }
  }

  private prune(storage: Storage): void {
    const kept: { key: string; at: number }[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (!key?.startsWith(PREFIX)) continue;
      let at = 0;
      try {
        at = Number((JSON.parse(storage.getItem(key) ?? '{}') as { at?: unknown }).at) || 0;
      } catch {
        // An unreadable entry is the oldest.
      }
      kept.push({ key, at });
    }
    if (kept.length <= MAX_KEPT) return;
    kept.sort((a, b) => a.at - b.at);
    for (const { key } of kept.slice(0, kept.length - MAX_KEPT)) storage.removeItem(key);
  }
}

import type { RoomReader } from '../../lib/yjs/reading-room';

/** One person reading the document (their devices folded into one). */
export interface PresentReader {
  readonly participantId: string;
  readonly name: string;
  readonly page: number | null;
}

/**
 * The readers of the room, one per person (several tabs or devices of one person show once, on
 * the page of the first that says one), in the room's order.
 */
export function presentReaders(readers: readonly RoomReader[]): PresentReader[] {
  const byPerson = new Map<string, PresentReader>();
  for (const r of readers) {
    const seen = byPerson.get(r.participantId);
    if (!seen || (seen.page === null && r.page !== null)) {
      byPerson.set(r.participantId, { participantId: r.participantId, name: r.name, page: r.page });
    }
  }
  return [...byPerson.values()];
}

/** Who is on each page. */
export function readersByPage(
  readers: readonly PresentReader[],
): ReadonlyMap<number, readonly PresentReader[]> {
  const pages = new Map<number, PresentReader[]>();
  for (const r of readers) {
    if (r.page === null) continue;
    pages.set(r.page, [...(pages.get(r.page) ?? []), r]);
  }
  return pages;
}

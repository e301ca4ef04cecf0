import { z } from 'zod';

/**
 * Presence (y-websocket awareness) on the room's Yjs documents. A client's presence state is
 * its own JSON object (cursor, selection, colour …), with one exception: the room server
 * overwrites the field named here, in every non-null state a socket sends, with the
 * participant that socket's device signed in as. Whatever a client puts under this key is
 * discarded, so a presence that says "chair" comes from the chair's device.
 */
export const PRESENCE_PARTICIPANT_KEY = 'participant';

/** What the server writes under PRESENCE_PARTICIPANT_KEY. */
export const PresenceParticipantSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
});
export type PresenceParticipant = z.infer<typeof PresenceParticipantSchema>;

/**
 * The server-stamped participant of a presence state as received from the awareness of a
 * room document, or null (no state, a state the server never saw, or one of another shape).
 */
export function presenceParticipant(state: unknown): PresenceParticipant | null {
  if (typeof state !== 'object' || state === null) return null;
  const parsed = PresenceParticipantSchema.safeParse(
    (state as Record<string, unknown>)[PRESENCE_PARTICIPANT_KEY],
  );
  return parsed.success ? parsed.data : null;
}

/** Key of a presence state under which a client says what it is reading. */
export const PRESENCE_READING_KEY = 'reading';

/**
 * "Reading document X, version V, on page N" (1-based), under PRESENCE_READING_KEY. Send it
 * only on a Yjs document readable by exactly those granted the document (its annotation
 * layers), never on the live document: every participant reads that one, and the id of a
 * confidential document is not theirs to see.
 */
export const PresenceReadingSchema = z.object({
  documentId: z.string().min(1),
  version: z.number().int().min(1),
  page: z.number().int().min(1),
});
export type PresenceReading = z.infer<typeof PresenceReadingSchema>;

/** What a presence state says its client is reading, or null (nothing, or another shape). */
export function presenceReading(state: unknown): PresenceReading | null {
  if (typeof state !== 'object' || state === null) return null;
  const parsed = PresenceReadingSchema.safeParse((state as Record<string, unknown>)[PRESENCE_READING_KEY]);
  return parsed.success ? parsed.data : null;
}

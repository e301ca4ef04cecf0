import { z } from 'zod';

/**
 * Entity ids are URL-safe so they can stand inside Yjs document names and URL paths
 * without encoding (`meeting/<id>/live`).
 */
export const IdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{6,64}$/, 'id must be 6–64 characters of A–Z, a–z, 0–9, _ or -');
export type Id = z.infer<typeof IdSchema>;

/** ISO 8601 timestamp with offset, as produced by `Date.prototype.toISOString()`. */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });

import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './ids';

/** How the presenter's page is scaled: the page's width or whole page, or a percentage. */
export const PresenterZoomSchema = z.union([
  z.enum(['fit-width', 'fit-page']),
  z.number().int().min(10).max(800),
]);
export type PresenterZoom = z.infer<typeof PresenterZoomSchema>;

/** Clockwise page rotation in degrees. */
export const PresenterRotationSchema = z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]);

/** Names the meeting's presenter (null: nobody but the chair, who may always present). */
export const NamePresenterRequestSchema = z.strictObject({ participantId: IdSchema.nullable() });

/** What the presenter shows: a document's version, its page (1-based) and how it is scaled. */
export const SharePresenterRequestSchema = z.strictObject({
  documentId: IdSchema,
  version: z.number().int().min(1),
  page: z.number().int().min(1),
  zoom: PresenterZoomSchema,
  rotation: PresenterRotationSchema.optional(),
});
export type SharePresenterRequest = z.infer<typeof SharePresenterRequestSchema>;

/** The presenter's position as the server holds it (what a command answers with). */
export const PresenterStateSchema = z.strictObject({
  /** The named presenter; null when none is named (the chair presents). */
  presenterId: IdSchema.nullable(),
  /** Who shares now and what; null when nobody does. */
  share: SharePresenterRequestSchema.extend({ sharedBy: IdSchema, sharedAt: IsoDateTimeSchema }).nullable(),
});
export type PresenterState = z.infer<typeof PresenterStateSchema>;

/**
 * The share as the live document shows it. Every participant of the meeting reads that
 * document, so it names the document only when every one of them may read it; otherwise it
 * says only that the presenter is on a document some may not open (`restricted`), never which.
 */
export const LivePresenterShareSchema = z.discriminatedUnion('restricted', [
  z.looseObject({
    restricted: z.literal(false),
    documentId: IdSchema,
    version: z.number().int().min(1),
    page: z.number().int().min(1),
    zoom: PresenterZoomSchema,
    rotation: PresenterRotationSchema,
  }),
  z.looseObject({ restricted: z.literal(true) }),
]);
export type LivePresenterShare = z.infer<typeof LivePresenterShareSchema>;

/** The `presenter` key of the live document. */
export const LivePresenterSchema = z.looseObject({
  /** The named presenter (null: none; the chair may present anyway). */
  presenterId: IdSchema.nullable(),
  presenterName: z.string().nullable(),
  /** Who shares now (the named presenter or the chair); null with `share`. */
  sharedBy: IdSchema.nullable(),
  sharedByName: z.string().nullable(),
  share: LivePresenterShareSchema.nullable(),
  sharedAt: IsoDateTimeSchema.nullable(),
});
export type LivePresenter = z.infer<typeof LivePresenterSchema>;

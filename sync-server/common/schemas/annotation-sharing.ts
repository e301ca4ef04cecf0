import { z } from 'zod';
import { IdSchema } from './ids';

/** A participant whose shared annotation layer of a document holds at least one annotation. */
export const SharedLayerOwnerSchema = z.strictObject({
  participantId: IdSchema,
  name: z.string(),
});
export type SharedLayerOwner = z.infer<typeof SharedLayerOwnerSchema>;

/**
 * The shared layers of a document the caller may open (everyone's but their own), as they are
 * when asked; owners who share later announce it in the document's reading room
 * (`doc/<documentId>/readers`, presence key {@link PRESENCE_SHARING_KEY}).
 */
export const SharedLayersResponseSchema = z.strictObject({
  owners: z.array(SharedLayerOwnerSchema),
});
export type SharedLayersResponse = z.infer<typeof SharedLayersResponseSchema>;

/**
 * Key of a presence state in a document's reading room under which its client says that its
 * shared layer of that document is not empty (`true`): the others open that layer then. The
 * server stamps who the state is from, so nobody can make the others open a layer that is not
 * the sender's, and opening it is authorised like any other.
 */
export const PRESENCE_SHARING_KEY = 'sharing';

import type { FastifyInstance } from 'fastify';
import * as Y from 'yjs';
import { readAnnotationLayer } from '#common/protocol/annotation-layer';
import { formatDocName, parseDocName } from '#common/protocol/doc-names';
import { ROUTES } from '#common/http/route-table';
import type { SharedLayerOwner } from '#common/schemas/annotation-sharing';
import { NotFoundError } from '../../errors/domain-errors';
import type { RoomContext } from '../context';
import { requireAuth } from '../context';
import { type RegisterOptions, registerRoute } from '../register-route';

/**
 * The owners of a document's non-empty shared layers, other than `callerId`. Only layers the
 * update log holds are looked at, and each is read in the Yjs worker (never decoded here): an
 * owner who shared and then unshared everything has a stored but empty layer, and is left out.
 */
async function sharedLayerOwners(ctx: RoomContext, documentId: string, callerId: string) {
  const owners: SharedLayerOwner[] = [];
  for (const name of ctx.hub.storedDocNames(`ann/${documentId}/`)) {
    const parsed = parseDocName(name);
    if (parsed?.kind !== 'annotations' || parsed.layer !== 'shared' || parsed.ownerId === callerId) continue;
    const owner = ctx.participants.find(parsed.ownerId);
    if (!owner) continue;
    let state: Uint8Array;
    try {
      state = await ctx.hub.serverReadClientDoc(formatDocName(parsed));
    } catch (err) {
      // A quarantined layer is not offered: opening it would be refused too.
      ctx.logger.warn({ name, err }, 'shared layer could not be read');
      continue;
    }
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, state);
      if (readAnnotationLayer(doc).length > 0) owners.push({ participantId: owner.id, name: owner.name });
    } finally {
      doc.destroy();
    }
  }
  return owners;
}

/** Sharing annotations: whose shared layers of a document there are to open. */
export function registerSharedLayerRoutes(
  app: FastifyInstance,
  ctx: RoomContext,
  opts: RegisterOptions,
): void {
  registerRoute(
    app,
    ROUTES.listSharedLayers,
    async ({ raw, params: { documentId } }) => {
      const { participant } = requireAuth(raw);
      // The same rule as opening a shared layer (doc-access.ts): readers of the document.
      if (!ctx.documents.canRead(participant, documentId)) throw new NotFoundError('document not found');
      return { owners: await sharedLayerOwners(ctx, documentId, participant.id) };
    },
    opts,
  );
}

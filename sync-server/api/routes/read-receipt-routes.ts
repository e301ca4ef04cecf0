import type { FastifyInstance } from 'fastify';
import { ROUTES } from '#common/http/route-table';
import type { DocumentReader } from '#common/schemas/read-receipt';
import { recordDocumentOpen } from '../../commands/documents/record-document-open';
import { NotFoundError } from '../../errors/domain-errors';
import type { RoomContext } from '../context';
import { requireAuth } from '../context';
import { type RegisterOptions, registerRoute } from '../register-route';

/** Read receipts: a viewer says it opened a document; the secretariat and the chair see who did. */
export function registerReadReceiptRoutes(
  app: FastifyInstance,
  ctx: RoomContext,
  opts: RegisterOptions,
): void {
  registerRoute(
    app,
    ROUTES.documentOpened,
    ({ actor, params: { documentId }, body }) =>
      ctx.commands.execute(recordDocumentOpen, actor, { documentId, version: body.version }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.getDocumentReaders,
    ({ raw, params: { documentId } }) => {
      const { participant } = requireAuth(raw);
      // A chair sees the receipts of documents they may read themselves: a Mật document they
      // were not granted stays unnamed (the secretariat may read every document of its meeting).
      const document = ctx.documents.canRead(participant, documentId) ? ctx.documents.find(documentId) : null;
      if (!document) throw new NotFoundError('document not found');
      const receipts = ctx.documents.receipts.forDocument(documentId);
      const readers: DocumentReader[] = ctx.participants
        .listForMeeting(document.meetingId)
        .filter((p) => ctx.documents.canRead(p, documentId))
        .map((p) => {
          const opened = receipts.get(p.id) ?? [];
          return {
            participantId: p.id,
            name: p.name,
            position: p.position,
            unit: p.unit,
            role: p.role,
            receipts: opened,
            openedCurrent: opened.some((r) => r.version === document.version),
          };
        });
      return { documentId, version: document.version, readers };
    },
    opts,
  );
}

import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as Y from 'yjs';
import { compareAnnotations, readAnnotationLayer } from '#common/protocol/annotation-layer';
import { formatDocName } from '#common/protocol/doc-names';
import { ROUTES } from '#common/http/route-table';
import type { Annotation } from '#common/schemas/annotation';
import type { MeetingDocument } from '#common/schemas/document';
import { because } from '#common/schemas/error-reasons';
import type { Participant } from '#common/schemas/participant';
import { DomainError, NotFoundError } from '../../errors/domain-errors';
import { notesListPdf } from '../../pdf/annotations/notes-list-pdf';
import { AnnotationExportError, writeAnnotatedPdf } from '../../pdf/annotations/write-annotations';
import type { RoomContext } from '../context';
import { requireAuth } from '../context';
import { type RegisterOptions, registerRoute } from '../register-route';

/**
 * The caller's own annotations of a document as files to keep: the document with them written
 * in as real PDF annotations, and a printable list. Both are made per request from the layers
 * as they are now (nothing is stored), and both are refused for a "no export" document — the
 * only way such a document leaves the room is the reader copy stamped with its reader's name.
 */

/** The document, if the caller may read it (404 otherwise, as for an unknown id) and export it (403). */
function exportableDocument(ctx: RoomContext, raw: FastifyRequest, documentId: string) {
  const { participant } = requireAuth(raw);
  const document = ctx.documents.canRead(participant, documentId) ? ctx.documents.find(documentId) : null;
  if (!document) throw new NotFoundError('document not found');
  if (document.noExport) {
    throw new DomainError(
      'forbidden',
      'this document is "no export": no annotated copy or notes list of it leaves the room',
      undefined,
      because('annotations_no_export'),
    );
  }
  return { participant, document };
}

/**
 * The participant's annotations of the document: their private and shared layers, nobody
 * else's. The layer's owner is its author by construction (only they may write it), so the
 * author written into the file is the owner as the room knows them, whatever a client wrote.
 * An id in both layers (an annotation being moved between them) counts once, the newer.
 */
export async function ownAnnotations(
  ctx: RoomContext,
  documentId: string,
  owner: Participant,
): Promise<Annotation[]> {
  const byId = new Map<string, Annotation>();
  for (const layer of ['private', 'shared'] as const) {
    const state = await ctx.hub.serverReadClientDoc(
      formatDocName({ kind: 'annotations', documentId, ownerId: owner.id, layer }),
    );
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, state);
      for (const a of readAnnotationLayer(doc)) {
        const seen = byId.get(a.id);
        if (!seen || seen.updatedAt < a.updatedAt) {
          byId.set(a.id, { ...a, authorId: owner.id, authorName: owner.name });
        }
      }
    } finally {
      doc.destroy();
    }
  }
  return [...byId.values()].sort(compareAnnotations);
}

/** `attachment` with an ASCII name and the real (Vietnamese) one for clients that read it. */
function attachment(reply: FastifyReply, asciiName: string, name: string): FastifyReply {
  return reply
    .type('application/pdf')
    .header(
      'Content-Disposition',
      `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name.normalize('NFC'))}`,
    )
    .header('Cache-Control', 'private, no-store');
}

/** A file name from a title: no characters a file system or a header dislikes. */
function fileTitle(document: MeetingDocument): string {
  const clean = document.title.replace(/[\\/:*?"<>|]+/g, ' ').replace(/\p{Cc}+/gu, ' ');
  return clean.trim().slice(0, 120) || 'tai-lieu';
}

/** Annotations: the annotated copy and the notes list of the caller's own annotations. */
export function registerAnnotationRoutes(
  app: FastifyInstance,
  ctx: RoomContext,
  opts: RegisterOptions,
): void {
  registerRoute(
    app,
    ROUTES.getAnnotatedPdf,
    async ({ raw, reply, params: { documentId } }) => {
      const { participant, document } = exportableDocument(ctx, raw, documentId);
      const annotations = await ownAnnotations(ctx, documentId, participant);
      const source = await readFile(ctx.blobs.pathOf(document.sha256));
      let bytes: Uint8Array;
      try {
        bytes = (await writeAnnotatedPdf(source, annotations, new Date())).bytes;
      } catch (err) {
        if (!(err instanceof AnnotationExportError)) throw err;
        ctx.logger.warn({ documentId, reason: err.message }, 'annotated copy could not be made');
        throw new DomainError(
          'invalid_document',
          err.code === 'encrypted'
            ? 'this document is an encrypted PDF: annotations cannot be written into it'
            : 'this document could not be read to write annotations into it',
          undefined,
          because(err.code === 'encrypted' ? 'annotations_export_encrypted' : 'annotations_export_failed'),
        );
      }
      return attachment(reply, 'tai-lieu-co-ghi-chu.pdf', `${fileTitle(document)} - ghi chú.pdf`).send(
        Buffer.from(bytes),
      );
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.getMyNotesPdf,
    async ({ raw, reply, params: { documentId } }) => {
      const { participant, document } = exportableDocument(ctx, raw, documentId);
      const annotations = await ownAnnotations(ctx, documentId, participant);
      const bytes = await notesListPdf(
        {
          documentTitle: document.title,
          version: document.version,
          readerName: participant.name,
          at: new Date(),
        },
        annotations,
      );
      return attachment(
        reply,
        'danh-sach-ghi-chu.pdf',
        `${fileTitle(document)} - danh sách ghi chú.pdf`,
      ).send(Buffer.from(bytes));
    },
    opts,
  );
}

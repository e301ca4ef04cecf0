import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROUTES } from '#common/http/route-table';
import { requireManagerOf, requireMemberOf } from '../../commands/authorization';
import { addDocument } from '../../commands/documents/add-document';
import { addDocumentVersion } from '../../commands/documents/add-document-version';
import { deleteDocument } from '../../commands/documents/delete-document';
import { setDocumentGrants } from '../../commands/documents/set-document-grants';
import { updateDocument } from '../../commands/documents/update-document';
import { serveBlob } from '../../blobs/serve-blob';
import { DomainError, NotFoundError } from '../../errors/domain-errors';
import { IngestError } from '../../ingest/ingest-error';
import {
  type IngestedFile,
  ingestStream,
  storeIngested,
  titleFromFileName,
} from '../../ingest/ingest-stream';
import { searchPages } from '../../search/search-index';
import type { RoomContext } from '../context';
import { requireAuth } from '../context';
import { type RegisterOptions, registerRoute } from '../register-route';

/** Takes an upload from the request body to an ingested PDF. */
async function receiveAndIngest(
  ctx: RoomContext,
  req: FastifyRequest,
  reply: FastifyReply,
  fileName: string,
): Promise<IngestedFile> {
  const body = req.body;
  if (!body || typeof (body as Readable).pipe !== 'function') {
    throw new DomainError('invalid_document', 'the upload is empty: send the file as the request body');
  }
  try {
    const declared = Number(req.headers['content-length']);
    return await ingestStream(body as Readable, fileName, {
      ...ctx.uploads,
      ...(Number.isSafeInteger(declared) ? { declaredBytes: declared } : {}),
    });
  } catch (err) {
    // The rest of an oversize body is never read: close the connection instead of draining it.
    if (err instanceof IngestError && err.code === 'payload_too_large') reply.header('Connection', 'close');
    throw err;
  }
}

/** Documents: upload, versions, metadata, grants, the blob bytes, and search. */
export function registerDocumentRoutes(app: FastifyInstance, ctx: RoomContext, opts: RegisterOptions): void {
  const run = ctx.commands;

  registerRoute(
    app,
    ROUTES.uploadDocument,
    async ({ actor, raw, reply, params: { meetingId }, query }) => {
      // Checked before the body is read, so nobody else can make us store a file.
      requireManagerOf(actor, ctx.meetings.get(meetingId).id);
      const file = await receiveAndIngest(ctx, raw, reply, query.fileName);
      const existing = ctx.documents.findInMeetingBySha(meetingId, file.sha256);
      if (existing) {
        await file.discard();
        reply.status(200);
        return { document: existing, duplicate: true };
      }
      const document = run.execute(addDocument, actor, {
        meetingId,
        agendaItemId: query.agendaItemId ?? null,
        title: query.title ?? titleFromFileName(query.fileName),
        kind: query.kind,
        classification: query.classification,
        noExport: query.noExport,
        file: storeIngested(ctx.blobs, file),
      });
      return { document, duplicate: false };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.uploadVersion,
    async ({ actor, raw, reply, params: { documentId }, query }) => {
      const current = ctx.documents.get(documentId);
      requireManagerOf(actor, current.meetingId);
      const file = await receiveAndIngest(ctx, raw, reply, query.fileName);
      if (file.sha256 === current.sha256) {
        await file.discard();
        throw new DomainError('conflict', 'this file is already the current version');
      }
      return {
        document: run.execute(addDocumentVersion, actor, {
          documentId,
          file: storeIngested(ctx.blobs, file),
        }),
      };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.getDocument,
    ({ raw, params: { documentId } }) => {
      if (!ctx.documents.canRead(requireAuth(raw).participant, documentId)) {
        throw new NotFoundError('document not found');
      }
      return { document: ctx.documents.get(documentId), versions: ctx.documents.versions(documentId) };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.updateDocument,
    ({ actor, params: { documentId }, body }) => ({
      document: run.execute(updateDocument, actor, { documentId, patch: body }),
    }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.getGrants,
    ({ actor, params: { documentId } }) => {
      requireManagerOf(actor, ctx.documents.get(documentId).meetingId);
      return ctx.documents.grants(documentId);
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.putGrants,
    ({ actor, params: { documentId }, body }) =>
      run.execute(setDocumentGrants, actor, { documentId, grants: body }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.deleteDocument,
    ({ actor, params: { documentId } }) => run.execute(deleteDocument, actor, { documentId }),
    opts,
  );

  const blob = async ({
    raw,
    reply,
    params: { sha256 },
  }: {
    raw: FastifyRequest;
    reply: FastifyReply;
    params: { sha256: string };
  }) => {
    const { participant } = requireAuth(raw);
    // Same answer for "no such blob" and "not yours": nobody learns what exists.
    if (!ctx.documents.canReadBlob(participant, sha256) || !ctx.blobs.has(sha256)) {
      throw new NotFoundError('document not found');
    }
    const path = ctx.blobs.pathOf(sha256);
    const size = ctx.blobs.size(sha256);
    const bytes = raw.method === 'HEAD' ? null : await ctx.blobCache.get(sha256, path, size);
    return serveBlob(raw, reply, { path, bytes }, sha256, size);
  };
  // Our own HEAD (fastify's automatic one would report the length of an empty body).
  registerRoute(app, ROUTES.getBlob, blob, opts);
  registerRoute(app, ROUTES.headBlob, blob, opts);

  registerRoute(
    app,
    ROUTES.search,
    ({ actor, raw, params: { meetingId }, query: { q, limit } }) => {
      requireMemberOf(actor, meetingId);
      const visible = ctx.documents.visibleTo(requireAuth(raw).participant, meetingId);
      const byId = new Map(visible.map((d) => [d.id, d]));
      const hits = searchPages(ctx.db, { meetingId, query: q, limit, visibleDocumentIds: [...byId.keys()] });
      return { query: q, hits: hits.map((h) => ({ ...h, title: byId.get(h.documentId)?.title ?? '' })) };
    },
    opts,
  );
}

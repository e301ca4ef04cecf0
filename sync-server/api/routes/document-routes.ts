import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SearchResponse } from '#common/schemas/document';
import {
  DocumentGrantsSchema,
  Sha256Schema,
  UpdateDocumentRequestSchema,
  UploadDocumentQuerySchema,
  UploadVersionQuerySchema,
} from '#common/schemas/document';
import { IdSchema } from '#common/schemas/ids';
import { belongsToMeeting, requireManager } from '../../auth/access';
import { serveBlob } from '../../blobs/serve-blob';
import { IngestError } from '../../ingest/ingest-error';
import { ingestFile } from '../../ingest/ingest-file';
import { receiveUpload } from '../../ingest/receive-upload';
import { indexPages, removeDocument, searchPages } from '../../search/search-index';
import { DomainError, NotFoundError } from '../../store/errors';
import type { RoomContext } from '../context';
import { requireAuth } from '../context';
import { parseInput } from '../errors';

const MeetingParams = z.strictObject({ meetingId: IdSchema });
const DocumentParams = z.strictObject({ documentId: IdSchema });
const BlobParams = z.strictObject({ sha256: Sha256Schema });
const SearchQuery = z.strictObject({
  q: z.string().max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** Takes an upload from the request body to an ingested PDF, turning ingest failures into API errors. */
async function receiveAndIngest(
  ctx: RoomContext,
  req: FastifyRequest,
  reply: FastifyReply,
  fileName: string,
) {
  const body = req.body;
  if (!body || typeof (body as Readable).pipe !== 'function') {
    throw new DomainError('invalid_document', 422, 'the upload is empty: send the file as the request body');
  }
  try {
    const declared = Number(req.headers['content-length']);
    const received = await receiveUpload(body as Readable, {
      tmpDir: ctx.uploads.tmpDir,
      limitBytes: ctx.uploads.limitBytes,
      ...(Number.isSafeInteger(declared) ? { declaredBytes: declared } : {}),
    });
    return await ingestFile(received, fileName, { tmpDir: ctx.uploads.tmpDir });
  } catch (err) {
    if (err instanceof IngestError) {
      // The rest of an oversize body is never read: close the connection instead of draining it.
      if (err.code === 'payload_too_large') reply.header('Connection', 'close');
      const status =
        err.code === 'payload_too_large' ? 413 : err.code === 'unsupported_media_type' ? 415 : 422;
      throw new DomainError(err.code, status, err.message);
    }
    throw err;
  }
}

/** Documents: upload, versions, metadata, grants, the blob bytes, and search. */
export function registerDocumentRoutes(app: FastifyInstance, ctx: RoomContext): void {
  // Uploads are raw file bodies, streamed to disk by receiveUpload rather than parsed here.
  app.register(async (uploads) => {
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

    uploads.post('/meetings/:meetingId/documents', async (req, reply) => {
      const { participant } = requireAuth(req);
      const { meetingId } = parseInput(MeetingParams, req.params);
      requireManager(participant, meetingId);
      ctx.meetings.get(meetingId);
      const query = parseInput(UploadDocumentQuerySchema, req.query);
      const file = await receiveAndIngest(ctx, req, reply, query.fileName);
      const existing = ctx.documents.findInMeetingBySha(meetingId, file.sha256);
      if (existing) {
        await rm(file.pdfPath, { force: true });
        return reply.status(200).send({ document: existing, duplicate: true });
      }
      ctx.blobs.adoptFile(file.pdfPath, file.sha256);
      const document = ctx.db.transaction(() => {
        const doc = ctx.documents.add(participant.id, {
          meetingId,
          agendaItemId: query.agendaItemId ?? null,
          title: query.title ?? titleFromFileName(query.fileName),
          kind: query.kind,
          classification: query.classification,
          noExport: query.noExport,
          sha256: file.sha256,
          byteSize: file.byteSize,
          pageCount: file.pageCount,
          originalName: file.originalName,
          encrypted: file.encrypted,
          grants: { participantIds: [], groups: [] },
        });
        indexPages(ctx.db, doc.id, doc.version, file.pages);
        return doc;
      })();
      ctx.live.documentsChanged(meetingId);
      return reply.status(201).send({ document, duplicate: false });
    });

    uploads.post('/documents/:documentId/versions', async (req, reply) => {
      const { participant } = requireAuth(req);
      const { documentId } = parseInput(DocumentParams, req.params);
      const current = ctx.documents.get(documentId);
      requireManager(participant, current.meetingId);
      const query = parseInput(UploadVersionQuerySchema, req.query);
      const file = await receiveAndIngest(ctx, req, reply, query.fileName);
      if (file.sha256 === current.sha256) {
        await rm(file.pdfPath, { force: true });
        throw new DomainError('conflict', 409, 'this file is already the current version');
      }
      ctx.blobs.adoptFile(file.pdfPath, file.sha256);
      const document = ctx.db.transaction(() => {
        const doc = ctx.documents.addVersion(participant.id, documentId, file);
        indexPages(ctx.db, doc.id, doc.version, file.pages);
        return doc;
      })();
      ctx.live.documentsChanged(document.meetingId);
      return reply.status(201).send({ document });
    });
  });

  app.get('/documents/:documentId', async (req) => {
    const { participant } = requireAuth(req);
    const { documentId } = parseInput(DocumentParams, req.params);
    if (!ctx.documents.canRead(participant, documentId)) throw new NotFoundError('document not found');
    return { document: ctx.documents.get(documentId), versions: ctx.documents.versions(documentId) };
  });

  app.patch('/documents/:documentId', async (req) => {
    const { participant } = requireAuth(req);
    const { documentId } = parseInput(DocumentParams, req.params);
    requireManager(participant, ctx.documents.get(documentId).meetingId);
    const document = ctx.documents.update(
      participant.id,
      documentId,
      parseInput(UpdateDocumentRequestSchema, req.body),
    );
    ctx.live.documentsChanged(document.meetingId);
    return { document };
  });

  app.get('/documents/:documentId/grants', async (req) => {
    const { participant } = requireAuth(req);
    const { documentId } = parseInput(DocumentParams, req.params);
    requireManager(participant, ctx.documents.get(documentId).meetingId);
    return ctx.documents.grants(documentId);
  });

  app.put('/documents/:documentId/grants', async (req) => {
    const { participant } = requireAuth(req);
    const { documentId } = parseInput(DocumentParams, req.params);
    const doc = ctx.documents.get(documentId);
    requireManager(participant, doc.meetingId);
    const grants = ctx.documents.setGrants(
      participant.id,
      documentId,
      parseInput(DocumentGrantsSchema, req.body),
    );
    ctx.live.documentsChanged(doc.meetingId);
    return grants;
  });

  app.delete('/documents/:documentId', async (req, reply) => {
    const { participant } = requireAuth(req);
    const { documentId } = parseInput(DocumentParams, req.params);
    const doc = ctx.documents.get(documentId);
    requireManager(participant, doc.meetingId);
    ctx.db.transaction(() => {
      removeDocument(ctx.db, documentId);
      ctx.documents.delete(participant.id, documentId);
    })();
    ctx.live.documentsChanged(doc.meetingId);
    return reply.status(204).send();
  });

  const blobRoute = async (req: FastifyRequest, reply: FastifyReply) => {
    const { participant } = requireAuth(req);
    const { sha256 } = parseInput(BlobParams, req.params);
    // Same answer for "no such blob" and "not yours": nobody learns what exists.
    if (!ctx.documents.canReadBlob(participant, sha256) || !ctx.blobs.has(sha256)) {
      throw new NotFoundError('document not found');
    }
    const path = ctx.blobs.pathOf(sha256);
    const size = ctx.blobs.size(sha256);
    const bytes = req.method === 'HEAD' ? null : await ctx.blobCache.get(sha256, path, size);
    return serveBlob(req, reply, { path, bytes }, sha256, size);
  };
  // Our own HEAD (fastify's automatic one would report the length of an empty body).
  app.get('/blobs/:sha256', { exposeHeadRoute: false }, blobRoute);
  app.head('/blobs/:sha256', blobRoute);

  app.get('/meetings/:meetingId/search', async (req): Promise<SearchResponse> => {
    const { participant } = requireAuth(req);
    const { meetingId } = parseInput(MeetingParams, req.params);
    if (!belongsToMeeting(participant, meetingId)) throw new NotFoundError('meeting not found');
    const { q, limit } = parseInput(SearchQuery, req.query);
    const visible = ctx.documents.visibleTo(participant, meetingId);
    const byId = new Map(visible.map((d) => [d.id, d]));
    const hits = searchPages(ctx.db, { meetingId, query: q, limit, visibleDocumentIds: [...byId.keys()] });
    return {
      query: q,
      hits: hits.map((h) => ({ ...h, title: byId.get(h.documentId)?.title ?? '' })),
    };
  });
}

/** "To-trinh_so-12.pdf" → "To-trinh_so-12": a starting title the secretariat can edit. */
export function titleFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '').trim();
  return stem.length > 0 ? stem.slice(0, 300) : 'Tài liệu';
}

import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROUTES } from '#common/http/route-table';
import { because } from '#common/schemas/error-reasons';
import { requireManagerOf, requireMemberOf } from '../../commands/authorization';
import { addDocument } from '../../commands/documents/add-document';
import { addDocumentVersion } from '../../commands/documents/add-document-version';
import { deleteDocument } from '../../commands/documents/delete-document';
import { purgeIfRefused, purgeUnreferencedBytes } from '../../commands/documents/purge-document-bytes';
import { setDocumentGrants } from '../../commands/documents/set-document-grants';
import { updateDocument } from '../../commands/documents/update-document';
import { probeBlob } from '../../blobs/probe-blob';
import type { ReaderCopyStore } from '../../blobs/reader-copy-store';
import { serveBlob } from '../../blobs/serve-blob';
import { DomainError, NotFoundError } from '../../errors/domain-errors';
import { documentTitleOf, type IngestedFile, ingestStream, storeIngested } from '../../ingest/ingest-stream';
import { ReaderStampError, stampReaderCopy } from '../../pdf/reader-stamp';
import { searchPages } from '../../search/search-index';
import type { RoomContext } from '../context';
import { requireAuth } from '../context';
import { readerCopyVariant } from '../reader-copies';
import { type RegisterOptions, registerRoute } from '../register-route';

/**
 * A body refused for want of disk space whose declared size is within the upload limit is read
 * and thrown away (Node dumps an unread body once the answer is sent) rather than cut off: a
 * client still sending when the connection closes sees a broken pipe, not the 507 that says why.
 * Nothing of it is written anywhere; an undeclared or oversize body is still cut off.
 */
function mayDrain(err: DomainError, declared: number, limitBytes: number): boolean {
  return err.code === 'insufficient_storage' && Number.isSafeInteger(declared) && declared <= limitBytes;
}

/** Takes an upload from the request body to an ingested PDF. */
async function receiveAndIngest(
  ctx: RoomContext,
  req: FastifyRequest,
  reply: FastifyReply,
  fileName: string,
): Promise<IngestedFile> {
  const body = req.body;
  if (!body || typeof (body as Readable).pipe !== 'function') {
    throw new DomainError(
      'invalid_document',
      'the upload is empty: send the file as the request body',
      undefined,
      because('file_empty'),
    );
  }
  const declared = Number(req.headers['content-length']);
  try {
    return await ingestStream(body as Readable, fileName, {
      ...ctx.uploads,
      ...(Number.isSafeInteger(declared) ? { declaredBytes: declared } : {}),
    });
  } catch (err) {
    if (
      err instanceof DomainError &&
      (err.code === 'payload_too_large' || err.code === 'insufficient_storage') &&
      !mayDrain(err, declared, ctx.uploads.limitBytes)
    ) {
      // The rest of an oversize body is never read: close the connection instead of draining it.
      reply.header('Connection', 'close');
    }
    throw err;
  }
}

/**
 * A "no export" document reaches readers only as a copy stamped with their name, and an
 * encrypted PDF cannot be stamped: refuse the pair at upload rather than have nobody able to read it.
 */
async function refuseEncryptedNoExport(file: IngestedFile, noExport: boolean): Promise<void> {
  if (!noExport || !file.encrypted) return;
  await file.discard();
  throw new DomainError(
    'invalid_document',
    'a "no export" document cannot be an encrypted PDF: each reader gets a copy stamped with their name, ' +
      'which an encrypted file cannot carry; upload an unencrypted PDF',
    undefined,
    because('encrypted_no_export'),
  );
}

/** Reader copies are made for one person at one moment: never kept by a cache on the way. */
const READER_COPY_CACHE_CONTROL = 'private, no-store';

/** Documents: upload, versions, metadata, grants, the blob bytes, reader copies, and search. */
export function registerDocumentRoutes(app: FastifyInstance, ctx: RoomContext, opts: RegisterOptions): void {
  const run = ctx.commands;
  const readerCopies = ctx.readerCopies;

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
      await refuseEncryptedNoExport(file, query.noExport);
      const stored = storeIngested(ctx.blobs, file);
      // Refused after the bytes were stored (e.g. an agenda item of another meeting): they go again.
      const document = purgeIfRefused(ctx, stored.sha256, () =>
        run.execute(addDocument, actor, {
          meetingId,
          agendaItemId: query.agendaItemId ?? null,
          title: query.title ?? documentTitleOf(file, query.fileName),
          kind: query.kind,
          classification: query.classification,
          noExport: query.noExport,
          file: stored,
        }),
      );
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
        throw new DomainError(
          'conflict',
          'this file is already the current version',
          undefined,
          because('already_current_version'),
        );
      }
      await refuseEncryptedNoExport(file, current.noExport);
      const stored = storeIngested(ctx.blobs, file);
      return {
        document: purgeIfRefused(ctx, stored.sha256, () =>
          run.execute(addDocumentVersion, actor, { documentId, file: stored }),
        ),
      };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.getDocument,
    ({ raw, params: { documentId } }) => {
      // As the caller's list shows it (positions without the gaps of hidden documents).
      const document = ctx.documents.viewOf(requireAuth(raw).participant, documentId);
      if (!document) throw new NotFoundError('document not found');
      return { document, versions: ctx.documents.versions(documentId) };
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
    ({ actor, params: { documentId } }) => {
      // Read before the delete removes the versions: their bytes go unless another document has them.
      const bytes = ctx.documents.versions(documentId).map((v) => v.sha256);
      const result = run.execute(deleteDocument, actor, { documentId });
      purgeUnreferencedBytes(ctx, bytes, 'deleted');
      return result;
    },
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
    // Same answer for "no such blob", "not yours" and "no export", after the same work: one
    // query and one stat, both always run, so neither the answer nor its timing tells what exists.
    const allowed = ctx.documents.canReadBlob(participant, sha256);
    const size = probeBlob(ctx.blobs, sha256);
    if (!allowed || size === null) throw new NotFoundError('document not found');
    const path = ctx.blobs.pathOf(sha256);
    const bytes = raw.method === 'HEAD' ? null : await ctx.blobCache.get(sha256, path, size);
    return serveBlob(raw, reply, { path, bytes }, sha256, size);
  };
  // Our own HEAD (fastify's automatic one would report the length of an empty body).
  registerRoute(app, ROUTES.getBlob, blob, opts);
  registerRoute(app, ROUTES.headBlob, blob, opts);

  const readerCopy = async ({
    raw,
    reply,
    params: { documentId },
  }: {
    raw: FastifyRequest;
    reply: FastifyReply;
    params: { documentId: string };
  }) => {
    const { participant } = requireAuth(raw);
    const document = ctx.documents.canRead(participant, documentId) ? ctx.documents.find(documentId) : null;
    if (!document) throw new NotFoundError('document not found');
    const { version, sha256 } = document;
    const stamp = { name: participant.name, unit: participant.unit, at: new Date() };
    let copy: Awaited<ReturnType<ReaderCopyStore['get']>>;
    try {
      copy = await readerCopies.get(
        {
          documentId,
          participantId: participant.id,
          variant: readerCopyVariant(document, participant),
        },
        async () => stampReaderCopy(await readFile(ctx.blobs.pathOf(sha256)), stamp),
      );
    } catch (err) {
      if (!(err instanceof ReaderStampError)) throw err;
      ctx.logger.warn({ documentId, version, reason: err.message }, 'reader copy could not be made');
      throw new DomainError(
        'invalid_document',
        err.code === 'encrypted'
          ? 'this document is an encrypted PDF, so no copy stamped with its reader can be made: ' +
              'the secretariat must upload an unencrypted version'
          : 'this document could not be read to make a copy stamped with its reader',
        undefined,
        because(err.code === 'encrypted' ? 'reader_copy_encrypted' : 'reader_copy_failed'),
      );
    }
    const { file, made } = copy;
    if (made) {
      // Who received which copy: with the copy's hash, a leaked file can be matched to its reader.
      ctx.logger.info(
        { documentId, version, participantId: participant.id, sha256: file.sha256, bytes: file.size },
        'reader copy made',
      );
    }
    return serveBlob(raw, reply, { path: file.path, bytes: null }, file.sha256, file.size, {
      cacheControl: READER_COPY_CACHE_CONTROL,
      headers: { 'X-Content-SHA256': file.sha256 },
    });
  };
  registerRoute(app, ROUTES.getReaderCopy, readerCopy, opts);
  registerRoute(app, ROUTES.headReaderCopy, readerCopy, opts);

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

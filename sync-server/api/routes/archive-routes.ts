import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { ROUTES } from '#common/http/route-table';
import { because } from '#common/schemas/error-reasons';
import { DomainError } from '../../errors/domain-errors';
import { receiveUpload } from '../../ingest/receive-upload';
import type { RoomContext } from '../context';
import { requireAuth } from '../context';
import { type RegisterOptions, registerRoute } from '../register-route';

/**
 * The archive screen: past meetings, search, export jobs with progress, the package download,
 * and verification of an exported or an uploaded package. The route table admits the
 * secretariat and archivists; the archive desk limits each to the meetings they belong to.
 */
export function registerArchiveRoutes(app: FastifyInstance, ctx: RoomContext, opts: RegisterOptions): void {
  registerRoute(
    app,
    ROUTES.archiveMeetings,
    ({ raw }) => ({ meetings: ctx.archive.pastMeetings(requireAuth(raw).participant) }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.archiveSearch,
    ({ raw, query }) => ({
      query: query.q,
      hits: ctx.archive.search(requireAuth(raw).participant, query.q, query.limit),
    }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.startArchiveExport,
    ({ raw, params }) => ctx.archive.startExport(requireAuth(raw).participant, params.meetingId),
    opts,
  );

  registerRoute(
    app,
    ROUTES.getArchiveExport,
    ({ raw, params }) => ctx.archive.exportJob(requireAuth(raw).participant, params.exportId),
    opts,
  );

  registerRoute(
    app,
    ROUTES.downloadArchiveExport,
    ({ raw, reply, params }) => {
      const { path, job } = ctx.archive.packageOf(requireAuth(raw).participant, params.exportId);
      return reply
        .type('application/zip')
        .header('Content-Length', String(job.zipBytes ?? ''))
        .header('Content-Disposition', `attachment; filename="${job.fileName}"`)
        .header('Cache-Control', 'private, no-store')
        .send(createReadStream(path));
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.verifyArchiveExport,
    ({ raw, params }) => ctx.archive.verifyExport(requireAuth(raw).participant, params.exportId),
    opts,
  );

  registerRoute(
    app,
    ROUTES.verifyArchiveUpload,
    async ({ raw, reply }) => {
      requireAuth(raw);
      const body = raw.body;
      if (!body || typeof (body as Readable).pipe !== 'function') {
        throw new DomainError(
          'bad_request',
          'send the package (.zip) as the request body',
          undefined,
          because('file_empty'),
        );
      }
      const declared = Number(raw.headers['content-length']);
      let received: Awaited<ReturnType<typeof receiveUpload>>;
      try {
        received = await receiveUpload(body as Readable, {
          tmpDir: ctx.uploads.tmpDir,
          limitBytes: ctx.uploads.limitBytes,
          ...(Number.isSafeInteger(declared) ? { declaredBytes: declared } : {}),
        });
      } catch (err) {
        // The rest of an oversize body is never read: close the connection instead of draining it.
        if (err instanceof DomainError && err.code === 'payload_too_large')
          reply.header('Connection', 'close');
        throw err;
      }
      try {
        return await ctx.archive.verifyFile(received.path);
      } finally {
        await rm(received.path, { force: true });
      }
    },
    opts,
  );
}

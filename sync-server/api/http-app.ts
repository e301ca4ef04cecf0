import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  LogController,
} from 'fastify';
import type { Logger } from 'pino';
import { ROUTES } from '#common/http/route-table';
import { API_PREFIX } from '#common/schemas/api';
import { IdSchema } from '#common/schemas/ids';
import { bearerToken } from '../auth/tokens';
import { UnauthenticatedError } from '../errors/domain-errors';
import { bodyDeadline } from './body-deadline';
import { guardConnections } from './connection-guard';
import type { RoomContext } from './context';
import { errorHandler, sendError } from './http-errors';
import { bodyDeadlineMs, type HttpLimits, resolveHttpLimits } from './http-limits';
import { idScope } from './id-scope';
import { joinGuard } from './join-guard';
import { registerAnnotationRoutes } from './routes/annotation-routes';
import { registerArchiveRoutes } from './routes/archive-routes';
import { registerSharedLayerRoutes } from './routes/shared-layer-routes';
import { registerAuditRoutes } from './routes/audit-routes';
import { registerDocumentRoutes } from './routes/document-routes';
import { registerMeetingRoutes } from './routes/meeting-routes';
import { registerAttendanceRoutes } from './routes/attendance-routes';
import { registerMeetingSessionRoutes } from './routes/meeting-session-routes';
import { registerParticipantRoutes } from './routes/participant-routes';
import { registerMinutesRoutes } from './routes/minutes-routes';
import { registerMinutesExportRoutes } from './routes/minutes-export-routes';
import { registerMinutesFileRoutes } from './routes/minutes-file-routes';
import { registerPresenterRoutes } from './routes/presenter-routes';
import { registerSpeakerRoutes } from './routes/speaker-routes';
import { registerReadReceiptRoutes } from './routes/read-receipt-routes';
import { registerSessionRoutes } from './routes/session-routes';
import { registerVoteRoutes } from './routes/vote-routes';

/** The desktop client's renderer origin (Electron custom protocol); the only cross-origin caller. */
export const DESKTOP_ORIGIN = 'app://paperless';

/** Routes reachable without a device token: the table's public ones. */
const PUBLIC_ROUTES = new Set(
  Object.values(ROUTES)
    .filter((r) => r.access === 'public')
    .map((r) => `${API_PREFIX}${r.path}`),
);

/**
 * CSP for the web client the room server serves: no inline or eval'd script (pdf.js has no eval
 * path since 5.7), sockets and fetches only back to this server.
 */
export const WEB_CLIENT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface HttpAppOptions {
  readonly logger: Logger;
  /** Folder with the built web client; when absent `/` explains how to build it. */
  readonly webRoot: string | null;
  /** Largest accepted JSON body. */
  readonly bodyLimitBytes?: number;
  /** Check every JSON answer against the route table's response schema (tests). */
  readonly validateResponses?: boolean;
  /** Timeouts and connection caps; unset figures take `DEFAULT_HTTP_LIMITS`. */
  readonly limits?: Partial<HttpLimits>;
}

/** Builds the HTTP side of the room server: the JSON API under /api/v1 and the web client. */
export async function buildHttpApp(ctx: RoomContext, opts: HttpAppOptions): Promise<FastifyInstance> {
  const limits = resolveHttpLimits(opts.limits);
  // Node's own request timeout is one figure for every route: the backstop for the largest
  // upload. Each route's body has its own, shorter deadline (bodyDeadline below).
  const requestTimeout = limits.headersTimeoutMs + bodyDeadlineMs(limits, ctx.uploads.limitBytes) + 5_000;
  const app = Fastify({
    // pino's Logger is what fastify logs with; its generic parameter only narrows the type.
    loggerInstance: opts.logger as FastifyBaseLogger,
    bodyLimit: opts.bodyLimitBytes ?? 1024 * 1024,
    // Our onResponse hook logs one line per call; fastify's two lines per request would drown it.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    trustProxy: false,
    // No socket inactivity timeout while a handler works (an upload's conversion may take
    // minutes): the request's own deadlines come before it, `idleTimeoutMs` while answering.
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    requestTimeout,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout,
      // Node checks the two timeouts above on this beat (its default, 30 s, would let a
      // slow header linger for half a minute past its timeout).
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
    },
  });
  // Before the hub's upgrade listener (app.ts adds it after this returns): see guardConnections.
  guardConnections(app.server, limits, opts.logger);
  const join = joinGuard(ctx.joinLimiter);
  app.addHook('onClose', async () => ctx.joinLimiter.close());
  // First of all hooks: the body deadline also covers requests that are refused before their body is read.
  app.addHook('onRequest', bodyDeadline(limits, ctx.uploads.limitBytes));
  // While the answer is sent, a client that stops reading is dropped after `idleTimeoutMs` of
  // silence (Node puts the keep-alive timeout in its place once the answer is out).
  app.addHook('onSend', async (req) => {
    req.raw.socket?.setTimeout(limits.idleTimeoutMs);
  });
  app.decorateRequest('authContext', null);
  const apiRoutes: string[] = [];
  app.decorate('apiRoutes', apiRoutes);
  const inTable = new Set(Object.values(ROUTES).map((r) => `${r.method} ${API_PREFIX}${r.path}`));
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(`${API_PREFIX}/`)) return;
    for (const method of [route.method].flat()) {
      const key = `${method} ${route.url}`;
      // The table is the contract: a route outside it would be an API nobody declared.
      if (!inTable.has(key)) throw new Error(`API route ${key} is not in the route table`);
      apiRoutes.push(key);
    }
  });
  app.setErrorHandler<FastifyError>(errorHandler);

  app.addHook('onRequest', async (req, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    const origin = req.headers.origin;
    if (origin === DESKTOP_ORIGIN && req.url.startsWith(`${API_PREFIX}/`)) {
      reply.header('Access-Control-Allow-Origin', DESKTOP_ORIGIN);
      reply.header('Vary', 'Origin');
      reply.header(
        'Access-Control-Expose-Headers',
        // X-Content-SHA256: what the desktop app checks a reader copy against.
        'Content-Range, Content-Length, ETag, Accept-Ranges, X-Content-SHA256',
      );
      if (req.method === 'OPTIONS') {
        reply.header('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE');
        reply.header(
          'Access-Control-Allow-Headers',
          'Authorization, Content-Type, Range, If-None-Match, If-Range',
        );
        reply.header('Access-Control-Max-Age', '600');
        return reply.status(204).send();
      }
    }
  });

  app.addHook('onResponse', async (req, reply) => {
    // One line per API call at debug; failures at info so an operator sees them by default.
    const level = reply.statusCode >= 500 ? 'error' : reply.statusCode >= 400 ? 'info' : 'debug';
    req.log[level](
      { method: req.method, url: req.routeOptions.url ?? 'unmatched', status: reply.statusCode },
      'request',
    );
  });

  await app.register(
    async (api) => {
      api.addHook('onRequest', async (req) => {
        const path = req.url.split('?')[0] ?? '';
        const token = bearerToken(req.headers.authorization);
        req.authContext = token ? ctx.auth.authenticate(token) : null;
        if (!req.authContext && !PUBLIC_ROUTES.has(path)) {
          // Checked before the body is read, so an unauthenticated client cannot make us parse it.
          throw new UnauthenticatedError(
            token ? 'this device session is not valid or was revoked; join again with a new code' : undefined,
          );
        }
      });
      api.addHook('preHandler', join.preHandler);
      const routeOpts = { validateResponses: opts.validateResponses ?? false, idScope: idScope(ctx) };
      registerSessionRoutes(api, ctx, routeOpts);
      registerMeetingRoutes(api, ctx, routeOpts);
      registerParticipantRoutes(api, ctx, routeOpts);
      registerMeetingSessionRoutes(api, ctx, routeOpts);
      registerAttendanceRoutes(api, ctx, routeOpts);
      registerSpeakerRoutes(api, ctx, routeOpts);
      registerPresenterRoutes(api, ctx, routeOpts);
      registerMinutesRoutes(api, ctx, routeOpts);
      registerMinutesExportRoutes(api, ctx, routeOpts);
      registerMinutesFileRoutes(api, ctx, routeOpts);
      registerAuditRoutes(api, ctx, routeOpts);
      registerDocumentRoutes(api, ctx, routeOpts);
      registerAnnotationRoutes(api, ctx, routeOpts);
      registerSharedLayerRoutes(api, ctx, routeOpts);
      registerReadReceiptRoutes(api, ctx, routeOpts);
      registerVoteRoutes(api, ctx, routeOpts);
      registerArchiveRoutes(api, ctx, routeOpts);
      api.setNotFoundHandler((req, reply) =>
        sendError(reply, 'not_found', `no API route ${req.method} ${req.url.split('?')[0]}`),
      );
    },
    { prefix: API_PREFIX },
  );

  if (opts.webRoot && existsSync(opts.webRoot)) {
    await app.register(fastifyStatic, {
      root: opts.webRoot,
      index: 'index.html',
      setHeaders(res, path) {
        if (path.endsWith('.html')) {
          res.setHeader('Content-Security-Policy', WEB_CLIENT_CSP);
          res.setHeader('Cache-Control', 'no-cache');
        } else if (/[\\/]sw\.js$/.test(path)) {
          // The web client's service worker (renderer/src/sw): its scope is the client at `/`;
          // always asked again, so a newer build on this server replaces the one kept on devices.
          // Its CSP is the client's: it fetches only from this origin.
          res.setHeader('Content-Security-Policy', WEB_CLIENT_CSP);
          res.setHeader('Cache-Control', 'no-cache');
        } else if (/[\\/]assets[\\/]/.test(path)) {
          // Vite puts a content hash in every asset name, so they never change.
          res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        }
      },
    });
    // The projector view (`/projector/<meetingId>`) is the same single-page app. Its asset URLs
    // are relative to the page (vite `base: './'`, which the desktop app needs), so the page must
    // stay at the root: send the browser there with the meeting in the query.
    app.get<{ Params: { meetingId: string } }>('/projector/:meetingId', async (req, reply) => {
      const meetingId = IdSchema.safeParse(req.params.meetingId);
      if (!meetingId.success) return sendError(reply, 'not_found', 'no such meeting');
      return reply.redirect(`/?projector=${encodeURIComponent(meetingId.data)}`, 302);
    });
  } else {
    app.get('/', async (_req, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send('Paperless Room server is running, but the web client is not built. Run `npm run build`.'),
    );
  }
  app.setNotFoundHandler((req, reply) =>
    sendError(reply, 'not_found', `nothing at ${req.url.split('?')[0]}`),
  );
  return app;
}

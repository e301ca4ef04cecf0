import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  type RouteBody,
  type RouteParams,
  type RouteQuery,
  type RouteResponse,
  type RouteSpec,
  roleMayCall,
} from '#common/http/route-table';
import { ForbiddenError, UnauthenticatedError } from '../errors/domain-errors';
import type { Actor } from '../commands/command';
import { parseInput } from '../commands/pipeline';
import type { AuthContext } from '../store/auth-store';
import type { IdScopeCheck } from './id-scope';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The handler reads the body as a stream (uploads): its size limit is the upload limit, not `bodyLimit`. */
    streamedBody?: boolean;
  }
}

/** What a route handler gets: validated parameters, query and body, and who is calling. */
export interface RouteRequest<R extends RouteSpec> {
  readonly params: RouteParams<R>;
  readonly query: RouteQuery<R>;
  readonly body: RouteBody<R>;
  /** The signed-in device, or null on public routes. */
  readonly auth: AuthContext | null;
  /** The caller as commands see it. */
  readonly actor: Actor;
  readonly raw: FastifyRequest;
  readonly reply: FastifyReply;
}

/** A handler answers with the route's JSON response — or, for raw answers, the reply it sent. */
export type RouteHandler<R extends RouteSpec> = (
  req: RouteRequest<R>,
) => Promise<RouteResponse<R> | FastifyReply> | RouteResponse<R> | FastifyReply;

export interface RegisterOptions {
  /** Parse every JSON answer with its response schema before sending (tests turn this on). */
  readonly validateResponses: boolean;
  /**
   * Checked for every path parameter after the role check, before the body is validated and
   * the handler runs (so before an upload is read): throws the same 404 for an id of something
   * the caller may not know of as for an id nothing has.
   */
  readonly idScope?: IdScopeCheck;
}

/** The caller of a request as commands see it. */
export function actorOf(auth: AuthContext | null): Actor {
  return auth
    ? { kind: 'device', participant: auth.participant, deviceSessionId: auth.deviceSessionId }
    : { kind: 'anonymous' };
}

/**
 * Registers one route of the table: the table's method, path and access rule, its schemas for
 * parameters, query and body (every failure a `validation_failed` naming each field), its
 * success status, and — when asked — a check of the handler's answer against the response
 * schema. Raw bodies (files, CSV) reach the handler unparsed.
 */
export function registerRoute<R extends RouteSpec>(
  app: FastifyInstance,
  route: R,
  handler: RouteHandler<R>,
  opts: RegisterOptions,
): void {
  const register = (scope: FastifyInstance) =>
    scope.route({
      method: route.method,
      url: route.path,
      exposeHeadRoute: false,
      ...(route.maxBodyBytes ? { bodyLimit: route.maxBodyBytes } : {}),
      config: { streamedBody: route.body === 'file' },
      handler: async (raw, reply) => {
        const auth = raw.authContext;
        if (route.access !== 'public' && !auth) throw new UnauthenticatedError();
        if (!roleMayCall(route, auth?.participant.role ?? null)) throw new ForbiddenError();
        const params = (route.params ? parseInput(route.params, raw.params) : {}) as RouteParams<R>;
        // "Not yours" and "does not exist" are one answer, before anything else looks at the id.
        if (auth && opts.idScope) {
          for (const [name, value] of Object.entries(params as Record<string, string>)) {
            opts.idScope(auth.participant, name, value);
          }
        }
        const query = (route.query ? parseInput(route.query, raw.query) : undefined) as RouteQuery<R>;
        const body = (
          route.body instanceof z.ZodType ? parseInput(route.body, raw.body) : undefined
        ) as RouteBody<R>;
        reply.status(route.status);
        const answer = await handler({ params, query, body, auth, actor: actorOf(auth), raw, reply });
        if (route.response === 'empty') return reply.status(route.status).send();
        if (!(route.response instanceof z.ZodType)) return answer;
        if (opts.validateResponses) {
          const checked = route.response.safeParse(answer);
          if (!checked.success) {
            throw new Error(
              `${route.method} ${route.path} answered outside its contract: ${checked.error.message}`,
            );
          }
        }
        return answer;
      },
    });

  if (route.body === 'file') {
    // Uploads are raw file bodies, streamed to disk by the handler rather than parsed here.
    app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
      register(scope);
    });
  } else if (route.body === 'csv') {
    app.register(async (scope) => {
      scope.addContentTypeParser(
        ['text/csv', 'application/vnd.ms-excel', 'text/plain'],
        { parseAs: 'buffer', bodyLimit: route.maxBodyBytes ?? 5 * 1024 * 1024 },
        (_req, body, done) => done(null, body),
      );
      register(scope);
    });
  } else {
    register(app);
  }
}

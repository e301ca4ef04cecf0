import type { FastifyInstance } from 'fastify';
import type { HealthResponse, JoinResponse, SessionInfo } from '#common/schemas/api';
import { JoinRequestSchema } from '#common/schemas/api';
import { DomainError } from '../../store/errors';
import { ROOM_SCHEMA_VERSION } from '../../db/migrations/index';
import type { RoomContext } from '../context';
import { requireAuth } from '../context';
import { parseInput, sendError } from '../errors';

/** Health, joining with a code, and the caller's own device session. */
export function registerSessionRoutes(app: FastifyInstance, ctx: RoomContext): void {
  app.get(
    '/health',
    async (): Promise<HealthResponse> => ({
      status: 'ok',
      version: ctx.version,
      uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000),
      schemaVersion: ROOM_SCHEMA_VERSION,
    }),
  );

  app.post('/join', async (req, reply) => {
    const retryMs = ctx.joinLimiter.retryAfterMs(req.ip);
    if (retryMs > 0) {
      reply.header('Retry-After', Math.ceil(retryMs / 1000));
      return sendError(
        reply,
        429,
        'rate_limited',
        'too many wrong join codes; wait a few minutes and try again',
      );
    }
    const body = parseInput(JoinRequestSchema, req.body);
    try {
      const { token, context } = ctx.auth.redeem(
        body.code,
        body.deviceLabel || (req.headers['user-agent'] ?? '').slice(0, 200),
      );
      const meetingId = context.participant.meetingId;
      const response: JoinResponse = {
        token,
        session: {
          participant: context.participant,
          deviceSessionId: context.deviceSessionId,
          meeting: meetingId ? ctx.meetings.find(meetingId) : null,
        },
      };
      req.log.info({ participantId: context.participant.id }, 'device joined');
      return reply.status(201).send(response);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'invalid_code') ctx.joinLimiter.recordFailure(req.ip);
      throw err;
    }
  });

  app.get('/session', async (req): Promise<SessionInfo> => {
    const auth = requireAuth(req);
    const meetingId = auth.participant.meetingId;
    return {
      participant: auth.participant,
      deviceSessionId: auth.deviceSessionId,
      meeting: meetingId ? ctx.meetings.find(meetingId) : null,
    };
  });

  app.delete('/session', async (req, reply) => {
    const auth = requireAuth(req);
    ctx.auth.revoke(auth.participant.id, auth.deviceSessionId);
    ctx.hub.closeDeviceSession(auth.deviceSessionId);
    return reply.status(204).send();
  });
}

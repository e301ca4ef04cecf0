import type { FastifyInstance } from 'fastify';
import { ROUTES } from '#common/http/route-table';
import { redeemJoinCode } from '../../commands/access/redeem-join-code';
import { revokeDevice } from '../../commands/access/revoke-device';
import { ANONYMOUS } from '../../commands/command';
import { ROOM_SCHEMA_VERSION } from '../../db/migrations/index';
import { DomainError } from '../../errors/domain-errors';
import type { RoomContext } from '../context';
import { requireAuth } from '../context';
import { sendError } from '../http-errors';
import { type RegisterOptions, registerRoute } from '../register-route';

/** Health, joining with a code, and the caller's own device session. */
export function registerSessionRoutes(app: FastifyInstance, ctx: RoomContext, opts: RegisterOptions): void {
  registerRoute(
    app,
    ROUTES.health,
    () => ({
      status: 'ok' as const,
      version: ctx.version,
      uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000),
      schemaVersion: ROOM_SCHEMA_VERSION,
    }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.join,
    ({ raw, reply, body }) => {
      const retryMs = ctx.joinLimiter.retryAfterMs(raw.ip);
      if (retryMs > 0) {
        reply.header('Retry-After', Math.ceil(retryMs / 1000));
        return sendError(
          reply,
          'rate_limited',
          'too many wrong join codes; wait a few minutes and try again',
        );
      }
      try {
        const { token, context } = ctx.commands.execute(redeemJoinCode, ANONYMOUS, {
          code: body.code,
          deviceLabel: body.deviceLabel || (raw.headers['user-agent'] ?? '').slice(0, 200),
        });
        const meetingId = context.participant.meetingId;
        raw.log.info({ participantId: context.participant.id }, 'device joined');
        return {
          token,
          session: {
            participant: context.participant,
            deviceSessionId: context.deviceSessionId,
            meeting: meetingId ? ctx.meetings.find(meetingId) : null,
          },
        };
      } catch (err) {
        if (err instanceof DomainError && err.code === 'invalid_code') ctx.joinLimiter.recordFailure(raw.ip);
        throw err;
      }
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.getSession,
    ({ raw }) => {
      const auth = requireAuth(raw);
      const meetingId = auth.participant.meetingId;
      return {
        participant: auth.participant,
        deviceSessionId: auth.deviceSessionId,
        meeting: meetingId ? ctx.meetings.find(meetingId) : null,
      };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.leave,
    ({ raw, actor }) => {
      ctx.commands.execute(revokeDevice, actor, { deviceSessionId: requireAuth(raw).deviceSessionId });
      return undefined;
    },
    opts,
  );
}

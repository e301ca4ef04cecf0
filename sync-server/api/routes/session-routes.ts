import type { FastifyInstance } from 'fastify';
import { ROUTES } from '#common/http/route-table';
import { deviceLabelOf } from '#common/schemas/device-label';
import { redeemJoinCode } from '../../commands/access/redeem-join-code';
import { revokeDevice } from '../../commands/access/revoke-device';
import { ANONYMOUS } from '../../commands/command';
import { ROOM_SCHEMA_VERSION } from '../../db/migrations/index';
import { DomainError } from '../../errors/domain-errors';
import type { RoomContext } from '../context';
import { requireAuth } from '../context';
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
      // Throttling waits in front of the route (`joinGuard`'s preHandler); a right code is never refused.
      try {
        const { token, context } = ctx.commands.execute(redeemJoinCode, ANONYMOUS, {
          code: body.code,
          // A client that names no device gets a label without words (see device-label.ts), not its raw user agent.
          deviceLabel: body.deviceLabel || deviceLabelOf(raw.headers['user-agent'] ?? ''),
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
        if (!(err instanceof DomainError) || err.code !== 'invalid_code') throw err;
        // A wrong code over the address's or the room's budget is answered 429, not 401.
        const { retryAfterMs } = ctx.joinLimiter.recordFailure(raw.ip);
        if (retryAfterMs <= 0) throw err;
        reply.header('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
        throw new DomainError('rate_limited', 'too many wrong join codes; wait a little and try again');
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

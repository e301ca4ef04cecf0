import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ROUTES } from '#common/http/route-table';
import { API_PREFIX } from '#common/schemas/api';
import type { FailedAttemptLimiter } from '../auth/failed-attempt-limiter';
import { sendError } from './http-errors';

const JOIN_URL = `${API_PREFIX}${ROUTES.join.path}`;

function isJoin(req: FastifyRequest): boolean {
  return req.method === ROUTES.join.method && req.routeOptions.url === JOIN_URL;
}

function seconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1000)));
}

/** Resolves after `ms`, or as soon as the socket closes (the client gave up, or the server is stopping). */
function waitUnlessClosed(ms: number, socket: Socket): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      socket.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    socket.once('close', done);
  });
}

/**
 * The join route's throttle, around the route itself (`POST /join` only asks the limiter for
 * the failure it counts):
 *
 * - before the code is tried, `preHandler` waits for the attempt's turn (`limiter.admit`): a
 *   slowed address's attempts are tried one at a time, spaced, so parallel connections do not
 *   multiply a guesser's rate; a client that hangs up while waiting has its code never tried,
 *   so giving up early teaches it nothing;
 * - after a wrong code, the route answers 429 with Retry-After instead of 401 when the
 *   address or the room is over its budget (`limiter.recordFailure`'s verdict).
 *
 * A right code is never refused, even from an address a guesser shares (a NAT): it is tried
 * once its turn comes. The price is that a slowed guesser still learns, at its slowed pace,
 * whether each code it tries is right — the limiter bounds the rate, not the oracle. With
 * 32^8 ≈ 1.1·10^12 codes that rate is what matters: at one guess per 30 s per address and one
 * per few seconds room-wide, guessing one of a few hundred live codes takes centuries.
 */
export function joinGuard(limiter: FailedAttemptLimiter) {
  return {
    async preHandler(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
      if (!isJoin(req)) return undefined;
      const { waitMs, refusedForMs } = limiter.admit(req.ip);
      if (refusedForMs > 0) {
        reply.header('Retry-After', seconds(refusedForMs));
        return sendError(reply, 'rate_limited', 'too many join attempts are waiting; try again later');
      }
      if (waitMs > 0) {
        await waitUnlessClosed(waitMs, req.raw.socket);
        if (req.raw.socket.destroyed) {
          // Nobody is left to answer: the code is not tried.
          reply.hijack();
          return reply;
        }
      }
      return undefined;
    },
  };
}

import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { bodyDeadlineMs, type HttpLimits } from './http-limits';

const TOO_SLOW =
  'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n';
const TOO_SLOW_BODY = JSON.stringify({
  error: { code: 'bad_request', message: 'the request body arrived too slowly' },
});

/** Cuts a request whose body has not arrived in time: a bare 408, then the connection is closed. */
function cutOff(req: FastifyRequest, reply: FastifyReply, deadlineMs: number): void {
  if (req.raw.complete) return;
  const socket = req.raw.socket;
  req.log.info(
    { ip: req.ip, url: req.url.split('?')[0], deadlineMs },
    'request body too slow; connection closed',
  );
  socket.on('error', () => {});
  if (!reply.raw.headersSent && !socket.destroyed) {
    socket.end(`${TOO_SLOW}Content-Length: ${Buffer.byteLength(TOO_SLOW_BODY)}\r\n\r\n${TOO_SLOW_BODY}`);
  }
  // The rest of the body is never read; whatever is parsing it sees the connection go.
  setTimeout(() => socket.destroy(), 1_000).unref();
  socket.destroySoon();
}

/**
 * The first hook of every request: once its headers are in, its body has until
 * `bodyDeadlineMs(limits, expected)` to arrive, `expected` being the length it declares, capped
 * by what the route accepts (the upload limit for streamed uploads, the route's `bodyLimit`
 * otherwise). Node's own `requestTimeout` is a single figure for every route; it is only the
 * backstop for the largest upload. A body that is complete in time costs one timer.
 */
export function bodyDeadline(limits: HttpLimits, uploadLimitBytes: number): onRequestHookHandler {
  return (req, reply, done) => {
    if (req.raw.complete) {
      done();
      return;
    }
    const limit = req.routeOptions.config?.streamedBody ? uploadLimitBytes : req.routeOptions.bodyLimit;
    const declared = Number(req.headers['content-length']);
    const expected = Number.isSafeInteger(declared) && declared >= 0 ? Math.min(declared, limit) : limit;
    const deadlineMs = bodyDeadlineMs(limits, expected);
    const timer = setTimeout(() => cutOff(req, reply, deadlineMs), deadlineMs);
    timer.unref();
    // The request is done (its body read, or its connection gone): nothing to watch.
    req.raw.once('close', () => clearTimeout(timer));
    done();
  };
}

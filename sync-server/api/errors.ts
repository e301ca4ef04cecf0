import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ApiError, ApiErrorCode } from '#common/schemas/api';
import { DomainError } from '../store/errors';

/** A request body or parameter that does not match its schema. */
export class ValidationError extends DomainError {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(
      'validation_failed',
      400,
      `invalid request: ${issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ')}`,
    );
  }
}

/** Parses untrusted input with a schema, or throws a ValidationError naming every problem. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}

const STATUS_CODES: Record<number, ApiErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Sends an error in the one shape every API error has. */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: ApiErrorCode,
  message: string,
  issues?: ApiError['error']['issues'],
): FastifyReply {
  const body: ApiError = { error: issues ? { code, message, issues } : { code, message } };
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

/**
 * Fastify's error handler: our DomainErrors keep their code; fastify's own 4xx errors (bad
 * JSON, body too large, wrong content type) get the matching code; anything else is a 500
 * whose details stay in the log.
 */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof ValidationError) return sendError(reply, err.status, err.code, err.message, err.issues);
  if (err instanceof DomainError) return sendError(reply, err.status, err.code, err.message);
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const message =
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError
        ? 'the request body is not valid JSON'
        : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'the request body is too large'
          : err.message;
    return sendError(reply, status, STATUS_CODES[status] ?? 'bad_request', message);
  }
  req.log.error({ err }, 'request failed');
  return sendError(reply, 500, 'internal', 'the server could not complete the request');
}

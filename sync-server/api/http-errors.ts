import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError, ApiErrorCode } from '#common/schemas/api';
import { DomainError } from '../errors/domain-errors';

/** The HTTP status of every error code: the only place codes meet HTTP. */
export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  invalid_code: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  meeting_ended: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_document: 422,
  rate_limited: 429,
  internal: 500,
  insufficient_storage: 507,
};

/** The HTTP status an error code is answered with. */
export function httpStatusOf(code: ApiErrorCode): number {
  return HTTP_STATUS[code];
}

const CODE_OF_STATUS: Record<number, ApiErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** What an error answer may carry besides its code and message. */
type ErrorExtras = Pick<ApiError['error'], 'issues' | 'reason' | 'params'>;

/** Sends an error in the one shape every API error has, with the status of its code. */
export function sendError(
  reply: FastifyReply,
  code: ApiErrorCode,
  message: string,
  extras: ErrorExtras = {},
): FastifyReply {
  const error: ApiError['error'] = { code, message };
  if (extras.reason !== undefined) error.reason = extras.reason;
  if (extras.params !== undefined && Object.keys(extras.params).length > 0) error.params = extras.params;
  if (extras.issues !== undefined) error.issues = extras.issues;
  const body: ApiError = { error };
  return reply.status(httpStatusOf(code)).type('application/json; charset=utf-8').send(body);
}

/** A DomainError's issues as the wire carries them (only the keys that are set). */
function wireIssues(err: DomainError): ApiError['error']['issues'] {
  return err.issues?.map(({ path, message, line, reason, params }) => ({
    path,
    message,
    ...(line !== undefined ? { line } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(params !== undefined && Object.keys(params).length > 0 ? { params } : {}),
  }));
}

/**
 * Fastify's error handler: our DomainErrors keep their code; fastify's own 4xx errors (bad
 * JSON, body too large, wrong content type) get the matching code; anything else is a 500
 * whose details stay in the log.
 */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof DomainError) {
    const issues = wireIssues(err);
    return sendError(reply, err.code, err.message, {
      ...(issues ? { issues } : {}),
      ...(err.reason !== undefined ? { reason: err.reason } : {}),
      ...(err.params !== undefined ? { params: err.params } : {}),
    });
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const message =
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError
        ? 'the request body is not valid JSON'
        : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'the request body is too large'
          : err.message;
    const code = CODE_OF_STATUS[status] ?? 'bad_request';
    const body: ApiError = { error: { code, message } };
    return reply.status(status).type('application/json; charset=utf-8').send(body);
  }
  req.log.error({ err }, 'request failed');
  return sendError(reply, 'internal', 'the server could not complete the request');
}

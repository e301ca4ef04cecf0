import type { ApiErrorCode } from '#common/schemas/api';

/**
 * The one place errors that a request can cause are defined: a stable code (from the shared
 * `ApiErrorCode` list, which the client translates) and an English message for logs and
 * developers. No HTTP here: the HTTP layer maps codes to statuses (`api/http-errors.ts`).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** Field-level problems, for `validation_failed`. */
    readonly issues?: readonly { readonly path: string; readonly message: string }[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Not found — also where "forbidden" would reveal that something exists. */
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not_found', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'your role may not do this') {
    super('forbidden', message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'sign in with a join code first') {
    super('unauthenticated', message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** Input that does not match its schema, with one issue per field (or CSV line). */
export class ValidationError extends DomainError {
  constructor(issues: readonly { path: string; message: string }[]) {
    super(
      'validation_failed',
      `invalid request: ${issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
}

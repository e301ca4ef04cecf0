import type { ApiErrorCode } from '#common/schemas/api';
import type { ErrorReason, ReasonParamValues, ReasonRef } from '#common/schemas/error-reasons';

/**
 * One field-level problem: `path` names the field (or `line N`/`header`/`file` of an imported
 * file), `message` says it in English for logs; `reason` + `params` (see `because`) let the
 * client say it in the user's language.
 */
export interface DomainIssue {
  readonly path: string;
  readonly message: string;
  readonly line?: number;
  readonly reason?: ErrorReason;
  readonly params?: ReasonParamValues;
}

/**
 * The one place errors that a request can cause are defined: a stable code (from the shared
 * `ApiErrorCode` list, which the client translates), optionally a more precise reason with its
 * parameters (`#common/schemas/error-reasons`, also translated by the client), and an English
 * message for logs and developers. No HTTP here: the HTTP layer maps codes to statuses
 * (`api/http-errors.ts`).
 */
export class DomainError extends Error {
  /** Why, more precisely than the code; the client words it from the reason and its params. */
  readonly reason: ErrorReason | undefined;
  readonly params: ReasonParamValues | undefined;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** Field-level problems, for `validation_failed`. */
    readonly issues?: readonly DomainIssue[],
    /** The reason and its parameters, made with `because(...)`. */
    why?: ReasonRef,
  ) {
    super(message);
    this.name = 'DomainError';
    this.reason = why?.reason;
    this.params = why?.params;
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
  constructor(message: string, why?: ReasonRef) {
    super('conflict', message, undefined, why);
  }
}

/** Input that does not match its schema, with one issue per field (or CSV line). */
export class ValidationError extends DomainError {
  constructor(issues: readonly DomainIssue[]) {
    super(
      'validation_failed',
      `invalid request: ${issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
}

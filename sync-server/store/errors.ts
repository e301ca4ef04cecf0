import type { ApiErrorCode } from '#common/schemas/api';

/** An error a request can cause; the HTTP layer turns it into `{error:{code,message}}`. */
export class DomainError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not_found', 404, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'your role may not do this') {
    super('forbidden', 403, message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'sign in with a join code first') {
    super('unauthenticated', 401, message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', 409, message);
  }
}

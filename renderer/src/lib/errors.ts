import { ApiRequestError, type ClientErrorCode } from './api';

/**
 * The translatable code of any error the UI catches. Errors that are not API errors are
 * programming mistakes or local validation; they still get a readable message ("internal")
 * and are logged with their detail, so nothing fails silently.
 */
export function errorCodeOf(error: unknown): ClientErrorCode {
  if (error instanceof ApiRequestError) {
    if (error.code === 'invalid_response' || error.code === 'internal') console.error(error);
    return error.code;
  }
  console.error(error);
  return 'internal';
}

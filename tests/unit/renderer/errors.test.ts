import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { ApiRequestError } from '../../../renderer/src/lib/api';
import { errorCodeOf } from '../../../renderer/src/lib/errors';

describe('errorCodeOf', () => {
  let logged: MockInstance<typeof console.error>;

  beforeEach(() => {
    logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    logged.mockRestore();
  });

  it('returns the code of an API error without logging what the user is told anyway', () => {
    expect(errorCodeOf(new ApiRequestError('forbidden', 'GET /meetings/x: 403', 403))).toBe('forbidden');
    expect(errorCodeOf(new ApiRequestError('network_error', 'GET /meetings: failed to fetch'))).toBe(
      'network_error',
    );
    expect(errorCodeOf(new ApiRequestError('timeout', 'GET /meetings: no answer in 15 s'))).toBe('timeout');
    expect(errorCodeOf(new ApiRequestError('invalid_code', 'POST /join: 400', 400))).toBe('invalid_code');
    expect(logged).not.toHaveBeenCalled();
  });

  it('logs an answer that broke the contract or a server fault, and still returns its code', () => {
    const broken = new ApiRequestError('invalid_response', 'GET /meetings: body did not match schema', 200);
    const fault = new ApiRequestError('internal', 'GET /meetings: 500', 500);
    expect(errorCodeOf(broken)).toBe('invalid_response');
    expect(errorCodeOf(fault)).toBe('internal');
    expect(logged.mock.calls).toEqual([[broken], [fault]]);
  });

  it('reads anything that is not an API error as internal, and logs it', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    expect(errorCodeOf(bug)).toBe('internal');
    expect(errorCodeOf('thrown string')).toBe('internal');
    expect(errorCodeOf(undefined)).toBe('internal');
    expect(logged.mock.calls).toEqual([[bug], ['thrown string'], [undefined]]);
  });

  it('does not trust an object that only looks like an API error', () => {
    const lookalike = { name: 'ApiRequestError', code: 'forbidden', message: 'x' };
    expect(errorCodeOf(lookalike)).toBe('internal');
    expect(logged).toHaveBeenCalledWith(lookalike);
  });
});

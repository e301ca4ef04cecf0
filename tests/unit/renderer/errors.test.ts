import type { TFunction } from 'i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { ApiErrorCodeSchema } from '#common/schemas/api';
import { LANGUAGES, type Language, resources } from '../../../renderer/src/i18n';
import {
  ApiRequestError,
  CLIENT_ONLY_ERROR_CODES,
  type ClientErrorCode,
} from '../../../renderer/src/lib/api';
import { errorCodeOf } from '../../../renderer/src/lib/errors';
import { translators } from './i18n-fixture';

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

describe('every error code has a message in every language', () => {
  /** The server's codes (the shared list) and the ones only a client can see. */
  const codes: readonly ClientErrorCode[] = [...ApiErrorCodeSchema.options, ...CLIENT_ONLY_ERROR_CODES];
  let t: Record<Language, TFunction>;

  beforeAll(async () => {
    t = await translators();
  });

  it('walks the server’s codes and the client-only ones', () => {
    expect(codes).toContain('validation_failed');
    expect(codes).toContain('invalid_document');
    expect(codes).toEqual(expect.arrayContaining(['network_error', 'timeout', 'invalid_response']));
    expect(new Set(codes).size).toBe(codes.length);
  });

  for (const language of LANGUAGES) {
    it(`${language}: translates each code under errors.<code>, without falling back`, () => {
      const missing = codes.filter((code) => {
        const text = t[language](`errors.${code}`);
        return text === `errors.${code}` || text.trim() === '';
      });
      expect(missing, `codes without a ${language} message`).toEqual([]);
    });

    it(`${language}: keeps no message for a code that no longer exists`, () => {
      const stale = Object.keys(resources[language].translation.errors).filter(
        (key) => !(codes as readonly string[]).includes(key),
      );
      expect(stale).toEqual([]);
    });
  }

  it('says different things in the two languages (nothing left untranslated)', () => {
    const same = codes.filter((code) => t.vi(`errors.${code}`) === t.en(`errors.${code}`));
    expect(same).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { decideResume, parseContentRange, rangeHeaderFor } from '../../../renderer/src/lib/cache/range';

describe('rangeHeaderFor', () => {
  it('asks for the rest of the file after what is stored', () => {
    expect(rangeHeaderFor(0)).toBeNull();
    expect(rangeHeaderFor(1_048_576)).toBe('bytes=1048576-');
  });

  it('refuses offsets that are not byte counts', () => {
    expect(() => rangeHeaderFor(-1)).toThrow(RangeError);
    expect(() => rangeHeaderFor(1.5)).toThrow(RangeError);
  });
});

describe('parseContentRange', () => {
  it.each([
    ['bytes 100-199/1000', { start: 100, end: 199, total: 1000 }],
    ['bytes 0-0/1', { start: 0, end: 0, total: 1 }],
    ['bytes 5-9/*', { start: 5, end: 9, total: null }],
    ['bytes */1000', { start: null, end: null, total: 1000 }],
  ])('parses %s', (header, expected) => {
    expect(parseContentRange(header)).toEqual(expected);
  });

  it.each([null, '', 'bytes', 'items 0-1/2', 'bytes 9-5/10', 'bytes 1-2/x'])('refuses %s', (header) => {
    expect(parseContentRange(header)).toBeNull();
  });
});

describe('decideResume', () => {
  const size = 1_000;

  it('appends a 206 that starts where the stored copy ends', () => {
    expect(decideResume({ status: 206, contentRange: 'bytes 400-999/1000' }, 400, size)).toEqual({
      kind: 'append',
      from: 400,
    });
  });

  it('streams a fresh download from the start', () => {
    expect(decideResume({ status: 200, contentRange: null }, 0, size)).toEqual({ kind: 'append', from: 0 });
  });

  it('restarts when the server ignored the Range header and sent everything', () => {
    expect(decideResume({ status: 200, contentRange: null }, 400, size)).toEqual({ kind: 'restart' });
  });

  it('discards the partial copy when the range does not start where we asked', () => {
    expect(decideResume({ status: 206, contentRange: 'bytes 0-999/1000' }, 400, size)).toEqual({
      kind: 'discard',
    });
    expect(decideResume({ status: 206, contentRange: null }, 400, size)).toEqual({ kind: 'discard' });
  });

  it('fails for good when the server has a file of another size', () => {
    expect(decideResume({ status: 206, contentRange: 'bytes 400-1999/2000' }, 400, size)).toMatchObject({
      kind: 'fail',
      permanent: true,
    });
  });

  it('commits on 416 when everything is already stored, and discards otherwise', () => {
    expect(decideResume({ status: 416, contentRange: 'bytes */1000' }, 1_000, size)).toEqual({
      kind: 'complete',
    });
    expect(decideResume({ status: 416, contentRange: 'bytes */1000' }, 1_200, size)).toEqual({
      kind: 'discard',
    });
    expect(decideResume({ status: 416, contentRange: 'bytes */800' }, 1_000, size)).toEqual({
      kind: 'discard',
    });
  });

  it('gives up on 401/403/404 but retries 408, 429 and 5xx', () => {
    for (const status of [401, 403, 404]) {
      expect(decideResume({ status, contentRange: null }, 0, size)).toEqual({
        kind: 'fail',
        permanent: true,
        status,
      });
    }
    for (const status of [408, 429, 500, 502, 503]) {
      expect(decideResume({ status, contentRange: null }, 0, size)).toEqual({
        kind: 'fail',
        permanent: false,
        status,
      });
    }
  });
});

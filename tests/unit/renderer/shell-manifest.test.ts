import { describe, expect, it } from 'vitest';
import {
  routeShellRequest,
  shellCacheName,
  shellFiles,
  staleShellCaches,
} from '../../../renderer/src/lib/offline/shell-manifest';

const SCOPE = 'http://192.168.1.20:4780/';
const FILES = new Set(
  shellFiles([
    'index.html',
    'assets/index-D3UJCe79.js',
    'assets/index-D3UJCe79.js.map',
    'assets/index-D-1Q-CXL.css',
    'assets/pdf.worker.min-CIqJB0yW.mjs',
    'sw.js',
  ]),
);

const get = (path: string, mode = 'cors') => ({ url: new URL(path, SCOPE).href, method: 'GET', mode });

describe('the app shell a build keeps', () => {
  it('is index.html and the emitted files, without source maps or the worker itself, sorted', () => {
    expect(shellFiles(['assets/b.js', 'assets/b.js.map', 'sw.js', 'assets/a.css'])).toEqual([
      'assets/a.css',
      'assets/b.js',
      'index.html',
    ]);
    expect([...FILES]).toContain('assets/pdf.worker.min-CIqJB0yW.mjs');
  });

  it('lives in a cache per build; activating a build deletes only the other builds of the shell', () => {
    expect(shellCacheName('abc')).toBe('paperless-shell-abc');
    expect(staleShellCaches(['paperless-shell-old', 'paperless-shell-abc', 'someone-else'], 'abc')).toEqual([
      'paperless-shell-old',
    ]);
  });
});

describe('what the service worker answers', () => {
  it('answers page loads of the client network-first (join links included)', () => {
    expect(routeShellRequest(get('/', 'navigate'), SCOPE, FILES)).toEqual({ kind: 'navigate' });
    expect(routeShellRequest(get('/?join=ABCD-EFGH', 'navigate'), SCOPE, FILES)).toEqual({
      kind: 'navigate',
    });
    expect(routeShellRequest(get('/index.html', 'navigate'), SCOPE, FILES)).toEqual({ kind: 'navigate' });
  });

  it('answers the files of its build from the kept copy', () => {
    expect(routeShellRequest(get('/assets/index-D3UJCe79.js'), SCOPE, FILES)).toEqual({
      kind: 'shell',
      file: 'assets/index-D3UJCe79.js',
    });
  });

  it('never answers the API — session, meeting, blobs, reader copies — nor the Yjs socket', () => {
    for (const path of [
      '/api/v1/session',
      '/api/v1/meetings/meeting-1',
      `/api/v1/blobs/${'a'.repeat(64)}`,
      '/api/v1/documents/doc-1/reader-copy',
      '/yjs/meeting/meeting-1/live',
      '/api',
    ]) {
      expect(routeShellRequest(get(path), SCOPE, FILES), path).toEqual({ kind: 'pass' });
      expect(routeShellRequest(get(path, 'navigate'), SCOPE, FILES), path).toEqual({ kind: 'pass' });
    }
  });

  it('leaves alone other methods, other origins, unknown files and source maps', () => {
    expect(
      routeShellRequest({ ...get('/assets/index-D3UJCe79.js'), method: 'POST' }, SCOPE, FILES).kind,
    ).toBe('pass');
    expect(routeShellRequest(get('http://example.org/assets/index-D3UJCe79.js'), SCOPE, FILES).kind).toBe(
      'pass',
    );
    expect(routeShellRequest(get('/assets/index-OTHER.js'), SCOPE, FILES).kind).toBe('pass');
    expect(routeShellRequest(get('/assets/index-D3UJCe79.js.map'), SCOPE, FILES).kind).toBe('pass');
    expect(routeShellRequest(get('/anything', 'navigate'), SCOPE, FILES).kind).toBe('pass');
  });
});

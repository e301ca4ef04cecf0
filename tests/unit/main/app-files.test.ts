import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor, createAppRequestHandler, resolveAppPath } from '../../../main/protocol/app-files';

const ROOT = path.resolve('/srv/app/dist/renderer');

describe('resolveAppPath', () => {
  it.each([
    ['app://paperless/index.html', 'index.html'],
    ['app://paperless/', 'index.html'],
    ['app://paperless', 'index.html'],
    ['app://paperless/assets/index-abc.js', 'assets/index-abc.js'],
    ['app://paperless/assets/', 'assets/index.html'],
    ['app://paperless/fonts/Be%20Vietnam%20Pro.woff2', 'fonts/Be Vietnam Pro.woff2'],
    ['app://paperless/t%C3%A0i-li%E1%BB%87u.pdf', 'tài-liệu.pdf'],
    ['app://paperless/index.html?x=1#y', 'index.html'],
    // The URL parser folds dot segments before we see them, staying inside the root.
    ['app://paperless/assets/../index.html', 'index.html'],
    ['app://paperless/../../etc/passwd', 'etc/passwd'],
    ['app://paperless/%2e%2e/%2E%2E/etc/passwd', 'etc/passwd'],
    ['app://paperless/.%2e/secret', 'secret'],
  ])('maps %s inside the root', (url, relative) => {
    expect(resolveAppPath(ROOT, url)).toBe(path.join(ROOT, relative));
  });

  it.each([
    ['an encoded slash traversal', 'app://paperless/..%2f..%2fetc%2fpasswd'],
    ['an encoded slash traversal, upper case', 'app://paperless/..%2F..%2Fetc%2Fpasswd'],
    ['encoded dots and slash', 'app://paperless/%2e%2e%2fsecret'],
    ['an encoded backslash traversal', 'app://paperless/..%5c..%5cwindows%5cwin.ini'],
    ['a raw backslash', 'app://paperless/..\\..\\secret'],
    ['an encoded NUL', 'app://paperless/index.html%00.js'],
    ['a drive letter', 'app://paperless/C:%5cWindows%5cwin.ini'],
    ['an NTFS stream', 'app://paperless/index.html::$DATA'],
    ['a broken percent escape', 'app://paperless/%E0%A4%A'],
    ['another host', 'app://paperless.evil/index.html'],
    ['another scheme', 'file:///srv/app/dist/renderer/index.html'],
    ['https', 'https://paperless/index.html'],
    ['malformed', 'app://[/'],
  ])('refuses %s', (_label, url) => {
    expect(resolveAppPath(ROOT, url)).toBeNull();
  });

  it('applies the same rules with Windows paths', () => {
    const root = 'C:\\Program Files\\Paperless Room\\resources\\app.asar\\dist\\renderer';
    expect(resolveAppPath(root, 'app://paperless/assets/a.js', path.win32)).toBe(`${root}\\assets\\a.js`);
    expect(resolveAppPath(root, 'app://paperless/..%5c..%5csecret', path.win32)).toBeNull();
    expect(resolveAppPath(root, 'app://paperless/..%2f..%2fsecret', path.win32)).toBeNull();
    expect(resolveAppPath(root, 'app://paperless/D:%2fsecret', path.win32)).toBeNull();
    expect(resolveAppPath(root, 'app://paperless/%5c%5cserver%5cshare', path.win32)).toBeNull();
  });
});

describe('contentTypeFor', () => {
  it('knows the renderer build types and falls back to opaque bytes', () => {
    expect(contentTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('a/B.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('pdf.worker.mjs')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('x.wasm')).toBe('application/wasm');
    expect(contentTypeFor('cmaps/UniGB-UCS2-H.bcmap')).toBe('application/octet-stream');
  });
});

describe('createAppRequestHandler', () => {
  let root: string;
  let outside: string;

  beforeAll(async () => {
    outside = await mkdtemp(path.join(tmpdir(), 'paperless-protocol-'));
    root = path.join(outside, 'renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Paperless Room</title>');
    await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(outside, 'secret.txt'), 'top secret');
  });

  afterAll(async () => {
    await rm(outside, { recursive: true, force: true });
  });

  it('serves a file with its type, the CSP and nosniff', async () => {
    const response = await createAppRequestHandler(root)(new Request('app://paperless/assets/app.js'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('console.log(1)');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('never serves a file outside the root', async () => {
    const handler = createAppRequestHandler(root);
    for (const url of ['app://paperless/..%2fsecret.txt', 'app://paperless/%2e%2e%2fsecret.txt']) {
      const response = await handler(new Request(url));
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('top secret');
    }
  });

  it('answers 404 for a missing asset and index.html for a client-side route', async () => {
    const handler = createAppRequestHandler(root);
    expect((await handler(new Request('app://paperless/assets/missing.js'))).status).toBe(404);
    const route = await handler(new Request('app://paperless/meeting/m1/agenda'));
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>Paperless Room</title>');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await createAppRequestHandler(root)(
      new Request('app://paperless/index.html', { method: 'POST', body: 'x' }),
    );
    expect(response.status).toBe(405);
  });

  it('answers HEAD without a body', async () => {
    const response = await createAppRequestHandler(root)(
      new Request('app://paperless/index.html', { method: 'HEAD' }),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});

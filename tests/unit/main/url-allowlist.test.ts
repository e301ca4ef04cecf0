import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  isAppFrame,
  isInternalUrl,
  isSafeExternalUrl,
  toSafeExternalUrl,
} from '../../../main/security/url-allowlist';

describe('isInternalUrl', () => {
  it.each([
    APP_ENTRY_URL,
    'app://paperless/',
    'app://paperless',
    'app://paperless/assets/index-abc123.js',
    'app://paperless/index.html?meeting=m1#agenda',
  ])('accepts %s', (url) => {
    expect(isInternalUrl(url)).toBe(true);
  });

  it.each([
    ['a look-alike host', 'app://paperless.evil/'],
    ['a host with a prefix', 'app://evilpaperless/'],
    ['a subdomain', 'app://x.paperless/'],
    ['a port', 'app://paperless:8080/index.html'],
    ['credentials', 'app://user:pass@paperless/index.html'],
    ['a user name', 'app://user@paperless/index.html'],
    ['https with the host as a prefix', 'https://app.paperless.evil/'],
    ['https to a similar host', 'https://paperless/index.html'],
    ['file', 'file:///etc/passwd'],
    ['javascript', 'javascript:alert(1)'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['another scheme', 'apps://paperless/'],
    ['a relative path', '/index.html'],
    ['malformed', 'app://['],
    ['the empty string', ''],
  ])('rejects %s', (_label, url) => {
    expect(isInternalUrl(url)).toBe(false);
  });

  it('rejects values that are not strings', () => {
    expect(isInternalUrl(undefined)).toBe(false);
    expect(isInternalUrl(null)).toBe(false);
    expect(isInternalUrl({ href: APP_ENTRY_URL, toString: () => APP_ENTRY_URL })).toBe(false);
  });
});

describe('toSafeExternalUrl / isSafeExternalUrl', () => {
  it.each([
    ['https://example.org/docs', 'https://example.org/docs'],
    ['http://192.168.1.10:8787/', 'http://192.168.1.10:8787/'],
    ['HTTPS://Example.ORG', 'https://example.org/'],
  ])('accepts %s and returns the normalised href', (input, href) => {
    expect(toSafeExternalUrl(input)).toBe(href);
    expect(isSafeExternalUrl(input)).toBe(true);
  });

  it.each([
    ['javascript', 'javascript:alert(document.cookie)'],
    ['javascript, mixed case with spaces', ' JaVaScRiPt:alert(1)'],
    ['file', 'file:///C:/Windows/System32/calc.exe'],
    ['the app scheme', APP_ENTRY_URL],
    ['a custom handler', 'ms-settings:privacy'],
    ['smb', 'smb://attacker/share'],
    ['data', 'data:text/html,hi'],
    ['credentials', 'https://user:secret@example.org/'],
    ['a user name only', 'https://user@example.org/'],
    ['malformed', 'https://exa mple.org/'],
    ['no scheme', 'example.org'],
    ['the empty string', ''],
    ['not a string', 42],
  ])('rejects %s', (_label, url) => {
    expect(toSafeExternalUrl(url)).toBeNull();
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});

describe('isAppFrame', () => {
  it('accepts a frame showing the app', () => {
    expect(isAppFrame({ url: APP_ENTRY_URL })).toBe(true);
  });

  it('rejects a missing or foreign frame', () => {
    expect(isAppFrame(null)).toBe(false);
    expect(isAppFrame(undefined)).toBe(false);
    expect(isAppFrame({ url: 'https://example.org/' })).toBe(false);
    expect(isAppFrame({ url: 'app://paperless.evil/' })).toBe(false);
  });

  it('rejects a frame whose url cannot be read (disposed frame)', () => {
    const disposed = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(isAppFrame(disposed)).toBe(false);
  });
});

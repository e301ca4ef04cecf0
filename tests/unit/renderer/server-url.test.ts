import { describe, expect, it } from 'vitest';
import {
  formatJoinCode,
  generateJoinCode,
  normalizeJoinCode as serverNormalizeJoinCode,
} from '../../../sync-server/auth/join-codes';
import { APP_ENTRY_URL } from '../../../main/security/url-allowlist';
import {
  normaliseJoinCode,
  normaliseServerUrl,
  pageServerUrl,
  parseJoinLink,
  toWebSocketUrl,
} from '../../../renderer/src/lib/server-url';

describe('normaliseServerUrl', () => {
  it('reads an address without a scheme as http, because LAN room servers have no certificate', () => {
    expect(normaliseServerUrl('192.168.1.10:4780')).toBe('http://192.168.1.10:4780');
    expect(normaliseServerUrl('10.0.0.5')).toBe('http://10.0.0.5');
    expect(normaliseServerUrl('localhost:4780')).toBe('http://localhost:4780');
    expect(normaliseServerUrl('phonghop.local')).toBe('http://phonghop.local');
  });

  it('keeps https when it is typed', () => {
    expect(normaliseServerUrl('https://phonghop.example.vn:8443')).toBe('https://phonghop.example.vn:8443');
  });

  it('reduces the address to its origin: no trailing slash, path, query or fragment', () => {
    expect(normaliseServerUrl('http://192.168.1.10:4780/')).toBe('http://192.168.1.10:4780');
    expect(normaliseServerUrl(' 192.168.1.10:4780/ ')).toBe('http://192.168.1.10:4780');
    expect(normaliseServerUrl('http://room.local:4780/some/path?x=1#top')).toBe('http://room.local:4780');
    expect(normaliseServerUrl('room.local:4780/?join=ABCD-EFGH')).toBe('http://room.local:4780');
  });

  it('lower-cases scheme and host and drops the default port of the scheme only', () => {
    expect(normaliseServerUrl('HTTP://ROOM.LOCAL:4780/Path')).toBe('http://room.local:4780');
    expect(normaliseServerUrl('HTTPS://Room.Local:443/')).toBe('https://room.local');
    expect(normaliseServerUrl('http://room.local:80')).toBe('http://room.local');
    expect(normaliseServerUrl('https://room.local:80')).toBe('https://room.local:80');
  });

  it('accepts IPv6 hosts in brackets, with or without a scheme', () => {
    expect(normaliseServerUrl('[::1]:4780')).toBe('http://[::1]:4780');
    expect(normaliseServerUrl('[::1]')).toBe('http://[::1]');
    expect(normaliseServerUrl('https://[FE80::1]/')).toBe('https://[fe80::1]');
    expect(normaliseServerUrl('http://[::ffff:192.168.1.10]:4780')).toBe('http://[::ffff:c0a8:10a]:4780');
  });

  it('refuses an IPv6 address without brackets', () => {
    expect(normaliseServerUrl('::1')).toBeNull();
    expect(normaliseServerUrl('http://[::1')).toBeNull();
  });

  it('refuses credentials in the address', () => {
    expect(normaliseServerUrl('http://user:secret@room.local:4780')).toBeNull();
    expect(normaliseServerUrl('http://user@room.local')).toBeNull();
    expect(normaliseServerUrl('https://:secret@room.local')).toBeNull();
    expect(normaliseServerUrl('admin@room.local:4780')).toBeNull();
  });

  it('refuses every scheme but http and https', () => {
    for (const input of [
      'javascript:alert(1)',
      'javascript://%0aalert(1)',
      'JavaScript://room.local/%0aalert(1)',
      'ftp://room.local',
      'file:///etc/passwd',
      'ws://room.local:4780',
      'wss://room.local:4780',
      'data:text/html,<script>alert(1)</script>',
      'mailto:secretariat@room.local',
    ]) {
      expect(normaliseServerUrl(input), input).toBeNull();
    }
  });

  it('refuses what is empty or does not parse', () => {
    for (const input of [
      '',
      '   ',
      'http://',
      'https://',
      'room .local',
      'room.local:99999',
      'room.local:port',
    ]) {
      expect(normaliseServerUrl(input), input).toBeNull();
    }
  });
});

describe('toWebSocketUrl', () => {
  it('maps http to ws and https to wss, keeping host and port', () => {
    expect(toWebSocketUrl('http://192.168.1.10:4780')).toBe('ws://192.168.1.10:4780');
    expect(toWebSocketUrl('https://phonghop.example.vn')).toBe('wss://phonghop.example.vn');
    expect(toWebSocketUrl('https://phonghop.example.vn:8443')).toBe('wss://phonghop.example.vn:8443');
    expect(toWebSocketUrl('http://[::1]:4780')).toBe('ws://[::1]:4780');
  });

  it('takes what normaliseServerUrl returns', () => {
    const serverUrl = normaliseServerUrl('room.local:4780/');
    expect(serverUrl).not.toBeNull();
    expect(toWebSocketUrl(serverUrl!)).toBe('ws://room.local:4780');
  });
});

describe('pageServerUrl', () => {
  it('is the origin of a page served by a room server', () => {
    expect(pageServerUrl({ href: 'http://192.168.1.10:4780/?join=ABCD-EFGH' })).toBe(
      'http://192.168.1.10:4780',
    );
    expect(pageServerUrl({ href: 'https://phonghop.example.vn/meeting/abc#x' })).toBe(
      'https://phonghop.example.vn',
    );
  });

  it('is null for the desktop app and for files', () => {
    expect(pageServerUrl({ href: APP_ENTRY_URL })).toBeNull();
    expect(pageServerUrl({ href: 'file:///opt/paperless-room/index.html' })).toBeNull();
  });
});

describe('normaliseJoinCode', () => {
  it('formats a typed code as XXXX-XXXX, tolerating lower case, spaces and dashes', () => {
    expect(normaliseJoinCode('ABCD-EFGH')).toBe('ABCD-EFGH');
    expect(normaliseJoinCode('abcd-efgh')).toBe('ABCD-EFGH');
    expect(normaliseJoinCode('abcdefgh')).toBe('ABCD-EFGH');
    expect(normaliseJoinCode(' abcd efgh ')).toBe('ABCD-EFGH');
    expect(normaliseJoinCode('ab cd-ef gh')).toBe('ABCD-EFGH');
    expect(normaliseJoinCode('abcd--efgh')).toBe('ABCD-EFGH');
    expect(normaliseJoinCode('abcd\tefgh\n')).toBe('ABCD-EFGH');
    expect(normaliseJoinCode('ABCD\u00a0EFGH')).toBe('ABCD-EFGH');
  });

  it('reads I and L as 1 and O as 0, as Crockford base32 does', () => {
    expect(normaliseJoinCode('ilo0-1234')).toBe('1100-1234');
    expect(normaliseJoinCode('LOIO-ABCD')).toBe('1010-ABCD');
  });

  it('returns null for what cannot be a code', () => {
    for (const input of [
      '',
      '   ',
      'ABCD-EFG',
      'ABCD-EFGHJ',
      'ABCD_EFGH',
      'ABCD.EFGH',
      'ABCD/EFGH',
      'ÀBCD-EFGH',
      'http://room.local/?join=ABCD-EFGH',
    ]) {
      expect(normaliseJoinCode(input), input).toBeNull();
    }
  });

  it("agrees with the room server's reading of every code the server issues", () => {
    for (let i = 0; i < 200; i++) {
      const code = generateJoinCode();
      const shown = formatJoinCode(code);
      const typed = `${shown.slice(0, 2)} ${shown.slice(2)}`
        .toLowerCase()
        .replace(/1/g, 'l')
        .replace(/0/g, 'o');
      expect(normaliseJoinCode(shown), shown).toBe(shown);
      expect(normaliseJoinCode(typed), typed).toBe(shown);
      expect(serverNormalizeJoinCode(typed), typed).toBe(code);
    }
  });
});

describe('parseJoinLink', () => {
  it('reads the server and the code of a join link', () => {
    expect(parseJoinLink('http://192.168.1.10:4780/?join=ABCD-EFGH')).toEqual({
      serverUrl: 'http://192.168.1.10:4780',
      code: 'ABCD-EFGH',
    });
    expect(parseJoinLink('https://phonghop.example.vn/?join=ABCD-EFGH')).toEqual({
      serverUrl: 'https://phonghop.example.vn',
      code: 'ABCD-EFGH',
    });
  });

  it('reads a link built the way the room server builds its join links', () => {
    const link = new URL('/', 'http://192.168.1.10:4780');
    link.searchParams.set('join', 'QR7K-M2XP');
    expect(parseJoinLink(link.toString())).toEqual({
      serverUrl: 'http://192.168.1.10:4780',
      code: 'QR7K-M2XP',
    });
  });

  it('normalises a lower-case or spaced code in the link', () => {
    expect(parseJoinLink('http://room.local/?join=abcd%20efgh')?.code).toBe('ABCD-EFGH');
    expect(parseJoinLink('http://room.local/?join=abcd+efgh')?.code).toBe('ABCD-EFGH');
    expect(parseJoinLink('http://room.local/?join=abcdefgh')?.code).toBe('ABCD-EFGH');
    expect(parseJoinLink('http://room.local/?join=ilo0-1234')?.code).toBe('1100-1234');
  });

  it('ignores the path, other parameters, the fragment and surrounding spaces', () => {
    expect(parseJoinLink('  http://room.local:4780/some/path/?x=1&join=abcd-efgh#frag \n')).toEqual({
      serverUrl: 'http://room.local:4780',
      code: 'ABCD-EFGH',
    });
  });

  it('keeps an IPv6 host in brackets', () => {
    expect(parseJoinLink('http://[::1]:4780/?join=ABCD-EFGH')).toEqual({
      serverUrl: 'http://[::1]:4780',
      code: 'ABCD-EFGH',
    });
  });

  it('returns null for a link without a join code', () => {
    expect(parseJoinLink('http://room.local:4780/')).toBeNull();
    expect(parseJoinLink('http://room.local:4780/?code=ABCD-EFGH')).toBeNull();
    expect(parseJoinLink('http://room.local:4780/#join=ABCD-EFGH')).toBeNull();
    expect(parseJoinLink('http://room.local:4780/?join=')).toBeNull();
  });

  it('returns null for a link whose code is malformed', () => {
    expect(parseJoinLink('http://room.local:4780/?join=ABCD')).toBeNull();
    expect(parseJoinLink('http://room.local:4780/?join=ABCD-EFGH-JKMN')).toBeNull();
    expect(parseJoinLink('http://room.local:4780/?join=ABCD_EFGH')).toBeNull();
  });

  it('returns null for other schemes even when they carry a join parameter', () => {
    for (const input of [
      'javascript:alert(1)//?join=ABCD-EFGH',
      'javascript://room.local/?join=ABCD-EFGH',
      'ftp://room.local/?join=ABCD-EFGH',
      'file:///tmp/?join=ABCD-EFGH',
      'ws://room.local:4780/?join=ABCD-EFGH',
      'data:text/html,x?join=ABCD-EFGH',
    ]) {
      expect(parseJoinLink(input), input).toBeNull();
    }
  });

  it('returns null for what a person types into the code field, so it is read as a code instead', () => {
    expect(parseJoinLink('ABCD-EFGH')).toBeNull();
    expect(parseJoinLink('abcd efgh')).toBeNull();
    expect(parseJoinLink('')).toBeNull();
    // Without a scheme it is not a link.
    expect(parseJoinLink('room.local:4780/?join=ABCD-EFGH')).toBeNull();
  });
});

describe('parseJoinLink with credentials', () => {
  it('refuses links that hide the real host behind user info', () => {
    expect(parseJoinLink('http://user:pw@room.local/?join=ABCD-EFGH')).toBeNull();
    expect(parseJoinLink('http://phonghop.gov.vn@evil.example/?join=ABCD-EFGH')).toBeNull();
  });
});

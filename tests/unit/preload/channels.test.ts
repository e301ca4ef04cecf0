import { describe, expect, it } from 'vitest';
import { argSchemas, HttpUrlSchema, parseHttpUrl, SettingsPatchSchema, SettingsSchema } from '#ipc/channels';

describe('contract schemas', () => {
  it('has a schema for every channel, named namespace:verb', () => {
    for (const channel of Object.keys(argSchemas)) expect(channel).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
  });

  it.each(['http://127.0.0.1:8787', 'https://phonghop.example.gov.vn/room/1'])(
    'accepts the server URL %s',
    (url) => {
      expect(HttpUrlSchema.safeParse(url).success).toBe(true);
    },
  );

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'ws://room.local/',
    'https://user:pw@room.local/',
    'room.local',
    '',
  ])('refuses the server URL %s', (url) => {
    expect(parseHttpUrl(url)).toBeNull();
    expect(HttpUrlSchema.safeParse(url).success).toBe(false);
  });

  it('refuses an overlong server URL', () => {
    expect(HttpUrlSchema.safeParse(`https://example.org/${'a'.repeat(2100)}`).success).toBe(false);
  });

  it('settings need both fields; a patch may carry either, but nothing else', () => {
    expect(SettingsSchema.safeParse({ serverUrl: null, language: 'vi' }).success).toBe(true);
    expect(SettingsSchema.safeParse({ language: 'vi' }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({}).success).toBe(true);
    expect(SettingsPatchSchema.safeParse({ language: 'en' }).success).toBe(true);
    expect(SettingsPatchSchema.safeParse({ language: 'de' }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ admin: true }).success).toBe(false);
  });

  it('argument tuples have a fixed length', () => {
    expect(argSchemas['settings:get'].safeParse([]).success).toBe(true);
    expect(argSchemas['settings:get'].safeParse([1]).success).toBe(false);
    expect(argSchemas['shell:open-external'].safeParse(['https://a.example/', 'x']).success).toBe(false);
  });

  it('projector:open takes one meeting id and nothing that could become a path or a URL', () => {
    expect(argSchemas['projector:open'].safeParse(['mtg_000001']).success).toBe(true);
    for (const bad of ['../x', 'abc', 'mtg 000001', 'https://evil.example/', 'a/b/c/d/e/f']) {
      expect(argSchemas['projector:open'].safeParse([bad]).success, bad).toBe(false);
    }
    expect(argSchemas['projector:open'].safeParse(['mtg_000001', 'x']).success).toBe(false);
  });
});

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SETTINGS,
  openSettingsStore,
  readStoredSettings,
  SETTINGS_FILE_NAME,
  writeFileAtomic,
} from '../../../main/settings/settings-store';

/** Flip `on` to make the next renames fail as a full disk or a crash would. */
const renameFault = vi.hoisted(() => ({ on: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    rename: (...args: Parameters<typeof actual.rename>) =>
      renameFault.on
        ? Promise.reject(Object.assign(new Error('simulated I/O error'), { code: 'EIO' }))
        : actual.rename(...args),
  };
});

let dir: string;
let file: string;
const logger = { warn: vi.fn() };

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'paperless-settings-'));
  file = path.join(dir, SETTINGS_FILE_NAME);
  logger.warn.mockClear();
  renameFault.on = false;
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('reading', () => {
  it('starts from the defaults when there is no file, without a warning', async () => {
    const store = await openSettingsStore({ filePath: file, logger });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it.each([
    ['not JSON', '{"language": "en",'],
    ['empty', ''],
    ['binary garbage', '\u0000\u0001\u0002'],
    ['a JSON array', '[1, 2, 3]'],
    ['JSON null', 'null'],
    ['a JSON string', '"vi"'],
  ])('falls back to the defaults when the file is %s, and keeps it aside', async (_label, content) => {
    await writeFile(file, content);
    const store = await openSettingsStore({ filePath: file, logger });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(logger.warn).toHaveBeenCalledOnce();
    expect(await readFile(`${file}.corrupt`, 'utf8')).toBe(content);
  });

  it('keeps the valid fields of a partly invalid file', async () => {
    await writeFile(file, JSON.stringify({ serverUrl: 'javascript:alert(1)', language: 'en', future: true }));
    const store = await openSettingsStore({ filePath: file, logger });
    expect(store.get()).toEqual({ serverUrl: null, language: 'en' });
  });

  it('normalises a stored URL', async () => {
    await writeFile(file, JSON.stringify({ serverUrl: 'HTTP://Room.Local:8787' }));
    expect(await readStoredSettings(file, logger)).toEqual({ serverUrl: 'http://room.local:8787/' });
  });

  it('does not crash when the path is a folder', async () => {
    const store = await openSettingsStore({ filePath: dir, logger });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('lets stored values win over the defaults, and uses the defaults for the rest', async () => {
    await writeFile(file, JSON.stringify({ language: 'en' }));
    const defaults = { serverUrl: 'http://127.0.0.1:8787/', language: 'vi' } as const;
    const store = await openSettingsStore({ filePath: file, defaults, logger });
    expect(store.get()).toEqual({ serverUrl: 'http://127.0.0.1:8787/', language: 'en' });
  });
});

describe('writing', () => {
  it('persists a patch and reads it back in a new store', async () => {
    const store = await openSettingsStore({ filePath: file, logger });
    await expect(store.set({ serverUrl: 'https://room.example.gov.vn' })).resolves.toEqual({
      serverUrl: 'https://room.example.gov.vn/',
      language: 'vi',
    });
    const again = await openSettingsStore({ filePath: file, logger });
    expect(again.get()).toEqual({ serverUrl: 'https://room.example.gov.vn/', language: 'vi' });
  });

  it('never writes the defaults into the file', async () => {
    const defaults = { serverUrl: 'http://127.0.0.1:8787/', language: 'vi' } as const;
    const store = await openSettingsStore({ filePath: file, defaults, logger });
    await store.set({ language: 'en' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ language: 'en' });
  });

  it('refuses an invalid patch and leaves the file and the state unchanged', async () => {
    const store = await openSettingsStore({ filePath: file, logger });
    await store.set({ language: 'en' });
    const before = await readFile(file, 'utf8');
    await expect(store.set({ serverUrl: 'file:///etc/passwd' })).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(store.get().language).toBe('en');
  });

  it('serialises concurrent writes: the last set wins and no temp file is left', async () => {
    const store = await openSettingsStore({ filePath: file, logger });
    const results = await Promise.all([
      store.set({ language: 'en' }),
      store.set({ serverUrl: 'http://a.example/' }),
      store.set({ language: 'vi' }),
    ]);
    expect(results.at(-1)).toEqual({ serverUrl: 'http://a.example/', language: 'vi' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      serverUrl: 'http://a.example/',
      language: 'vi',
    });
    expect(await readdir(dir)).toEqual([SETTINGS_FILE_NAME]);
  });

  it('creates the folder if it does not exist yet', async () => {
    const nested = path.join(dir, 'a', 'b', SETTINGS_FILE_NAME);
    const store = await openSettingsStore({ filePath: nested, logger });
    await store.set({ language: 'en' });
    expect(JSON.parse(await readFile(nested, 'utf8'))).toEqual({ language: 'en' });
  });
});

describe('writeFileAtomic', () => {
  it('replaces the whole file', async () => {
    await writeFile(file, 'x'.repeat(10_000));
    await writeFileAtomic(file, 'short');
    expect(await readFile(file, 'utf8')).toBe('short');
    expect(await readdir(dir)).toEqual([SETTINGS_FILE_NAME]);
  });

  it('keeps the previous file and the previous state when the write fails', async () => {
    const store = await openSettingsStore({ filePath: file, logger });
    await store.set({ language: 'en' });
    const before = await readFile(file, 'utf8');
    renameFault.on = true;
    await expect(store.set({ language: 'vi' })).rejects.toThrow('simulated I/O error');
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual([SETTINGS_FILE_NAME]);
    expect(store.get().language).toBe('en');
    renameFault.on = false;
    await expect(store.set({ language: 'vi' })).resolves.toMatchObject({ language: 'vi' });
  });

  it('leaves no temp file behind when the target cannot be replaced', async () => {
    // The target is a non-empty folder, so renaming the finished temp file onto it fails.
    const target = path.join(dir, 'occupied');
    await writeFileAtomic(path.join(target, 'keep.txt'), 'old');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(await readFile(path.join(target, 'keep.txt'), 'utf8')).toBe('old');
    expect((await readdir(dir)).sort()).toEqual(['occupied']);
  });
});

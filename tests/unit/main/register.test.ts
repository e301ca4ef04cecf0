import { describe, expect, it, vi } from 'vitest';
import { createAnnotationStoreHandlers } from '../../../main/cache/annotation-store-handlers';
import { createCacheHandlers } from '../../../main/cache/cache-handlers';
import { IpcFailure } from '../../../main/ipc/errors';
import {
  createHandle,
  type HandlerMap,
  type InvokeEventLike,
  type IpcLogger,
  type IpcMainLike,
  registerHandlers,
} from '../../../main/ipc/register';
import type { Settings } from '#ipc/channels';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => unknown;

/** A stand-in for `ipcMain` that records listeners and lets a test invoke them. */
function fakeIpcMain() {
  const listeners = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle(channel, listener) {
      if (listeners.has(channel)) throw new Error(`duplicate handler for ${channel}`);
      listeners.set(channel, listener);
    },
  };
  const invoke = (channel: string, url: string | null, ...args: unknown[]): Promise<unknown> => {
    const listener = listeners.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(listener({ senderFrame: url === null ? null : { url } }, ...args));
  };
  return { ipc, invoke, listeners };
}

function silentLogger() {
  return {
    warn: vi.fn<IpcLogger['warn']>(),
    error: vi.fn<IpcLogger['error']>(),
  } satisfies IpcLogger;
}

const APP = 'app://paperless/index.html';
const SETTINGS: Settings = { serverUrl: 'http://room.local:8787/', language: 'vi' };

describe('createHandle', () => {
  it('answers { ok: true, value } on success', async () => {
    const { ipc, invoke } = fakeIpcMain();
    const handle = createHandle(ipc, { logger: silentLogger() });
    handle('settings:get', () => SETTINGS);
    await expect(invoke('settings:get', APP)).resolves.toEqual({ ok: true, value: SETTINGS });
  });

  it('passes the parsed (normalised) arguments to the handler', async () => {
    const { ipc, invoke } = fakeIpcMain();
    const fn = vi.fn(async () => null);
    createHandle(ipc, { logger: silentLogger() })('shell:open-external', fn);
    await expect(invoke('shell:open-external', APP, 'HTTPS://Example.ORG')).resolves.toEqual({
      ok: true,
      value: null,
    });
    expect(fn).toHaveBeenCalledWith('https://example.org/');
  });

  it.each([
    ['a foreign origin', 'https://evil.example/'],
    ['a look-alike app host', 'app://paperless.evil/index.html'],
    ['a file page', 'file:///tmp/index.html'],
    ['a missing frame', null],
  ])('refuses %s with forbidden and never runs the handler', async (_label, url) => {
    const { ipc, invoke } = fakeIpcMain();
    const logger = silentLogger();
    const fn = vi.fn(() => SETTINGS);
    createHandle(ipc, { logger })('settings:get', fn);
    const result = await invoke('settings:get', url);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fn).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalled();
  });

  it('treats a sender check that throws as forbidden', async () => {
    const { ipc, invoke } = fakeIpcMain();
    const handle = createHandle(ipc, {
      logger: silentLogger(),
      isAllowedSender: () => {
        throw new Error('frame disposed');
      },
    });
    handle('settings:get', () => SETTINGS);
    await expect(invoke('settings:get', APP)).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it.each([
    ['a javascript: URL', 'shell:open-external', ['javascript:alert(1)'], 'http'],
    ['a file: URL', 'shell:open-external', ['file:///etc/passwd'], 'http'],
    ['a missing argument', 'shell:open-external', [], ''],
    ['an extra argument', 'settings:get', ['surprise'], ''],
    ['an unknown settings key', 'settings:set', [{ theme: 'dark' }], 'theme'],
    ['a bad language', 'settings:set', [{ language: 'fr' }], 'language'],
    ['a non-http server URL', 'settings:set', [{ serverUrl: 'ftp://room.local/' }], 'serverUrl'],
  ])('refuses %s with bad-request and a message', async (_label, channel, args, mentions) => {
    const { ipc, invoke } = fakeIpcMain();
    const fn = vi.fn();
    const handle = createHandle(ipc, { logger: silentLogger() });
    handle(channel as 'settings:get', fn);
    const result = (await invoke(channel, APP, ...args)) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('bad-request');
    expect(result.error.message).toContain(channel);
    expect(result.error.message).toContain(mentions);
    expect(fn).not.toHaveBeenCalled();
  });

  it('maps an IpcFailure to its own code and message', async () => {
    const { ipc, invoke } = fakeIpcMain();
    createHandle(ipc, { logger: silentLogger() })('settings:get', () => {
      throw new IpcFailure('forbidden', 'no, thanks');
    });
    await expect(invoke('settings:get', APP)).resolves.toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'no, thanks' },
    });
  });

  it('maps any other thrown error to internal without leaking its message, and logs it', async () => {
    const { ipc, invoke } = fakeIpcMain();
    const logger = silentLogger();
    createHandle(ipc, { logger })('settings:set', async () => {
      throw new Error('EACCES: permission denied, open /home/secret/settings.json');
    });
    const result = (await invoke('settings:set', APP, { language: 'en' })) as {
      ok: false;
      error: { code: string; message: string };
    };
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(result.error.message).not.toContain('/home/secret');
    expect(logger.error).toHaveBeenCalledOnce();
  });

  it('never rejects, even when the handler throws a non-Error', async () => {
    const { ipc, invoke } = fakeIpcMain();
    createHandle(ipc, { logger: silentLogger() })('app:get-info', () => {
      throw 'a string';
    });
    await expect(invoke('app:get-info', APP)).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });
});

describe('registerHandlers', () => {
  it('registers every channel of the map exactly once', () => {
    const { ipc, listeners } = fakeIpcMain();
    const handlers: HandlerMap = {
      'app:get-info': () => ({
        name: 'x',
        version: '0',
        platform: 'linux',
        arch: 'x64',
        electron: '',
        chrome: '',
        node: '',
      }),
      'settings:get': () => SETTINGS,
      'settings:set': () => SETTINGS,
      'shell:open-external': () => null,
      'projector:open': () => ({ external: false }),
      ...createCacheHandlers(undefined),
      ...createAnnotationStoreHandlers(undefined),
    };
    registerHandlers(createHandle(ipc, { logger: silentLogger() }), handlers);
    expect([...listeners.keys()].sort()).toEqual([
      'annotations:append',
      'annotations:clear',
      'annotations:load',
      'annotations:replace',
      'annotations:set-pending',
      'app:get-info',
      'cache:commit',
      'cache:delete',
      'cache:discard-partial',
      'cache:has',
      'cache:list',
      'cache:read',
      'cache:read-range',
      'cache:write-chunk',
      'projector:open',
      'settings:get',
      'settings:set',
      'shell:open-external',
    ]);
  });
});

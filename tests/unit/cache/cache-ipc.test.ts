/**
 * The cache channels end to end inside one process: the renderer's IpcDocumentCache → a fake
 * preload bridge → `handle` (sender check, zod) → the handlers → NodeDocumentCache on disk.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RendererApi } from '#ipc/api';
import { CacheChecksumError, CacheOffsetError } from '#ipc/cache';
import type { IpcChannel, IpcResult } from '#ipc/channels';
import { NodeDocumentCache } from '../../../main/cache/document-cache';
import { createHandlers, type HandlerDeps } from '../../../main/ipc/handlers';
import { createHandle, type InvokeEventLike, registerHandlers } from '../../../main/ipc/register';
import { IpcDocumentCache } from '../../../renderer/src/lib/cache/ipc-document-cache';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => unknown;

const APP_FRAME: InvokeEventLike = { senderFrame: { url: 'app://paperless/index.html' } as never };

let root: string;
let listeners: Map<string, Listener>;

function invoke(
  channel: IpcChannel,
  event: InvokeEventLike,
  ...args: unknown[]
): Promise<IpcResult<unknown>> {
  const listener = listeners.get(channel);
  if (!listener) throw new Error(`no handler for ${channel}`);
  return Promise.resolve(listener(event, ...args)) as Promise<IpcResult<unknown>>;
}

function bridge(): RendererApi['cache'] {
  const call =
    (channel: IpcChannel) =>
    (...args: unknown[]) =>
      invoke(channel, APP_FRAME, ...args);
  return {
    has: call('cache:has'),
    read: call('cache:read'),
    writeChunk: call('cache:write-chunk'),
    commit: call('cache:commit'),
    discardPartial: call('cache:discard-partial'),
    list: call('cache:list'),
    delete: call('cache:delete'),
  } as RendererApi['cache'];
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'paperless-cache-ipc-'));
  listeners = new Map();
  const deps: HandlerDeps = {
    appInfo: () => ({ name: '', version: '', platform: '', arch: '', electron: '', chrome: '', node: '' }),
    settings: {
      get: () => ({ serverUrl: null, language: 'vi' }),
      set: async () => ({ serverUrl: null, language: 'vi' }),
    },
    openExternal: async () => undefined,
    onSettingsChanged: () => undefined,
    documentCache: new NodeDocumentCache(join(root, 'document-cache')),
  };
  const handle = createHandle(
    { handle: (channel, listener) => void listeners.set(channel, listener) },
    {
      isAllowedSender: (frame) =>
        (frame as { url?: string } | null)?.url?.startsWith('app://paperless/') === true,
      logger: { warn: vi.fn(), error: vi.fn() },
    },
  );
  registerHandlers(handle, createHandlers(deps));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('cache channels', () => {
  const bytes = new TextEncoder().encode('%PDF-1.7 a small but real enough document body');
  const sha = createHash('sha256').update(bytes).digest('hex');

  it('write, resume, commit and read through the renderer cache', async () => {
    const cache = new IpcDocumentCache(bridge());
    expect(await cache.has(sha)).toBe(false);
    expect(await cache.appendChunk(sha, 0, bytes.subarray(0, 10))).toBe(10);
    expect(await cache.state(sha)).toEqual({ complete: false, partialBytes: 10 });
    await expect(cache.appendChunk(sha, 3, bytes.subarray(3))).rejects.toEqual(new CacheOffsetError(10));
    expect(await cache.appendChunk(sha, 10, bytes.subarray(10))).toBe(bytes.byteLength);
    expect(await cache.get(sha)).toBeNull();
    await cache.commit(sha, bytes.byteLength);
    expect(await cache.get(sha)).toEqual(new Uint8Array(bytes));
    expect(await cache.list()).toEqual([
      { sha256: sha, complete: true, partialBytes: 0, byteSize: bytes.byteLength },
    ]);
    await cache.delete(sha);
    expect(await cache.has(sha)).toBe(false);
  });

  it('a tampered download is refused by main and deleted', async () => {
    const cache = new IpcDocumentCache(bridge());
    const tampered = bytes.slice();
    tampered[0] = 0;
    await cache.appendChunk(sha, 0, tampered);
    await expect(cache.commit(sha, bytes.byteLength)).rejects.toBeInstanceOf(CacheChecksumError);
    expect(await cache.state(sha)).toEqual({ complete: false, partialBytes: 0 });
  });

  it('refuses other senders, bad names, bad offsets and oversized chunks', async () => {
    const stranger: InvokeEventLike = { senderFrame: { url: 'https://evil.example/' } as never };
    expect(await invoke('cache:read', stranger, sha)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await invoke('cache:read', APP_FRAME, '../../etc/passwd')).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await invoke('cache:write-chunk', APP_FRAME, sha, -1, new Uint8Array(1))).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await invoke('cache:write-chunk', APP_FRAME, sha, 0, 'not bytes')).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(
      await invoke('cache:write-chunk', APP_FRAME, sha, 0, new Uint8Array(16 * 1024 * 1024 + 1)),
    ).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await invoke('cache:commit', APP_FRAME, sha, 5)).toMatchObject({
      ok: false,
      error: { code: 'checksum-mismatch' },
    });
  });

  it('answers internal when the app has no cache', async () => {
    const handlers = createHandlers({
      appInfo: () => ({ name: '', version: '', platform: '', arch: '', electron: '', chrome: '', node: '' }),
      settings: {
        get: () => ({ serverUrl: null, language: 'vi' }),
        set: async () => ({ serverUrl: null, language: 'vi' }),
      },
      openExternal: async () => undefined,
      onSettingsChanged: () => undefined,
    });
    await expect(handlers['cache:list']()).rejects.toMatchObject({ code: 'internal' });
  });
});

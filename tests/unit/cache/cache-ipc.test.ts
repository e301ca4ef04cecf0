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
    readRange: call('cache:read-range'),
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

  it('reads ranges of a complete copy only, cut at its end', async () => {
    const cache = new IpcDocumentCache(bridge());
    await cache.appendChunk(sha, 0, bytes);
    expect(await cache.size(sha)).toBeNull();
    expect(await cache.read(sha, 0, 4)).toBeNull();
    await cache.commit(sha, bytes.byteLength);
    expect(await cache.size(sha)).toBe(bytes.byteLength);
    expect(await cache.read(sha, 0, 4)).toEqual(new Uint8Array(bytes.subarray(0, 4)));
    expect(await cache.read(sha, 9, 5)).toEqual(new Uint8Array(bytes.subarray(9, 14)));
    expect(await cache.read(sha, bytes.byteLength - 3, 100)).toEqual(new Uint8Array(bytes.subarray(-3)));
    expect(await cache.read(sha, bytes.byteLength + 10, 5)).toEqual(new Uint8Array(0));
    await expect(cache.read(sha, -1, 5)).rejects.toBeInstanceOf(RangeError);
    await cache.delete(sha);
    expect(await cache.size(sha)).toBeNull();
    expect(await cache.read(sha, 0, 4)).toBeNull();
  });

  it('splits a read larger than one call may carry', async () => {
    const big = new Uint8Array(9 * 1024 * 1024 + 17).map((_, i) => (i * 31) & 0xff);
    const bigSha = createHash('sha256').update(big).digest('hex');
    const cache = new IpcDocumentCache(bridge());
    await cache.appendChunk(bigSha, 0, big);
    await cache.commit(bigSha, big.byteLength);
    const spy = vi.fn(bridge().readRange);
    const counted = new IpcDocumentCache({ ...bridge(), readRange: spy });
    const read = await counted.read(bigSha, 5, big.byteLength);
    expect(read?.byteLength).toBe(big.byteLength - 5);
    // Compared by hash: a deep equality over 9 MiB is far too slow.
    expect(
      createHash('sha256')
        .update(read ?? new Uint8Array(0))
        .digest('hex'),
    ).toBe(createHash('sha256').update(big.subarray(5)).digest('hex'));
    expect(spy).toHaveBeenCalledTimes(2);
    for (const [, , length] of spy.mock.calls) expect(length).toBeLessThanOrEqual(16 * 1024 * 1024);
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
    expect(await invoke('cache:read-range', stranger, sha, 0, 10)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    for (const args of [
      ['../../etc/passwd', 0, 10],
      [sha, -1, 10],
      [sha, 0.5, 10],
      [sha, 0, -1],
      [sha, 0, 16 * 1024 * 1024 + 1],
      [sha, '0', 10],
      [sha, 0],
    ]) {
      expect(await invoke('cache:read-range', APP_FRAME, ...args)).toMatchObject({
        ok: false,
        error: { code: 'bad-request' },
      });
    }
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

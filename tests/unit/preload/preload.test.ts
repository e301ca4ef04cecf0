import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RendererApi } from '#ipc/api';

/** What the preload handed to `contextBridge`, and the fake `ipcRenderer` it talked to. */
const bridge = vi.hoisted(() => {
  type Listener = (event: unknown, ...args: unknown[]) => void;
  const listeners = new Map<string, Set<Listener>>();
  return {
    exposed: new Map<string, unknown>(),
    listeners,
    invoke: vi.fn(
      async (channel: string, ...args: unknown[]): Promise<unknown> => ({
        ok: true,
        value: { channel, args },
      }),
    ),
    emit(channel: string, payload: unknown): void {
      for (const listener of listeners.get(channel) ?? []) listener({ sender: 'the raw IPC event' }, payload);
    },
  };
});

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => bridge.exposed.set(key, value),
  },
  ipcRenderer: {
    invoke: bridge.invoke,
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      const set = bridge.listeners.get(channel) ?? new Set();
      set.add(listener);
      bridge.listeners.set(channel, set);
    },
    off: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      bridge.listeners.get(channel)?.delete(listener);
    },
  },
}));

let api: RendererApi;

beforeAll(async () => {
  await import('../../../preload/index');
  api = bridge.exposed.get('api') as RendererApi;
});

/** Every function reachable from an object, with its dotted path. */
function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, inner]) => leaves(inner, prefix ? `${prefix}.${key}` : key));
}

describe('preload', () => {
  it('exposes exactly one key, `api`, made of functions only', () => {
    expect([...bridge.exposed.keys()]).toEqual(['api']);
    for (const [name, value] of leaves(api)) expect(typeof value, name).toBe('function');
  });

  it('exposes no raw IPC object', () => {
    const names = leaves(api).map(([name]) => name);
    expect(names.sort()).toEqual([
      'annotations.append',
      'annotations.clear',
      'annotations.load',
      'annotations.replace',
      'annotations.setPending',
      'app.getInfo',
      'cache.commit',
      'cache.delete',
      'cache.discardPartial',
      'cache.has',
      'cache.list',
      'cache.read',
      'cache.readRange',
      'cache.writeChunk',
      'projector.open',
      'settings.get',
      'settings.onChanged',
      'settings.set',
      'shell.openExternal',
    ]);
  });

  it.each([
    ['app.getInfo', () => api.app.getInfo(), 'app:get-info', []],
    ['settings.get', () => api.settings.get(), 'settings:get', []],
    ['projector.open', () => api.projector.open('mtg_000001'), 'projector:open', ['mtg_000001']],
    [
      'cache.readRange',
      () => api.cache.readRange('ab'.repeat(32), 65_536, 131_072),
      'cache:read-range',
      ['ab'.repeat(32), 65_536, 131_072],
    ],
    ['settings.set', () => api.settings.set({ language: 'en' }), 'settings:set', [{ language: 'en' }]],
    [
      'shell.openExternal',
      () => api.shell.openExternal('https://example.org/'),
      'shell:open-external',
      ['https://example.org/'],
    ],
  ] as const)('%s invokes its one channel', async (_name, call, channel, args) => {
    bridge.invoke.mockClear();
    await expect(call()).resolves.toEqual({ ok: true, value: { channel, args } });
    expect(bridge.invoke).toHaveBeenCalledExactlyOnceWith(channel, ...args);
  });

  it('turns a rejected invoke into an internal error value', async () => {
    bridge.invoke.mockRejectedValueOnce(new Error("No handler registered for 'app:get-info'"));
    await expect(api.app.getInfo()).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: "No handler registered for 'app:get-info'" },
    });
  });

  it('passes only the payload to listeners, and unsubscribes', () => {
    const received: unknown[][] = [];
    const unsubscribe = api.settings.onChanged((...args: unknown[]) => received.push(args));
    bridge.emit('settings:changed', { serverUrl: null, language: 'en' });
    expect(received).toEqual([[{ serverUrl: null, language: 'en' }]]);

    unsubscribe();
    bridge.emit('settings:changed', { serverUrl: null, language: 'vi' });
    expect(received).toHaveLength(1);
    expect(bridge.listeners.get('settings:changed')?.size).toBe(0);
  });
});

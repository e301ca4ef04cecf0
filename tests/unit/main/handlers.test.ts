import { describe, expect, it, vi } from 'vitest';
import { IpcFailure } from '../../../main/ipc/errors';
import { createHandlers, type HandlerDeps } from '../../../main/ipc/handlers';
import type { SettingsStore } from '../../../main/settings/settings-store';
import type { Settings } from '#ipc/channels';

function deps(overrides: Partial<HandlerDeps> = {}): HandlerDeps {
  let current: Settings = { serverUrl: null, language: 'vi' };
  const settings: SettingsStore = {
    get: () => current,
    set: async (patch) => {
      current = { ...current, ...patch } as Settings;
      return current;
    },
  };
  return {
    appInfo: () => ({
      name: 'Paperless Room',
      version: '0.1.0',
      platform: 'linux',
      arch: 'x64',
      electron: '38.0.0',
      chrome: '140.0.0',
      node: '22.0.0',
    }),
    settings,
    openExternal: vi.fn(async () => undefined),
    onSettingsChanged: vi.fn(),
    ...overrides,
  };
}

describe('createHandlers', () => {
  it('settings:set stores the patch and announces the new settings', async () => {
    const d = deps();
    const handlers = createHandlers(d);
    const next = await handlers['settings:set']({ language: 'en' });
    expect(next).toEqual({ serverUrl: null, language: 'en' });
    expect(d.onSettingsChanged).toHaveBeenCalledWith(next);
    expect(await handlers['settings:get']()).toEqual(next);
  });

  it('shell:open-external opens the checked href', async () => {
    const d = deps();
    await expect(createHandlers(d)['shell:open-external']('https://example.org/a?b=c')).resolves.toBeNull();
    expect(d.openExternal).toHaveBeenCalledWith('https://example.org/a?b=c');
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'https://user:pw@example.org/'])(
    'shell:open-external refuses %s even if it got past the schema',
    async (url) => {
      const d = deps();
      const result = createHandlers(d)['shell:open-external'](url);
      await expect(result).rejects.toBeInstanceOf(IpcFailure);
      await expect(result).rejects.toMatchObject({ code: 'forbidden' });
      expect(d.openExternal).not.toHaveBeenCalled();
    },
  );
});

describe('projector:open', () => {
  it('opens the projector window of the meeting through the injected opener', async () => {
    const openProjector = vi.fn(() => ({ external: true }));
    expect(await createHandlers(deps({ openProjector }))['projector:open']('mtg_000001')).toEqual({
      external: true,
    });
    expect(openProjector).toHaveBeenCalledWith('mtg_000001');
  });

  it('fails as internal where no projector window can be opened', async () => {
    const call = async () => createHandlers(deps())['projector:open']('mtg_000001');
    await expect(call()).rejects.toBeInstanceOf(IpcFailure);
  });
});

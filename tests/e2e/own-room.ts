/**
 * A room server of a spec file's own, for specs whose changes (a closed vote, frozen minutes, a
 * session's state, register numbers) other specs must not see: started before the file's tests,
 * stopped after them, with the HTTP API and the demo's join codes at hand.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContextOptions, Page } from '@playwright/test';
import { type DemoCode, expect, test } from './fixtures';
import { fetchRoomApi } from './room-api';
import { type ReadyInfo, type StartedRoomServer, startRoomServer } from './room-server';

export interface OwnRoom {
  /** What the server printed when ready (only inside tests and hooks). */
  readonly info: ReadyInfo;
  /** `fetchRoomApi` bound to this server. */
  readonly api: ReturnType<typeof fetchRoomApi>;
  /** Redeems a join code; returns the session token. */
  join(code: string): Promise<string>;
  /** The demo's join code number `n` (from 0) for a role; fails when there is none. */
  code(role: string, n?: number): DemoCode;
  /** Every demo join code of a role, in the demo's order. */
  codes(role: string): DemoCode[];
  /**
   * A participant in a browser context of their own (1366×900 unless `options` say), joined
   * with a join link, once their agenda shows; the app's confirmation dialogs are accepted.
   */
  joinInBrowser(browser: Browser, code: string, options?: BrowserContextOptions): Promise<Page>;
}

/** Registers the file's `beforeAll`/`afterAll`; `shotsDir` is created for its screenshots. */
export function ownRoomServer(shotsDir?: string): OwnRoom {
  let server: StartedRoomServer | undefined;
  test.beforeAll(async () => {
    if (shotsDir) mkdirSync(shotsDir, { recursive: true });
    server = await startRoomServer();
  });
  test.afterAll(async () => {
    await server?.stop();
  });
  const info = (): ReadyInfo => {
    if (!server) throw new Error('the room server of this spec is not started (used outside a test?)');
    return server.info;
  };
  const api = fetchRoomApi(() => info().url);
  const codes = (role: string): DemoCode[] => info().demo.codes.filter((c) => c.role === role);
  return {
    get info() {
      return info();
    },
    api,
    join: async (code) => (await api<{ token: string }>('POST', '/join', null, { code })).token,
    code(role, n = 0) {
      const entry = codes(role)[n];
      if (!entry) throw new Error(`the demo has no join code number ${n} for role ${role}`);
      return entry;
    },
    codes,
    async joinInBrowser(browser, code, options = {}) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, ...options });
      const page = await context.newPage();
      page.on('dialog', (dialog) => void dialog.accept());
      await page.goto(`${info().url}/?join=${code}`);
      // Redeeming the code and the first agenda load: give a loaded machine time.
      await expect(page.getByTestId('agenda-screen')).toBeVisible({ timeout: 30_000 });
      return page;
    },
  };
}

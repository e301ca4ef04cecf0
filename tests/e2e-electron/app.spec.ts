/// <reference path="../../preload/contract/window.d.ts" />
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ElectronApplication, _electron as electron, expect, type Page, test } from '@playwright/test';
import { findElectronBinary } from '../../main/electron-binary';

const root = fileURLToPath(new URL('../..', import.meta.url));
const mainEntry = path.join(root, 'dist', 'main', 'index.cjs');

const SKIP_MESSAGE = 'Electron binary not installed: skipping the Electron end-to-end suite';
// Not `require('electron')`: that downloads the binary when it is missing.
const binary = findElectronBinary();
// The list reporter does not print skip reasons, so say it once where a person will see it.
if (binary === null) console.log(SKIP_MESSAGE);
test.skip(binary === null, SKIP_MESSAGE);

let app: ElectronApplication;
let page: Page;
let userDataDir: string;

test.beforeAll(async () => {
  expect(existsSync(mainEntry), `${mainEntry} is missing: run \`npm run build\` first`).toBe(true);
  // Each run gets its own profile, so settings and the single-instance lock never leak between runs.
  userDataDir = await mkdtemp(path.join(tmpdir(), 'paperless-e2e-'));
  app = await electron.launch({
    executablePath: binary ?? undefined,
    args: [mainEntry],
    cwd: root,
    env: { ...process.env, PAPERLESS_USER_DATA_DIR: userDataDir },
  });
  page = await app.firstWindow();
});

test.afterAll(async () => {
  await app?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

test('opens the join screen on the app origin', async () => {
  expect(page.url()).toBe('app://paperless/index.html');
  await expect(page.getByTestId('join-screen')).toBeVisible();
});

test('exposes window.api and nothing from Node', async () => {
  const globals = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return {
      api: typeof window.api,
      require: typeof w.require,
      process: typeof w.process,
      module: typeof w.module,
      ipcRenderer: typeof w.ipcRenderer,
    };
  });
  expect(globals).toEqual({
    api: 'object',
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    ipcRenderer: 'undefined',
  });
});

test('answers app:get-info through the bridge', async () => {
  const result = await page.evaluate(() => window.api?.app.getInfo());
  expect(result).toMatchObject({
    ok: true,
    value: { name: expect.any(String), electron: expect.any(String) },
  });
});

test('refuses to navigate away from the app', async () => {
  await page.evaluate(() => {
    window.location.href = 'https://example.org/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe('app://paperless/index.html');
});

test('does not open new windows', async () => {
  await page.evaluate(() => window.open('app://paperless/index.html'));
  await page.waitForTimeout(500);
  expect(app.windows()).toHaveLength(1);
});

import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { RESULTS_DIR } from './room-server';

/**
 * End-to-end tests of the web client against the real, built room server
 * (`npm run build` first). They run on Debian's Chromium; Playwright never downloads a browser.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  outputDir: join(RESULTS_DIR, 'e2e-artifacts'),
  fullyParallel: false,
  // One worker: the tests share one server and its single-use demo join codes.
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: join(RESULTS_DIR, 'e2e.json') }]],
  use: {
    browserName: 'chromium',
    headless: true,
    locale: 'vi-VN',
    // Meeting times are shown in the device's time zone; a Vietnamese laptop is on ICT (UTC+7).
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport: { width: 1366, height: 768 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
});

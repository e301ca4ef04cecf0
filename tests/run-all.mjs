#!/usr/bin/env node
// The one test command (`npm test`): type check, lint, build, unit + integration tests,
// the browser end-to-end suite in Debian's Chromium, and the Electron suite (which skips,
// saying so, where no Electron binary is installed). Ends with one summary line
// "tests: N passed, N failed, N skipped" and a non-zero exit if any step failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

function run(name, command, args, env = {}) {
  process.stdout.write(`\n=== ${name}: ${command} ${args.join(' ')}\n`);
  const started = Date.now();
  const res = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = res.status === 0;
  process.stdout.write(
    `=== ${name}: ${ok ? 'ok' : `FAILED (exit ${res.status ?? res.signal})`} in ${seconds} s\n`,
  );
  if (!ok) failedSteps.push(name);
  return ok;
}

function readJson(file) {
  const path = join(results, file);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

function countVitest(file) {
  const report = readJson(file);
  if (!report) return;
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}

function countPlaywright(file) {
  const report = readJson(file);
  if (!report) return;
  totals.passed += report.stats.expected + report.stats.flaky;
  totals.failed += report.stats.unexpected;
  totals.skipped += report.stats.skipped;
}

const npx = (args, env) => run(args[0], 'npx', args, env);

run('typecheck', 'npm', ['run', '--silent', 'typecheck']);
npx(['biome', 'check', '.']);
const built = run('build', 'npm', ['run', '--silent', 'build']);

npx([
  'vitest',
  'run',
  '--config',
  'tests/vitest.config.ts',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/vitest.json',
]);
countVitest('vitest.json');

if (!existsSync(chromium)) {
  process.stdout.write(
    `\nChromium not found at ${chromium}: install Debian's chromium (see .ci/run) or set CHROMIUM_PATH.\n`,
  );
  failedSteps.push('e2e (no Chromium)');
} else if (built) {
  npx(['playwright', 'test', '--config', 'tests/e2e/playwright.config.ts'], { CHROMIUM_PATH: chromium });
  countPlaywright('e2e.json');
}

if (built) {
  // Electron needs a display; under CI there is none, so use Xvfb when it is installed.
  const needsDisplay = !process.env.DISPLAY && existsSync('/usr/bin/xvfb-run');
  const electronArgs = ['playwright', 'test', '--config', 'tests/e2e-electron/playwright.config.ts'];
  if (needsDisplay) run('e2e-electron', 'xvfb-run', ['-a', 'npx', ...electronArgs]);
  else npx(electronArgs);
  countPlaywright('e2e-electron.json');
}

process.stdout.write(
  `\n${failedSteps.length ? `failed steps: ${failedSteps.join(', ')}` : 'all steps ok'}\n` +
    `tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`,
);
process.exit(failedSteps.length || totals.failed ? 1 : 0);

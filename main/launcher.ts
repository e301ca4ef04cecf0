/**
 * `npm start`: plain Node (no Electron import). Starts the demo room server, then the
 * desktop app pointed at it when an Electron binary is installed; otherwise says so and
 * leaves the web client running. Extra arguments (e.g. `--port 8080`) go to the server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary';

/** dist/launcher.js → dist/. */
const distDir = path.dirname(fileURLToPath(import.meta.url));
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

const children = new Set<ChildProcess>();
let stopping = false;

function track(child: ChildProcess, name: string): ChildProcess {
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (stopping) return;
    console.log(`${name} exited (${signal ?? `code ${code}`}); stopping.`);
    void stop(code ?? 1);
  });
  return child;
}

/** Waits for the room server's ready file (`{ url, ... }`); rejects if the server exits first. */
async function waitForServerUrl(readyFile: string, server: ChildProcess): Promise<string> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error('the room server exited');
    try {
      const ready = JSON.parse(await readFile(readyFile, 'utf8')) as { url?: unknown };
      if (typeof ready.url === 'string') return ready.url;
    } catch {
      // Not written yet (or half written): poll again.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the room server was not ready after ${READY_TIMEOUT_MS / 1000} s`);
}

/** Stops every child (SIGTERM, then SIGKILL after a grace period) and exits. */
async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  process.exit(exitCode);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stop(130));
  process.on('SIGTERM', () => void stop(143));

  const passThrough = process.argv.slice(2);
  const readyIndex = passThrough.indexOf('--ready-file');
  let readyFile = readyIndex >= 0 ? passThrough[readyIndex + 1] : undefined;
  let serverArgs = passThrough;
  if (readyFile === undefined) {
    const tempDir = mkdtempSync(path.join(tmpdir(), 'paperless-launcher-'));
    process.on('exit', () => rmSync(tempDir, { recursive: true, force: true }));
    readyFile = path.join(tempDir, 'ready.json');
    serverArgs = [...passThrough, '--ready-file', readyFile];
  }

  const server = track(
    spawn(process.execPath, [path.join(distDir, 'room-server.js'), '--demo', ...serverArgs], {
      stdio: ['ignore', 'inherit', 'inherit'],
    }),
    'The room server',
  );
  const serverUrl = await waitForServerUrl(readyFile, server);

  const electronBinary = findElectronBinary();
  if (electronBinary === null) {
    console.log(
      `Desktop app skipped: no Electron binary is installed (fetch it with "node node_modules/electron/install.js" where there is internet). The web client is at ${serverUrl} (Ctrl+C stops the server).`,
    );
    return;
  }

  const env: NodeJS.ProcessEnv = { ...process.env, PAPERLESS_SERVER_URL: serverUrl };
  delete env.ELECTRON_RUN_AS_NODE;
  track(
    spawn(electronBinary, [path.join(distDir, 'main', 'index.cjs')], { stdio: 'inherit', env }),
    'The desktop app',
  );
}

main().catch((err: unknown) => {
  console.error('Paperless Room launcher:', err instanceof Error ? err.message : err);
  void stop(1);
});

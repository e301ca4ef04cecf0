/**
 * Starts the real, built room server for the e2e suite and describes it to the tests.
 * The server writes a ready file once it listens; we wait for that file (bounded) instead of
 * guessing a port or sleeping.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Repository root (this file is tests/e2e/room-server.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where screenshots and reports go, so CI can keep them as artefacts. */
export const RESULTS_DIR = join(REPO_ROOT, 'test-results');

/** Name of the environment variable that carries the ready info from global setup to workers. */
export const ROOM_ENV = 'PAPERLESS_E2E_ROOM';

/** What `room-server.js --ready-file` writes; checked so a contract change fails loudly here. */
export const ReadyInfoSchema = z.object({
  url: z.url(),
  dataDir: z.string(),
  adminCode: z.string().nullable(),
  demo: z.object({
    meetingId: z.string(),
    meetingTitle: z.string(),
    codes: z.array(
      z.object({ participantId: z.string(), name: z.string(), role: z.string(), code: z.string() }),
    ),
  }),
});
export type ReadyInfo = z.infer<typeof ReadyInfoSchema>;

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
/** Keep only the tail of the server's output: enough to explain a failure, bounded in memory. */
const OUTPUT_LIMIT = 20_000;

/** A started server and how to stop it. */
export interface StartedRoomServer {
  info: ReadyInfo;
  stop(): Promise<void>;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Spawns `node dist/room-server.js --demo` on an ephemeral port with a fresh data folder.
 * Throws with the server's output when it exits early or is not ready within 30 s.
 */
export async function startRoomServer(): Promise<StartedRoomServer> {
  const entry = join(REPO_ROOT, 'dist', 'room-server.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  if (!existsSync(join(REPO_ROOT, 'dist', 'renderer', 'index.html'))) {
    throw new Error('dist/renderer is missing: run `npm run build` first');
  }

  const tmp = await mkdtemp(join(tmpdir(), 'paperless-e2e-'));
  const dataDir = join(tmp, 'data');
  const readyFile = join(tmp, 'ready.json');
  const child = spawn(
    process.execPath,
    [entry, '--data-dir', dataDir, '--host', '127.0.0.1', '--port', '0', '--demo', '--ready-file', readyFile],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
  );
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
        child.kill('SIGKILL');
        await waitForExit(child, STOP_TIMEOUT_MS);
      }
    }
    await rm(tmp, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(
        `room server exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready:\n${output}`,
      );
    }
    if (existsSync(readyFile)) {
      // The server writes a temp file and renames it, so the JSON is complete once it exists.
      const parsed = ReadyInfoSchema.safeParse(JSON.parse(await readFile(readyFile, 'utf8')));
      if (!parsed.success) {
        await stop();
        throw new Error(`ready file does not match the expected shape: ${parsed.error.message}`);
      }
      return { info: parsed.data, stop };
    }
    await delay(100);
  }
  await stop();
  throw new Error(`room server not ready after ${READY_TIMEOUT_MS / 1000} s. Its output:\n${output}`);
}

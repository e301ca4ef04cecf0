/**
 * The start/stop boilerplate the benchmarks share: the room server as a child process run from
 * source (tsx, as the hostile tests run it) on a fresh data dir, the stock y-websocket server
 * (stock-server.mjs), both with the lifeline preload so they stop when the benchmark goes away
 * even after `kill -9`, and `runBench`, which removes every child and temp dir on any exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopChild, untilReady } from './child-process';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const LIFELINE = fileURLToPath(new URL('../lifeline.mjs', import.meta.url));
const STOCK_SERVER_SCRIPT = fileURLToPath(new URL('../stock-server.mjs', import.meta.url));

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

/** Kills every child still running and removes temp dirs; safe from an 'exit' handler. */
export function cleanupNow(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}

/** A fresh temp dir under `root`, removed by {@link cleanupNow} if not by {@link removeTempDir}. */
export function makeTempDir(root: string, prefix: string): string {
  const dir = mkdtempSync(join(root, prefix));
  tempDirs.add(dir);
  return dir;
}

/** Removes a dir made by {@link makeTempDir}. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** A server child: its pid, and a stop that waits for it (SIGTERM, SIGKILL after 5 s). */
export interface ServerProcess {
  readonly pid: number;
  stop(): Promise<void>;
}

function spawnTracked(
  args: string[],
  stdout: 'ignore' | 'pipe',
): { child: ChildProcess; stderr: () => string } {
  // stdin: the lifeline (see lifeline.mjs).
  const child = spawn(process.execPath, ['--import', LIFELINE, ...args], {
    cwd: repoRoot,
    stdio: ['pipe', stdout, 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
  });
  return { child, stderr: () => stderr };
}

/** Our room server, from source, on a fresh data dir under `dataRoot`. */
export async function startRoomFromSource(
  dataRoot: string,
  label = 'paperless-bench-',
  /** More room-server options, e.g. `['--web-root', dir]`. */
  extraArgs: readonly string[] = [],
): Promise<ServerProcess & { url: string; adminCode: string; dataDir: string }> {
  return startRoom(['--import', 'tsx', 'sync-server/room-server.ts'], dataRoot, label, extraArgs);
}

/**
 * Our room server as shipped, `dist/room-server.js` (`npm run build:server` first): for memory
 * figures, which from source include tsx's compiled modules in every thread.
 */
export async function startRoomFromBundle(
  dataRoot: string,
  label = 'paperless-bench-',
): Promise<ServerProcess & { url: string; adminCode: string; dataDir: string }> {
  const bundle = join(repoRoot, 'dist', 'room-server.js');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build:server\` first`);
  return startRoom([bundle], dataRoot, label);
}

async function startRoom(
  entry: readonly string[],
  dataRoot: string,
  label: string,
  extraArgs: readonly string[] = [],
): Promise<ServerProcess & { url: string; adminCode: string; dataDir: string }> {
  const dir = makeTempDir(dataRoot, label);
  const readyFile = join(dir, 'ready.json');
  const { child, stderr } = spawnTracked(
    [
      ...entry,
      ...['--data-dir', join(dir, 'data'), '--host', '127.0.0.1', '--port', '0', '--ready-file', readyFile],
      ...['--log-level', 'warn'],
      ...extraArgs,
    ],
    'ignore',
  );
  const stop = async () => {
    await stopChild(child);
    removeTempDir(dir);
  };
  try {
    const info = await untilReady(child, 'room server', 60_000, stderr, () =>
      existsSync(readyFile)
        ? (JSON.parse(readFileSync(readyFile, 'utf8')) as { url: string; adminCode: string; dataDir: string })
        : null,
    );
    return { ...info, pid: child.pid as number, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The stock `@y/websocket-server` (no persistence); `wsBase` is `ws://127.0.0.1:PORT/yjs`. */
export async function startStockYjsServer(): Promise<ServerProcess & { wsBase: string }> {
  const { child, stderr } = spawnTracked([STOCK_SERVER_SCRIPT], 'pipe');
  let stdout = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    stdout += chunk;
  });
  const stop = () => stopChild(child);
  try {
    const port = await untilReady(child, 'stock server', 20_000, stderr, () => {
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      return line ? (JSON.parse(line) as { port: number }).port : null;
    });
    return { pid: child.pid as number, wsBase: `ws://127.0.0.1:${port}/yjs`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Runs a benchmark's `main` and exits with its code (1 if it threw), removing every child and
 * temp dir on the way out, on a signal too; `cleanup` is the benchmark's own (its other
 * children, files), run first.
 */
export function runBench(main: () => Promise<number>, cleanup?: () => void): void {
  const cleanAll = (): void => {
    try {
      cleanup?.();
    } finally {
      cleanupNow();
    }
  };
  process.on('exit', cleanAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      process.stderr.write(`\n${signal}: stopping the servers and load generators\n`);
      cleanAll();
      process.exit(130);
    });
  }
  main().then(
    (code) => {
      cleanAll();
      process.exit(code);
    },
    (err: unknown) => {
      process.stderr.write(
        `\nbenchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      cleanAll();
      process.exit(1);
    },
  );
}

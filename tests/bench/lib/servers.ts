import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopChild, untilReady } from './child-process';

export type ServerKind = 'ours' | 'stock';

/** A server child process with everything the workload needs to reach one document. */
export interface BenchServer {
  readonly kind: ServerKind;
  readonly pid: number;
  /** ws://127.0.0.1:PORT/yjs — the y-websocket "serverUrl"; the room name follows after a slash. */
  readonly wsBase: string;
  /** The document's name: `meeting/<id>/minutes`. */
  readonly room: string;
  /** One token per client (ours); the stock server ignores them. */
  readonly tokens: readonly string[];
  /** Our server's SQLite file (null for stock). */
  readonly databaseFile: string | null;
  /** Stops the child: SIGTERM, then SIGKILL after a grace period. Idempotent. */
  stop(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const ROOM_SERVER_BUNDLE = join(repoRoot, 'dist', 'room-server.js');
const STOCK_SERVER_SCRIPT = fileURLToPath(new URL('../stock-server.mjs', import.meta.url));
/** Preload that stops a child when the benchmark's end of its stdin closes. */
const LIFELINE = new URL('../lifeline.mjs', import.meta.url).href;

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

/** Kills every child still running and removes temp dirs. Safe to call from an 'exit' handler. */
export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

function track(child: ChildProcess): { stderr: () => string } {
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    // Keep the tail only: enough to explain a failure, bounded in size.
    stderr = (stderr + chunk).slice(-8000);
  });
  return { stderr: () => stderr };
}

interface ApiClient {
  post<T>(path: string, body: unknown, token?: string): Promise<T>;
}

function apiClient(baseUrl: string): ApiClient {
  return {
    async post<T>(path: string, body: unknown, token?: string): Promise<T> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(`${baseUrl}/api/v1${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`POST ${path} → ${res.status}: ${text.slice(0, 500)}`);
      return JSON.parse(text) as T;
    },
  };
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export interface StartOptions {
  readonly clients: number;
  /** Our server's bundle (default dist/room-server.js). */
  readonly bundle?: string;
  /** Where our server's fresh data dir is created (default the OS temp dir). */
  readonly dataRoot?: string;
  /** Extra node flags for the child (e.g. --cpu-prof). */
  readonly nodeArgs: readonly string[];
  /** If set, the child's stdout and stderr are also appended to this file. */
  readonly logFile: string | null;
}

/** Copies a child's output to a log file (diagnostics such as --trace-gc). */
function teeTo(child: ChildProcess, logFile: string | null): void {
  if (!logFile) return;
  const out = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.on('data', (chunk: Buffer | string) => out.write(chunk));
  child.stderr?.on('data', (chunk: Buffer | string) => out.write(chunk));
  child.once('exit', () => out.end());
}

/**
 * Starts `dist/room-server.js` on a fresh data dir and sets up, over its real HTTP API, a
 * meeting with `clients` secretaries (who may write the minutes), each with its own token.
 */
export async function startOurServer(opts: StartOptions): Promise<BenchServer> {
  const bundle = opts.bundle ?? ROOM_SERVER_BUNDLE;
  if (!existsSync(bundle)) {
    throw new Error(`${bundle} is missing: run \`npm run build:server\` first`);
  }
  const dir = mkdtempSync(join(opts.dataRoot ?? tmpdir(), 'paperless-bench-'));
  tempDirs.add(dir);
  const dataDir = join(dir, 'data');
  const readyFile = join(dir, 'ready.json');
  const child = spawn(
    process.execPath,
    [
      '--import',
      LIFELINE,
      ...opts.nodeArgs,
      bundle,
      '--data-dir',
      dataDir,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--ready-file',
      readyFile,
      '--log-level',
      'warn',
    ],
    // stdin: the lifeline (see lifeline.mjs).
    { cwd: repoRoot, stdio: ['pipe', opts.logFile ? 'pipe' : 'ignore', 'pipe'] },
  );
  const { stderr } = track(child);
  teeTo(child, opts.logFile);
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  };
  try {
    const ready = await untilReady(child, 'room server', 20_000, stderr, () => {
      if (!existsSync(readyFile)) return null;
      return JSON.parse(readFileSync(readyFile, 'utf8')) as { url: string; adminCode: string | null };
    });
    if (!ready.adminCode) throw new Error('room server reported no admin code (is the data dir fresh?)');
    const api = apiClient(ready.url);
    const staff = await api.post<{ token: string }>('/join', { code: ready.adminCode, deviceLabel: 'bench' });
    const { meeting } = await api.post<{ meeting: { id: string } }>(
      '/meetings',
      { title: 'Yjs fan-out benchmark', startsAt: new Date().toISOString() },
      staff.token,
    );
    const indexes = Array.from({ length: opts.clients }, (_, i) => i);
    const tokens = await mapLimited(indexes, 8, async (i) => {
      const { participant } = await api.post<{ participant: { id: string } }>(
        `/meetings/${meeting.id}/participants`,
        { name: `Bench secretary ${i + 1}`, role: 'secretary' },
        staff.token,
      );
      const { code } = await api.post<{ code: string }>(
        `/participants/${participant.id}/join-codes`,
        {},
        staff.token,
      );
      const joined = await api.post<{ token: string }>('/join', { code, deviceLabel: `bench-${i + 1}` });
      return joined.token;
    });
    const wsUrl = new URL(ready.url);
    wsUrl.protocol = 'ws:';
    return {
      kind: 'ours',
      pid: child.pid!,
      wsBase: `${wsUrl.origin}/yjs`,
      room: `meeting/${meeting.id}/minutes`,
      tokens,
      databaseFile: join(dataDir, 'room.sqlite'),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The environment minus YPERSISTENCE: any string there, even '', turns on stock LevelDB persistence. */
function withoutPersistence(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.YPERSISTENCE;
  return copy;
}

/** Starts tests/bench/stock-server.mjs (stock @y/websocket-server, no persistence). */
export async function startStockServer(opts: StartOptions): Promise<BenchServer> {
  const child = spawn(process.execPath, ['--import', LIFELINE, ...opts.nodeArgs, STOCK_SERVER_SCRIPT], {
    cwd: repoRoot,
    // stdin: the lifeline (see lifeline.mjs).
    stdio: ['pipe', 'pipe', 'pipe'],
    env: withoutPersistence(process.env),
  });
  const { stderr } = track(child);
  teeTo(child, opts.logFile);
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
    return {
      kind: 'stock',
      pid: child.pid!,
      wsBase: `ws://127.0.0.1:${port}/yjs`,
      // The same shape of name as ours; the stock server takes the whole path as the name.
      room: 'meeting/00000000-0000-4000-8000-000000000000/minutes',
      tokens: Array.from({ length: opts.clients }, () => 'stock'),
      databaseFile: null,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

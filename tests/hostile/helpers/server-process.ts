/**
 * The real room server entry point (sync-server/room-server.ts through tsx) as a child
 * process, for attacks that may take a server down: the child can die without taking the test
 * runner with it, and its heap can be limited so that an exhaustion shows in seconds.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../integration/helpers/test-room';

/** One JSON log line of the server (pino). */
export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly dataDir: string;
  /** The first secretariat join code (a fresh data directory prints one). */
  readonly adminCode: string | null;
  /** How the process ended: `exit <code>` or the signal; null while it runs. */
  exited(): string | null;
  /** Everything it wrote to stdout and stderr. */
  output(): string;
  /** Its JSON log lines so far. */
  logs(): LogLine[];
  /**
   * SIGTERM, then SIGKILL after 10 s; resolves once it has exited, with its exit code (null
   * when a signal ended it). Idempotent.
   */
  stop(): Promise<number | null>;
}

export interface ServerProcessOptions {
  /** `--max-old-space-size` of the server's main thread, in MB. */
  readonly heapMb?: number;
  /** An existing data directory (a restart); otherwise a fresh temp one, which the caller removes. */
  readonly dataDir?: string;
  readonly env?: Record<string, string>;
  /** Where the ready file goes (kept, e.g. to check its file mode); otherwise a temp file, removed. */
  readonly readyFile?: string;
}

/** Starts the server and waits for its ready file (at most 60 s). */
export async function startServerProcess(opts: ServerProcessOptions = {}): Promise<ServerProcess> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'paperless-room-hostile-'));
  const readyDir = opts.readyFile ? null : mkdtempSync(join(tmpdir(), 'paperless-room-ready-'));
  const ready = opts.readyFile ?? join(readyDir ?? '', 'ready.json');
  const removeReadyDir = () => {
    if (readyDir) rmSync(readyDir, { recursive: true, force: true });
  };
  const child = spawn(
    process.execPath,
    [
      ...(opts.heapMb ? [`--max-old-space-size=${opts.heapMb}`] : []),
      ...['--import', 'tsx', 'sync-server/room-server.ts'],
      ...['--data-dir', dataDir, '--port', '0', '--ready-file', ready, '--log-level', 'info'],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } },
  );
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  let exit: string | null = null;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = signal ?? `exit ${code}`;
      resolve(code);
    }),
  );
  try {
    await waitFor(() => existsSync(ready) || exit !== null, 'server ready file', 60_000);
    if (!existsSync(ready)) throw new Error(`server exited while starting (${exit}): ${output}`);
  } catch (err) {
    child.kill('SIGKILL');
    removeReadyDir();
    throw err;
  }
  const info = JSON.parse(readFileSync(ready, 'utf8')) as { url: string; adminCode: string | null };
  removeReadyDir();
  return {
    child,
    url: info.url,
    dataDir,
    adminCode: info.adminCode,
    exited: () => exit,
    output: () => output,
    logs: () =>
      output
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as LogLine];
          } catch {
            return [];
          }
        }),
    async stop() {
      if (exit !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

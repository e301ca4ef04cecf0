/**
 * The room server as the distribution benchmark uses it: `dist/room-server.js` as a child on
 * a fresh data dir, and the few API calls that set up a meeting, its delegates and documents.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep, stopChild } from '../lib/child-process';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const ROOM_SERVER_BUNDLE = join(repoRoot, 'dist', 'room-server.js');
/** Preload that stops the child when the benchmark's end of its stdin closes. */
const LIFELINE = new URL('../lifeline.mjs', import.meta.url).href;

export interface RoomServer {
  readonly pid: number;
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly adminCode: string;
  stop(): Promise<void>;
  killNow(): void;
}

export interface RoomServerOptions {
  /** The bundle to run (default dist/room-server.js); another build for A/B comparisons. */
  readonly bundle: string;
  readonly dataDir: string;
  readonly readyFile: string;
  readonly maxUploadMb: number;
  readonly nodeArgs: readonly string[];
  readonly logFile: string | null;
  /** The built web client to serve (default: the server's own default, dist/renderer). */
  readonly webRoot?: string;
}

export async function startRoomServer(opts: RoomServerOptions): Promise<RoomServer> {
  if (!existsSync(opts.bundle)) {
    throw new Error(`${opts.bundle} is missing: run \`npm run build:server\` first`);
  }
  const child = spawn(
    process.execPath,
    [
      '--import',
      LIFELINE,
      ...opts.nodeArgs,
      opts.bundle,
      '--data-dir',
      opts.dataDir,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--ready-file',
      opts.readyFile,
      '--log-level',
      'warn',
      '--max-upload-mb',
      String(opts.maxUploadMb),
      ...(opts.webRoot ? ['--web-root', opts.webRoot] : []),
    ],
    // stdin: the lifeline (see ../lifeline.mjs).
    { cwd: repoRoot, stdio: ['pipe', opts.logFile ? 'pipe' : 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
  });
  if (opts.logFile) {
    const out = createWriteStream(opts.logFile, { flags: 'a' });
    child.stdout?.on('data', (c: Buffer | string) => out.write(c));
    child.stderr?.on('data', (c: Buffer | string) => out.write(c));
    child.once('exit', () => out.end());
  }
  const killNow = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`room server exited before it was ready (code ${child.exitCode}):\n${stderr}`);
    }
    if (existsSync(opts.readyFile)) {
      const ready = JSON.parse(readFileSync(opts.readyFile, 'utf8')) as {
        url: string;
        adminCode: string | null;
      };
      if (!ready.adminCode) {
        killNow();
        throw new Error('room server reported no admin code (is the data dir fresh?)');
      }
      const url = new URL(ready.url);
      return {
        pid: child.pid!,
        url: url.origin,
        host: url.hostname,
        port: Number(url.port),
        adminCode: ready.adminCode,
        stop: () => stopChild(child),
        killNow,
      };
    }
    await sleep(50);
  }
  killNow();
  throw new Error(`room server was not ready within 20 s:\n${stderr}`);
}

/** The JSON API, `/api/v1/…`, with a bearer token. */
export class RoomApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | null = null,
  ) {}

  withToken(token: string): RoomApi {
    return new RoomApi(this.baseUrl, token);
  }

  async request<T>(
    method: string,
    path: string,
    body?: { json: unknown } | { bytes: Uint8Array; contentType: string },
    timeoutMs = 30_000,
  ): Promise<{ status: number; data: T }> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let payload: string | Uint8Array<ArrayBuffer> | undefined;
    if (body && 'json' in body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body) {
      headers['content-type'] = body.contentType;
      // pdf-lib and readFileSync give ArrayBuffer-backed bytes, which is what fetch takes.
      payload = body.bytes as Uint8Array<ArrayBuffer>;
    }
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/api/v1${path}`, {
        method,
        headers,
        body: payload,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      // undici's "fetch failed" hides the reason in `cause`.
      const cause = (err as { cause?: unknown }).cause;
      throw new Error(`${method} ${path}: ${(err as Error).message}${cause ? ` (${String(cause)})` : ''}`);
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
    return { status: res.status, data: (text === '' ? null : JSON.parse(text)) as T };
  }

  async post<T>(path: string, json: unknown): Promise<T> {
    return (await this.request<T>('POST', path, { json })).data;
  }

  async get<T>(path: string): Promise<T> {
    return (await this.request<T>('GET', path)).data;
  }
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Adds `count` delegates to the meeting and signs each in with a join code: one token each. */
export async function delegateTokens(
  staff: RoomApi,
  anonymous: RoomApi,
  meetingId: string,
  count: number,
): Promise<string[]> {
  const indexes = Array.from({ length: count }, (_, i) => i);
  return mapLimited(indexes, 8, async (i) => {
    const { participant } = await staff.post<{ participant: { id: string } }>(
      `/meetings/${meetingId}/participants`,
      {
        name: `Đại biểu ${i + 1}`,
        role: 'delegate',
      },
    );
    const { code } = await staff.post<{ code: string }>(`/participants/${participant.id}/join-codes`, {});
    const joined = await anonymous.post<{ token: string }>('/join', { code, deviceLabel: `bench-${i + 1}` });
    return joined.token;
  });
}

export interface UploadedDocument {
  readonly id: string;
  readonly sha256: string;
  readonly byteSize: number;
  readonly pageCount: number;
  /** Wall time of the upload request: transfer, hashing, parsing and text extraction. */
  readonly ms: number;
}

export async function uploadPdf(
  staff: RoomApi,
  meetingId: string,
  fileName: string,
  bytes: Uint8Array,
  timeoutMs: number,
): Promise<UploadedDocument> {
  const started = performance.now();
  const { status, data } = await staff.request<{
    document: { id: string; sha256: string; byteSize: number; pageCount: number };
    duplicate: boolean;
  }>(
    'POST',
    `/meetings/${meetingId}/documents?fileName=${encodeURIComponent(fileName)}`,
    { bytes, contentType: 'application/pdf' },
    timeoutMs,
  );
  const ms = performance.now() - started;
  if (status !== 201 || data.duplicate)
    throw new Error(`upload of ${fileName}: ${status}, duplicate ${data.duplicate}`);
  return { ...data.document, ms };
}

/**
 * Yjs budgets benchmark: what one hostile delegate costs the room server. A delegate writes
 * into its own annotation layers what the hardening review sent (issue 13, finding 1): frames
 * of 220,000 tiny map entries (3.7 MiB each), one after the other, reconnecting whenever the
 * server closes the socket, switching between its private and its shared layer. Meanwhile a
 * secretary types into the minutes and a reader watches them, and /health is probed.
 *
 * Run against the built server and, for the figure beside it, a baseline build:
 *   npm run build:server
 *   npm run bench:yjs-budgets -- --baseline-bundle tests/bench/.tmp/baseline/room-server.js
 * (tests/bench/README.md says how to make the baseline build). Prints figures; not a pass/fail
 * test: exits 0 unless the run itself broke.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { mapBomb } from '../hostile/helpers/hostile-updates';
import { RawYjsPeer } from '../hostile/helpers/yjs-peer';
import { RoomApi } from './distribution/room';
import { cpuMs, rssBytes } from './lib/proc';
import { median } from './lib/stats';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const RESULTS_FILE = join(here, 'results', 'yjs-budgets.json');
const LIFELINE = new URL('./lifeline.mjs', import.meta.url).href;
const MB = 1024 * 1024;

const USAGE = `Usage: npm run bench:yjs-budgets -- [options]
  --server-bundle PATH    our server (default dist/room-server.js)
  --baseline-bundle PATH  a build to compare with, run first in the same run (default: none)
  --heap-mb N             --max-old-space-size of each server (default 512)
  --entries N             map entries per hostile frame (default 220000: 3.7 MiB)
  --frames N              hostile frames to send (default 60)
  --fill-entries N        then frames of N entries until one is refused (default 20000; 0 = skip)
  --frame-timeout-s N     a frame the server has not answered after this long ends the run (default 60)
  --help`;

interface Options {
  readonly bundles: { readonly label: string; readonly path: string }[];
  readonly heapMb: number;
  readonly entries: number;
  readonly frames: number;
  readonly fillEntries: number;
  readonly frameTimeoutMs: number;
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'server-bundle': { type: 'string' },
      'baseline-bundle': { type: 'string' },
      'heap-mb': { type: 'string' },
      entries: { type: 'string' },
      frames: { type: 'string' },
      'fill-entries': { type: 'string' },
      'frame-timeout-s': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  const int = (v: string | undefined, d: number, min = 0) => {
    const n = v === undefined ? d : Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`not an integer ≥ ${min}: ${v}`);
    return n;
  };
  const bundles: Options['bundles'][number][] = [];
  if (values['baseline-bundle'])
    bundles.push({ label: 'baseline', path: resolve(values['baseline-bundle']) });
  bundles.push({
    label: 'ours',
    path: resolve(values['server-bundle'] ?? join(repoRoot, 'dist', 'room-server.js')),
  });
  for (const b of bundles)
    if (!existsSync(b.path)) throw new Error(`${b.path} is missing (npm run build:server)`);
  return {
    bundles,
    heapMb: int(values['heap-mb'], 512, 64),
    entries: int(values.entries, 220_000, 1),
    frames: int(values.frames, 60, 1),
    fillEntries: int(values['fill-entries'], 20_000, 0),
    frameTimeoutMs: int(values['frame-timeout-s'], 60, 1) * 1000,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
  readonly dataDir: string;
  readonly adminCode: string;
  /** Exit code or signal once it has exited. */
  exit: string | null;
  stderr: string;
}

async function startServer(bundle: string, heapMb: number, dir: string): Promise<Server> {
  const dataDir = join(dir, 'data');
  const ready = join(dir, 'ready.json');
  const child = spawn(
    process.execPath,
    [
      '--import',
      LIFELINE,
      `--max-old-space-size=${heapMb}`,
      bundle,
      ...['--data-dir', dataDir, '--host', '127.0.0.1', '--port', '0', '--ready-file', ready],
      ...['--log-level', 'warn'],
    ],
    { cwd: repoRoot, stdio: ['pipe', 'ignore', 'pipe'] },
  );
  const server: Server = { child, url: '', dataDir, adminCode: '', exit: null, stderr: '' };
  child.stderr?.setEncoding('utf8').on('data', (c: string) => {
    server.stderr = (server.stderr + c).slice(-20_000);
  });
  child.once('exit', (code, signal) => {
    server.exit = signal ?? `exit ${code}`;
  });
  const deadline = Date.now() + 30_000;
  while (!existsSync(ready)) {
    if (server.exit) throw new Error(`server exited while starting: ${server.stderr}`);
    if (Date.now() > deadline) throw new Error('server not ready in 30 s');
    await sleep(50);
  }
  const info = JSON.parse(readFileSync(ready, 'utf8')) as { url: string; adminCode: string };
  return Object.assign(server, { url: info.url, adminCode: info.adminCode });
}

async function stopServer(s: Server): Promise<void> {
  if (s.exit) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  const timer = setTimeout(() => s.child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function makePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([595, 842]).drawText('Bench: annotation layers', { x: 72, y: 770, font });
  return pdf.save();
}

interface Room {
  readonly attacker: { id: string; token: string };
  readonly secretary: string;
  readonly reader: string;
  readonly meetingId: string;
  readonly documentId: string;
}

async function prepare(s: Server): Promise<Room> {
  const anon = new RoomApi(s.url);
  const { token } = await anon.post<{ token: string }>('/join', { code: s.adminCode });
  const staff = anon.withToken(token);
  const { meeting } = await staff.post<{ meeting: { id: string } }>('/meetings', {
    title: 'Bench: hostile layers',
    startsAt: new Date(Date.now() + 60 * 60_000).toISOString(),
  });
  const member = async (name: string, role: string) => {
    const { participant } = await staff.post<{ participant: { id: string } }>(
      `/meetings/${meeting.id}/participants`,
      { name, role },
    );
    const { code } = await staff.post<{ code: string }>(`/participants/${participant.id}/join-codes`, {});
    return { id: participant.id, token: (await anon.post<{ token: string }>('/join', { code })).token };
  };
  const attacker = await member('Đại biểu thử tải', 'delegate');
  const secretary = await member('Thư ký', 'secretary');
  const reader = await member('Chủ tọa', 'chair');
  const { data } = await staff.request<{ document: { id: string } }>(
    'POST',
    `/meetings/${meeting.id}/documents?fileName=bench.pdf`,
    { bytes: await makePdf(), contentType: 'application/pdf' },
  );
  await staff.post(`/meetings/${meeting.id}/publish`, {});
  return {
    attacker,
    secretary: secretary.token,
    reader: reader.token,
    meetingId: meeting.id,
    documentId: data.document.id,
  };
}

function wsUrl(s: Server, doc: string, token: string): string {
  return `${s.url.replace(/^http/, 'ws')}/yjs/${doc}?token=${encodeURIComponent(token)}`;
}

function dbBytes(dataDir: string): number {
  let n = 0;
  for (const f of ['room.sqlite', 'room.sqlite-wal']) {
    try {
      n += statSync(join(dataDir, f)).size;
    } catch {
      // not there (yet)
    }
  }
  return n;
}

/** /health every 200 ms: the slowest answer and how many failed or took over 5 s. */
class HealthProbe {
  readonly latencies: number[] = [];
  failures = 0;
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(url: string) {
    this.done = (async () => {
      while (!this.stopped) {
        const t = performance.now();
        try {
          const res = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(5000) });
          await res.text();
          if (res.ok) this.latencies.push(performance.now() - t);
          else this.failures++;
        } catch {
          this.failures++;
        }
        await sleep(200);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }
}

interface FrameRecord {
  readonly phase: 'bomb' | 'fill';
  readonly entries: number;
  readonly bytes: number;
  readonly outcome: 'accepted' | 'refused' | 'timeout' | 'server died';
  readonly close: string | null;
  readonly ms: number;
  readonly cpuMs: number | null;
  readonly rssMb: number | null;
}

interface RunResult {
  readonly label: string;
  readonly bundle: string;
  readonly frames: FrameRecord[];
  readonly died: string | null;
  readonly diedAfterMs: number | null;
  readonly stderrTail: string;
  readonly rssIdleMb: number | null;
  readonly rssPeakMb: number;
  readonly dbGrowthMb: number;
  readonly storedAttackerMb: number | null;
  readonly healthMaxMs: number | null;
  readonly healthP50Ms: number | null;
  readonly healthFailures: number;
  readonly minutesTyped: number;
  readonly minutesSeen: number;
}

async function run(label: string, bundle: string, o: Options): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'paperless-bench-budgets-'));
  const server = await startServer(bundle, o.heapMb, dir);
  const pid = server.child.pid!;
  const providers: WebsocketProvider[] = [];
  /** The attacker's current socket (a new one whenever the server closed the last). */
  const attacker: { peer: RawYjsPeer | null } = { peer: null };
  try {
    const room = await prepare(server);
    const rssIdleMb = (rssBytes(pid) ?? 0) / MB;
    const db0 = dbBytes(server.dataDir);
    // A secretary types into the minutes, a reader watches them.
    const provider = (token: string, doc: Y.Doc) => {
      const p = new WebsocketProvider(
        `${server.url.replace(/^http/, 'ws')}/yjs`,
        `meeting/${room.meetingId}/minutes`,
        doc,
        {
          params: { token },
          WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
          disableBc: true,
        },
      );
      p.awareness.setLocalStateField('user', { name: token.slice(0, 4) });
      providers.push(p);
      return p;
    };
    const typed = new Y.Doc();
    const seen = new Y.Doc();
    provider(room.secretary, typed);
    provider(room.reader, seen);
    let minutesTyped = 0;
    const typer = setInterval(() => {
      typed.getText('body').insert(typed.getText('body').length, 'x');
      minutesTyped++;
    }, 100);
    const health = new HealthProbe(server.url);
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssBytes(pid) ?? 0);
    }, 50);
    const frames: FrameRecord[] = [];
    const layers = ['private', 'shared'].map((l) => `ann/${room.documentId}/${room.attacker.id}/${l}`);
    let layer = 0;
    // Each layer gets its own client and clock, as a real laptop's two documents would.
    const clocks = [0, 0];
    const started = performance.now();
    let died: string | null = null;
    let diedAfterMs: number | null = null;

    const send = async (phase: FrameRecord['phase'], entries: number): Promise<FrameRecord['outcome']> => {
      if (!attacker.peer || attacker.peer.closedWith) {
        layer = frames.length === 0 ? 0 : 1 - layer;
        attacker.peer = await RawYjsPeer.open(wsUrl(server, layers[layer]!, room.attacker.token));
      }
      const peer = attacker.peer;
      const update = mapBomb({ client: 7 + layer, clock: clocks[layer]!, entries });
      const cpu0 = cpuMs(pid);
      const t0 = performance.now();
      const answer = await peer.frame(update, o.frameTimeoutMs);
      const ms = performance.now() - t0;
      // A dead server closes the socket too: wait a moment for the exit to be seen.
      if (answer === 'closed') await sleep(100);
      const outcome: FrameRecord['outcome'] = server.exit
        ? 'server died'
        : answer === 'answered'
          ? 'accepted'
          : answer === 'closed'
            ? 'refused'
            : 'timeout';
      if (outcome === 'accepted') clocks[layer]! += entries;
      const cpu1 = cpuMs(pid);
      frames.push({
        phase,
        entries,
        bytes: update.length,
        outcome,
        close: peer.closedWith ? `${peer.closedWith.code} ${peer.closedWith.reason}` : null,
        ms,
        cpuMs: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null,
        rssMb: (rssBytes(pid) ?? 0) / MB || null,
      });
      const last = frames.at(-1)!;
      process.stdout.write(
        `  ${label} ${phase} frame ${frames.length}: ${entries} entries, ${(update.length / MB).toFixed(2)} MiB → ${outcome}` +
          `${last.close ? ` (${last.close})` : ''} in ${ms.toFixed(0)} ms, server CPU ${last.cpuMs ?? '?'} ms, RSS ${last.rssMb?.toFixed(0) ?? '?'} MB\n`,
      );
      if (outcome === 'server died') {
        died = server.exit;
        diedAfterMs = performance.now() - started;
      }
      return outcome;
    };

    for (let i = 0; i < o.frames && !died; i++) {
      const outcome = await send('bomb', o.entries);
      if (outcome === 'timeout') break;
    }
    if (o.fillEntries > 0) {
      for (let i = 0; i < 200 && !died; i++) {
        const outcome = await send('fill', o.fillEntries);
        if (
          outcome !== 'accepted' &&
          frames.filter((f) => f.phase === 'fill' && f.outcome === 'refused').length >= 4
        )
          break;
        if (outcome === 'timeout') break;
      }
    }
    clearInterval(typer);
    await sleep(1500);
    clearInterval(sampler);
    await health.stop();
    const storedAttackerMb = died ? null : storedBytes(server.dataDir, layers) / MB;
    return {
      label,
      bundle: relative(repoRoot, bundle),
      frames,
      died,
      diedAfterMs,
      stderrTail: server.stderr
        .split('\n')
        .filter((l) => /heap|memory|FATAL|Allocation/i.test(l))
        .slice(0, 5)
        .join('\n'),
      rssIdleMb,
      rssPeakMb: peak / MB,
      dbGrowthMb: (dbBytes(server.dataDir) - db0) / MB,
      storedAttackerMb,
      healthMaxMs: health.latencies.length ? Math.max(...health.latencies) : null,
      healthP50Ms: health.latencies.length ? median(health.latencies) : null,
      healthFailures: health.failures,
      minutesTyped,
      minutesSeen: seen.getText('body').length,
    };
  } finally {
    attacker.peer?.terminate();
    for (const p of providers) p.destroy();
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Bytes of the attacker's layers in the update log, read beside the running server (WAL). */
function storedBytes(dataDir: string, docs: string[]): number {
  const db = new Database(join(dataDir, 'room.sqlite'), { readonly: true });
  try {
    const sum = db.prepare('SELECT coalesce(sum(length(data)), 0) AS n FROM yjs_updates WHERE doc_name = ?');
    return docs.reduce((n, d) => n + (sum.get(d) as { n: number }).n, 0);
  } finally {
    db.close();
  }
}

function summary(r: RunResult): string[] {
  const by = (o: FrameRecord['outcome']) => r.frames.filter((f) => f.outcome === o);
  const bomb = r.frames.filter((f) => f.phase === 'bomb');
  const codes = new Map<string, number>();
  for (const f of by('refused')) codes.set(f.close ?? '?', (codes.get(f.close ?? '?') ?? 0) + 1);
  const fmt = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? `${median(v).toFixed(0)} (max ${Math.max(...v).toFixed(0)})` : '—';
  };
  const accepted = by('accepted');
  const refused = by('refused');
  return [
    `${r.label} (${r.bundle})`,
    `  frames sent ${r.frames.length} (${bomb.length} of ${bomb[0]?.entries ?? 0} entries), accepted ${accepted.length}, refused ${refused.length}, timed out ${by('timeout').length}`,
    `  refusals: ${[...codes].map(([c, n]) => `${n} × ${c}`).join('; ') || '—'}`,
    `  outcome: ${r.died ? `server DIED (${r.died}) ${(r.diedAfterMs! / 1000).toFixed(1)} s after the first frame, after ${accepted.length} accepted frames${r.stderrTail ? `: ${r.stderrTail.split('\n')[0]}` : ''}` : 'server up'}`,
    `  accepted frame: ms ${fmt(accepted.map((f) => f.ms))}, server CPU ms ${fmt(accepted.map((f) => f.cpuMs))}`,
    `  refused frame:  ms ${fmt(refused.map((f) => f.ms))}, server CPU ms ${fmt(refused.map((f) => f.cpuMs))}`,
    `  RSS idle ${r.rssIdleMb?.toFixed(0)} MB, peak ${r.rssPeakMb.toFixed(0)} MB; database grew ${r.dbGrowthMb.toFixed(1)} MB; attacker's layers stored ${r.storedAttackerMb === null ? '—' : `${r.storedAttackerMb.toFixed(1)} MB`}`,
    `  /health p50 ${r.healthP50Ms?.toFixed(1) ?? '—'} ms, max ${r.healthMaxMs?.toFixed(0) ?? '—'} ms, failed ${r.healthFailures}; minutes typed ${r.minutesTyped}, seen by the reader ${r.minutesSeen}`,
  ];
}

async function main(): Promise<void> {
  let o: Options | 'help';
  try {
    o = parseOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (o === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const results: RunResult[] = [];
  for (const b of o.bundles) {
    process.stdout.write(`\n${b.label}: ${relative(repoRoot, b.path)}, heap ${o.heapMb} MB\n`);
    results.push(await run(b.label, b.path, o));
  }
  process.stdout.write('\nResults\n');
  for (const r of results) process.stdout.write(`${summary(r).join('\n')}\n`);
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ options: o, node: process.version, results }, null, 2)}\n`);
  process.stdout.write(`\nwritten ${relative(repoRoot, RESULTS_FILE)}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);

/**
 * Document-distribution benchmark: N clients at once each download every document of a
 * ~50 MB meeting set, from our room server (GET /api/v1/blobs/:sha256, behind a token) and
 * from nginx serving the same files (sendfile, one worker), in the same run; plus the time
 * our server takes to ingest a 500-page PDF, and its memory during the download burst.
 *
 * Run: npm run bench:distribution [-- --clients 200 --rounds 2 ...]   (see tests/bench/README.md)
 * Prints figures; exits 0 unless the run itself broke.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type BurstOutcome, LoadGenerators } from './distribution/load';
import type { BurstClient, BurstFile } from './distribution/load-protocol';
import { NGINX_WORKERS, type NginxServer, nginxVersion, startNginx } from './distribution/nginx';
import { LAST_PAGE_WORD, makeDocumentSet, makeLongPdf, type SetDocument } from './distribution/pdfs';
import {
  delegateTokens,
  RoomApi,
  ROOM_SERVER_BUNDLE,
  type RoomServer,
  startRoomServer,
  uploadPdf,
} from './distribution/room';
import { cpuMs, MachineLoad, rssBytes } from './lib/proc';
import { runBench } from './lib/room-process';
import { median, percentile } from './lib/stats';

const RATIO_GOAL = 0.8;
const RSS_GOAL_MB = 300;
/** A burst during which other processes used this much of one core (%) counts as disturbed. */
const DISTURBED_PCT = 20;
const MB = 1024 * 1024;
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const RESULTS_FILE = join(here, 'results', 'distribution.json');
const FONT_FILE = join(repoRoot, 'resources', 'fonts', 'LiberationSerif-Regular.ttf');

type ServerKind = 'ours' | 'nginx';

const USAGE = `Usage: npm run bench:distribution -- [options]      (some options also as env vars)
  --clients N            clients downloading at once           BENCH_DIST_CLIENTS    (default 200)
  --set-mb N             size of the document set, MB (2^20 B) BENCH_DIST_SET_MB     (default 50)
  --files N              documents in the set                  BENCH_DIST_FILES      (default 8)
  --rounds N             rounds; each starts fresh servers and runs both, alternating
                         which goes first                      BENCH_DIST_ROUNDS     (default 2)
  --servers LIST         both | ours | nginx                   BENCH_DIST_SERVERS    (default both)
  --generators N         load-generator processes the clients are split across
                                                               BENCH_DIST_GENERATORS (default 2)
  --verify N             downloads per client checked with SHA-256 (0 = none)      (default 1)
  --pages N              pages of the ingest-timing PDF (0 = skip)                 (default 500)
  --nginx PATH           nginx binary                          BENCH_NGINX (default /usr/sbin/nginx)
  --rss-interval-ms N    RSS sampling period during bursts                          (default 100)
  --room-server PATH     room server bundle to run             (default dist/room-server.js; for A/B
                         runs of a modified build, with its pdf-inspect-worker.js beside it)
  --cpu-prof             V8 CPU profile of the room server, in tests/bench/results/cpu-prof/
  --server-node-args S   extra node flags for the room server, e.g. =--max-semi-space-size=64
  --server-logs          copy the room server's stdout/stderr to tests/bench/results/logs/
  --max-minutes N        hard stop for the whole benchmark     BENCH_DIST_MAX_MINUTES (default 20)
  --help`;

interface Options {
  readonly clients: number;
  readonly setMb: number;
  readonly files: number;
  readonly rounds: number;
  readonly servers: readonly ServerKind[];
  readonly generators: number;
  readonly verify: number;
  readonly pages: number;
  readonly nginx: string;
  readonly rssIntervalMs: number;
  readonly roomServer: string;
  readonly cpuProf: boolean;
  readonly serverNodeArgs: readonly string[];
  readonly serverLogs: boolean;
  readonly maxMinutes: number;
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      clients: { type: 'string' },
      'set-mb': { type: 'string' },
      files: { type: 'string' },
      rounds: { type: 'string' },
      servers: { type: 'string' },
      generators: { type: 'string' },
      verify: { type: 'string' },
      pages: { type: 'string' },
      nginx: { type: 'string' },
      'rss-interval-ms': { type: 'string' },
      'room-server': { type: 'string' },
      'cpu-prof': { type: 'boolean' },
      'server-node-args': { type: 'string' },
      'server-logs': { type: 'boolean' },
      'max-minutes': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  const env = process.env;
  const int = (name: string, raw: string | undefined, fallback: number, min: number, max: number): number => {
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new Error(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    }
    return n;
  };
  const servers = values.servers ?? env.BENCH_DIST_SERVERS ?? 'both';
  if (!['both', 'ours', 'nginx'].includes(servers)) throw new Error('--servers: both, ours or nginx');
  const clients = int('clients', values.clients ?? env.BENCH_DIST_CLIENTS, 200, 1, 5000);
  const files = int('files', values.files ?? env.BENCH_DIST_FILES, 8, 1, 100);
  const setMb = int('set-mb', values['set-mb'] ?? env.BENCH_DIST_SET_MB, 50, 1, 2000);
  // The upload limit is 200 MB per file; the largest file is 2/(files+1) of the set.
  if ((2 * setMb) / (files + 1) > 190)
    throw new Error('--set-mb too large for --files: a file would pass 190 MB');
  return {
    clients,
    setMb,
    files,
    rounds: int('rounds', values.rounds ?? env.BENCH_DIST_ROUNDS, 2, 1, 20),
    servers: servers === 'both' ? ['ours', 'nginx'] : [servers as ServerKind],
    generators: Math.min(
      clients,
      int('generators', values.generators ?? env.BENCH_DIST_GENERATORS, 2, 1, 16),
    ),
    verify: int('verify', values.verify, 1, 0, 100),
    pages: int('pages', values.pages, 500, 0, 5000),
    nginx: values.nginx ?? env.BENCH_NGINX ?? '/usr/sbin/nginx',
    rssIntervalMs: int('rss-interval-ms', values['rss-interval-ms'], 100, 10, 5000),
    roomServer: resolve(values['room-server'] ?? ROOM_SERVER_BUNDLE),
    cpuProf: values['cpu-prof'] ?? false,
    serverNodeArgs: (values['server-node-args'] ?? '').split(/\s+/).filter((a) => a !== ''),
    serverLogs: values['server-logs'] ?? false,
    maxMinutes: int('max-minutes', values['max-minutes'] ?? env.BENCH_DIST_MAX_MINUTES, 20, 1, 600),
  };
}

/** Everything that must not outlive the benchmark, for exit and signal handlers. */
const cleanups = new Set<() => void>();
function cleanupNow(): void {
  for (const fn of [...cleanups].reverse()) {
    try {
      fn();
    } catch {
      // Keep cleaning up.
    }
  }
  cleanups.clear();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Summed RSS of some processes, sampled periodically; keeps the peak. */
class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pids: readonly number[],
    intervalMs: number,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  static now(pids: readonly number[]): number {
    let sum = 0;
    for (const pid of pids) sum += rssBytes(pid) ?? 0;
    return sum;
  }

  private sample(): void {
    this.peak = Math.max(this.peak, RssSampler.now(this.pids));
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

/** RSS at rest: the median of a few samples a tenth of a second apart. */
async function idleRss(pids: readonly number[]): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(RssSampler.now(pids));
    await sleep(100);
  }
  return median(samples);
}

function cpuOf(pids: readonly number[]): number {
  let sum = 0;
  for (const pid of pids) sum += cpuMs(pid) ?? 0;
  return sum;
}

interface BurstResult {
  readonly server: ServerKind;
  readonly round: number;
  readonly clients: number;
  readonly files: number;
  readonly setBytes: number;
  readonly totalBytes: number;
  readonly expectedBytes: number;
  readonly wallS: number;
  readonly mbPerS: number;
  /** Seconds from the burst's start until each client had every file, ascending. */
  readonly clientDoneS: number[];
  readonly rssIdleBytes: number;
  readonly rssPeakBytes: number;
  readonly serverCpuPct: number;
  /** Server CPU time per GB (2^30 B) delivered: what serving costs, whatever else ran on the machine. */
  readonly serverCpuSPerGb: number;
  readonly generatorCpuPct: number[];
  readonly machine: { ownPct: number; otherPct: number; stealPct: number } | null;
  readonly downloads: number;
  readonly verified: number;
  readonly mismatched: number;
  readonly failures: string[];
}

interface IngestResult {
  readonly round: number;
  readonly pages: number;
  readonly bytes: number;
  readonly ms: number;
  readonly pageCount: number;
  readonly rssBeforeBytes: number;
  readonly rssPeakBytes: number;
  readonly search: { query: string; ms: number; hits: number; lastPageHit: boolean; pagesHit: number[] };
}

interface Target {
  readonly kind: ServerKind;
  readonly host: string;
  readonly port: number;
  readonly pathPrefix: string;
  readonly pids: readonly number[];
  readonly tokens: readonly string[];
}

async function runBurst(
  target: Target,
  round: number,
  files: readonly BurstFile[],
  generators: LoadGenerators,
  opts: Options,
): Promise<BurstResult> {
  const rssIdleBytes = await idleRss(target.pids);
  const clients: BurstClient[] = Array.from({ length: opts.clients }, (_, index) => ({
    index,
    token: target.tokens[index % target.tokens.length]!,
  }));
  const sampler = new RssSampler(target.pids, opts.rssIntervalMs);
  const serverCpuBefore = cpuOf(target.pids);
  const load = new MachineLoad([...target.pids, ...generators.pids]);
  let outcome: BurstOutcome;
  let rssPeakBytes = 0;
  try {
    outcome = await generators.burst(
      {
        host: target.host,
        port: target.port,
        pathPrefix: target.pathPrefix,
        files,
        verifyPerClient: opts.verify,
        idleTimeoutMs: 60_000,
        seed: round,
      },
      clients,
      10 * 60_000,
    );
  } finally {
    rssPeakBytes = sampler.stop();
  }
  const machine = load.finish();
  const serverCpuMs = cpuOf(target.pids) - serverCpuBefore;
  const wallNs = Number(outcome.lastEndNs - outcome.firstStartNs);
  const wallS = wallNs / 1e9;
  const setBytes = files.reduce((n, f) => n + f.size, 0);
  const totalBytes = outcome.clients.reduce((n, c) => n + c.bytes, 0);
  return {
    server: target.kind,
    round,
    clients: opts.clients,
    files: files.length,
    setBytes,
    totalBytes,
    expectedBytes: setBytes * opts.clients,
    wallS,
    mbPerS: totalBytes / MB / wallS,
    clientDoneS: outcome.clients
      .map((c) => Number(BigInt(c.endNs) - outcome.firstStartNs) / 1e9)
      .sort((a, b) => a - b),
    rssIdleBytes,
    rssPeakBytes,
    serverCpuPct: (100 * serverCpuMs) / (wallNs / 1e6),
    serverCpuSPerGb: serverCpuMs / 1000 / (totalBytes / 1024 / MB),
    generatorCpuPct: outcome.generatorCpuMs.map((ms) => (100 * ms) / (wallNs / 1e6)),
    machine,
    downloads: outcome.clients.reduce((n, c) => n + c.downloads, 0),
    verified: outcome.clients.reduce((n, c) => n + c.verified, 0),
    mismatched: outcome.clients.reduce((n, c) => n + c.mismatched, 0),
    failures: outcome.clients.flatMap((c) => c.failures.map((f) => `client ${c.index}: ${f}`)),
  };
}

/** One download of every file, hashed, from the main process: fails fast, and warms both servers. */
async function preflight(target: Target, files: readonly BurstFile[]): Promise<void> {
  for (const file of files) {
    const res = await fetch(`http://${target.host}:${target.port}${target.pathPrefix}${file.sha256}`, {
      headers: { authorization: `Bearer ${target.tokens[0]}` },
      signal: AbortSignal.timeout(60_000),
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (res.status !== 200 || sha256(bytes) !== file.sha256) {
      throw new Error(
        `${target.kind}: GET ${target.pathPrefix}${file.sha256} → ${res.status}, ${bytes.byteLength} bytes, ` +
          'not the file that was put there',
      );
    }
  }
}

async function ingestLongPdf(
  server: RoomServer,
  staff: RoomApi,
  meetingId: string,
  reader: RoomApi,
  longPdf: SetDocument,
  round: number,
  opts: Options,
): Promise<IngestResult> {
  const rssBeforeBytes = await idleRss([server.pid]);
  const sampler = new RssSampler([server.pid], opts.rssIntervalMs);
  let uploaded: Awaited<ReturnType<typeof uploadPdf>>;
  let rssPeakBytes = 0;
  try {
    uploaded = await uploadPdf(staff, meetingId, longPdf.fileName, longPdf.bytes, 10 * 60_000);
  } finally {
    // The sampler starts after the idle samples; RSS may fall between them (a GC).
    rssPeakBytes = Math.max(rssBeforeBytes, sampler.stop());
  }
  const query = LAST_PAGE_WORD;
  const started = performance.now();
  const { hits } = await reader.get<{ hits: { documentId: string; page: number }[] }>(
    `/meetings/${meetingId}/search?q=${encodeURIComponent(query)}&limit=20`,
  );
  const searchMs = performance.now() - started;
  const pagesHit = hits.filter((h) => h.documentId === uploaded.id).map((h) => h.page);
  return {
    round,
    pages: longPdf.pages,
    bytes: longPdf.bytes.byteLength,
    ms: uploaded.ms,
    pageCount: uploaded.pageCount,
    rssBeforeBytes,
    rssPeakBytes,
    search: {
      query,
      ms: searchMs,
      hits: hits.length,
      lastPageHit: pagesHit.includes(longPdf.pages),
      pagesHit,
    },
  };
}

function version(pkg: string): string {
  try {
    return String(
      JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')).version,
    );
  } catch {
    return 'unknown';
  }
}

const fmtMb = (bytes: number) => (bytes / MB).toFixed(1);
const fix = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Server order per round: alternating, so neither always goes first (round 1: nginx first). */
function orderFor(round: number, servers: readonly ServerKind[]): ServerKind[] {
  if (servers.length < 2) return [...servers];
  return round % 2 === 1 ? ['nginx', 'ours'] : ['ours', 'nginx'];
}

interface Pooled {
  readonly server: ServerKind;
  readonly runs: number;
  readonly totalBytes: number;
  readonly wallS: number;
  readonly mbPerS: number;
  readonly clientP50S: number;
  readonly clientP99S: number;
  readonly rssIdleMedianBytes: number;
  readonly rssPeakMaxBytes: number;
}

function pool(server: ServerKind, runs: BurstResult[]): Pooled | null {
  if (runs.length === 0) return null;
  const done = runs.flatMap((r) => r.clientDoneS).sort((a, b) => a - b);
  const totalBytes = runs.reduce((n, r) => n + r.totalBytes, 0);
  const wallS = runs.reduce((n, r) => n + r.wallS, 0);
  return {
    server,
    runs: runs.length,
    totalBytes,
    wallS,
    mbPerS: totalBytes / MB / wallS,
    clientP50S: percentile(done, 0.5),
    clientP99S: percentile(done, 0.99),
    rssIdleMedianBytes: median(runs.map((r) => r.rssIdleBytes)),
    rssPeakMaxBytes: Math.max(...runs.map((r) => r.rssPeakBytes)),
  };
}

async function main(): Promise<number> {
  let parsed: Options | 'help';
  try {
    parsed = parseOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const opts = parsed;
  const watchdog = setTimeout(() => {
    process.stderr.write(`\nbenchmark exceeded --max-minutes ${opts.maxMinutes}; stopping\n`);
    cleanupNow();
    process.exit(1);
  }, opts.maxMinutes * 60_000);
  watchdog.unref();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const withOurs = opts.servers.includes('ours');
  const withNginx = opts.servers.includes('nginx');

  if (withOurs && !existsSync(opts.roomServer)) {
    throw new Error(`${opts.roomServer} is missing: run \`npm run build:server\` first`);
  }
  const nginxVer = withNginx ? nginxVersion(opts.nginx) : null;
  const profDir = join(here, 'results', 'cpu-prof');
  const logDir = join(here, 'results', 'logs');
  if (opts.cpuProf) mkdirSync(profDir, { recursive: true });
  if (opts.serverLogs) mkdirSync(logDir, { recursive: true });
  const serverNodeArgs = [
    ...(opts.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []),
    ...opts.serverNodeArgs,
  ];

  log(
    `Document distribution: ${opts.clients} clients × ${opts.files} files (~${opts.setMb} MB set), ` +
      `${opts.rounds} round(s), servers: ${opts.servers.join(' + ')}; MB = 2^20 bytes`,
  );
  if (withOurs)
    log(
      `  ours: ${relative(repoRoot, opts.roomServer)}, one Node process (rebuild with npm run build:server)`,
    );
  if (withNginx) {
    log(
      `  nginx: ${opts.nginx} (${nginxVer}), worker_processes ${NGINX_WORKERS} (as many as our one Node process), ` +
        'sendfile on, tcp_nopush on, keep-alive, access_log off',
    );
  }
  log(
    `  clients: node:http with one keep-alive Agent (one connection) per client, files one after the other ` +
      `in a shuffled order, split across ${opts.generators} load-generator process(es); ` +
      `${opts.verify} download(s) per client SHA-256-checked`,
  );
  log(`  machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}`);

  const dir = mkdtempSync(join(tmpdir(), 'paperless-bench-dist-'));
  cleanups.add(() => rmSync(dir, { recursive: true, force: true }));
  // nginx's worker runs as "nobody" when started as root: it must be able to read the files.
  chmodSync(dir, 0o755);
  const nginxRoot = join(dir, 'nginx-root');
  mkdirSync(join(nginxRoot, 'blobs'), { recursive: true, mode: 0o755 });

  // The documents.
  const fontBytes = readFileSync(FONT_FILE);
  let started = performance.now();
  const set = await makeDocumentSet(opts.setMb * MB, opts.files, fontBytes);
  const files: BurstFile[] = set.map((d) => ({ sha256: sha256(d.bytes), size: d.bytes.byteLength }));
  for (const [i, file] of files.entries()) {
    const path = join(nginxRoot, 'blobs', file.sha256);
    writeFileSync(path, set[i]!.bytes);
    chmodSync(path, 0o644);
  }
  const setBytes = files.reduce((n, f) => n + f.size, 0);
  log(
    `\nset: ${files.length} PDFs, ${fmtMb(setBytes)} MB (${set.map((d) => `${fmtMb(d.bytes.byteLength)}/${d.pages}p`).join(', ')} MB/pages), ` +
      `made in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  let longPdf: SetDocument | null = null;
  if (withOurs && opts.pages > 0) {
    started = performance.now();
    longPdf = await makeLongPdf(opts.pages, fontBytes);
    log(
      `long PDF: ${longPdf.pages} text pages, ${fmtMb(longPdf.bytes.byteLength)} MB, made in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  const generators = await LoadGenerators.start(opts.generators);
  cleanups.add(() => generators.killNow());

  const bursts: BurstResult[] = [];
  const ingests: IngestResult[] = [];
  const setups: {
    round: number;
    tokensMs: number;
    uploadMs: number[];
    tokens: number;
    rssBeforeUploadsBytes: number;
    rssAfterUploadsBytes: number;
  }[] = [];
  try {
    for (let round = 1; round <= opts.rounds; round++) {
      const order = orderFor(round, opts.servers);
      log(`\nround ${round}: ${order.join(' then ')}`);
      let room: RoomServer | null = null;
      let nginx: NginxServer | null = null;
      const roundDir = join(dir, `round-${round}`);
      mkdirSync(roundDir, { recursive: true, mode: 0o755 });
      try {
        const targets = new Map<ServerKind, Target>();
        let roomSetup: { staff: RoomApi; reader: RoomApi; meetingId: string } | null = null;
        if (withOurs) {
          const server = await startRoomServer({
            bundle: opts.roomServer,
            dataDir: join(roundDir, 'data'),
            readyFile: join(roundDir, 'ready.json'),
            maxUploadMb: 200,
            nodeArgs: serverNodeArgs,
            logFile: opts.serverLogs ? join(logDir, `distribution-round${round}.log`) : null,
          });
          room = server;
          cleanups.add(server.killNow);
          const anonymous = new RoomApi(server.url);
          const { token } = await anonymous.post<{ token: string }>('/join', {
            code: server.adminCode,
            deviceLabel: 'bench',
          });
          const staff = anonymous.withToken(token);
          const { meeting } = await staff.post<{ meeting: { id: string } }>('/meetings', {
            title: 'Kỳ họp thử tải: phân phối tài liệu',
            startsAt: new Date(Date.now() + 9 * 86_400_000).toISOString(),
          });
          const t = performance.now();
          const tokens = await delegateTokens(staff, anonymous, meeting.id, opts.clients);
          const tokensMs = performance.now() - t;
          const rssBeforeUploadsBytes = await idleRss([server.pid]);
          const uploadMs: number[] = [];
          for (const [i, doc] of set.entries()) {
            const uploaded = await uploadPdf(staff, meeting.id, doc.fileName, doc.bytes, 5 * 60_000);
            if (uploaded.sha256 !== files[i]!.sha256) {
              throw new Error(
                `ours stored ${doc.fileName} as ${uploaded.sha256}, expected ${files[i]!.sha256}`,
              );
            }
            uploadMs.push(uploaded.ms);
          }
          // Delegates get a meeting's documents only once it is published.
          await staff.post(`/meetings/${meeting.id}/publish`, {});
          const rssAfterUploadsBytes = await idleRss([server.pid]);
          setups.push({
            round,
            tokensMs,
            uploadMs,
            tokens: tokens.length,
            rssBeforeUploadsBytes,
            rssAfterUploadsBytes,
          });
          log(
            `  ours: pid ${server.pid}, ${tokens.length} delegates signed in (one token each) in ` +
              `${(tokensMs / 1000).toFixed(1)} s; set uploaded and ingested in ` +
              `${(uploadMs.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s (${uploadMs.map((m) => m.toFixed(0)).join(', ')} ms); ` +
              `RSS ${fmtMb(rssBeforeUploadsBytes)} MB before the uploads, ${fmtMb(rssAfterUploadsBytes)} MB after`,
          );
          targets.set('ours', {
            kind: 'ours',
            host: server.host,
            port: server.port,
            pathPrefix: '/api/v1/blobs/',
            pids: [server.pid],
            tokens,
          });
          roomSetup = { staff, reader: anonymous.withToken(tokens[0]!), meetingId: meeting.id };
        }
        if (withNginx) {
          const server = await startNginx(opts.nginx, join(roundDir, 'nginx'), nginxRoot);
          nginx = server;
          cleanups.add(server.killNow);
          log(`  nginx: pids ${server.pids.join(', ')} (master, worker), port ${server.port}`);
          targets.set('nginx', {
            kind: 'nginx',
            host: '127.0.0.1',
            port: server.port,
            pathPrefix: '/blobs/',
            pids: server.pids,
            // nginx ignores the header; sending it keeps the requests alike.
            tokens: targets.get('ours')?.tokens ?? ['nginx'],
          });
        }
        for (const target of targets.values()) await preflight(target, files);
        for (const kind of order) {
          const target = targets.get(kind)!;
          await sleep(1000);
          const result = await runBurst(target, round, files, generators, opts);
          bursts.push(result);
          log(
            `  ${kind}: ${fix(result.mbPerS, 0)} MB/s, ${fix(result.wallS, 2)} s, client p50 ` +
              `${fix(percentile(result.clientDoneS, 0.5), 2)} s p99 ${fix(percentile(result.clientDoneS, 0.99), 2)} s, ` +
              `RSS ${fmtMb(result.rssIdleBytes)} → ${fmtMb(result.rssPeakBytes)} MB, server CPU ` +
              `${fix(result.serverCpuPct, 0)}%, generators ${result.generatorCpuPct.map((p) => `${fix(p, 0)}%`).join('+')}` +
              (result.machine ? `, other processes ${result.machine.otherPct}% of the machine` : '') +
              (result.failures.length > 0 ? `, ${result.failures.length} FAILED downloads` : ''),
          );
        }
        if (room && roomSetup && longPdf) {
          const ingest = await ingestLongPdf(
            room,
            roomSetup.staff,
            roomSetup.meetingId,
            roomSetup.reader,
            longPdf,
            round,
            opts,
          );
          ingests.push(ingest);
          log(
            `  ingest of the ${ingest.pages}-page PDF: ${fix(ingest.ms, 0)} ms; search "${ingest.search.query}" ` +
              `→ page(s) ${ingest.search.pagesHit.join(', ') || 'none'} in ${fix(ingest.search.ms, 0)} ms; ` +
              `RSS ${fmtMb(ingest.rssBeforeBytes)} → peak ${fmtMb(ingest.rssPeakBytes)} MB`,
          );
        }
      } finally {
        if (room) {
          await room.stop();
          cleanups.delete(room.killNow);
        }
        if (nginx) {
          await nginx.stop();
          cleanups.delete(nginx.killNow);
        }
        rmSync(join(roundDir, 'data'), { recursive: true, force: true });
      }
    }
  } finally {
    await generators.stop();
  }

  // Results.
  const headers = [
    'server',
    'run',
    'clients',
    'files',
    'set MB',
    'moved GB',
    'wall s',
    'MB/s',
    'client p50 s',
    'client p99 s',
    'RSS idle MB',
    'RSS peak MB',
  ];
  const rows = bursts.map((r) => [
    r.server,
    String(r.round),
    String(r.clients),
    String(r.files),
    fmtMb(r.setBytes),
    fix(r.totalBytes / 1024 / MB, 2),
    fix(r.wallS, 2),
    fix(r.mbPerS, 0),
    fix(percentile(r.clientDoneS, 0.5), 2),
    fix(percentile(r.clientDoneS, 0.99), 2),
    fmtMb(r.rssIdleBytes),
    fmtMb(r.rssPeakBytes),
  ]);
  const pooled = opts.servers
    .map((k) =>
      pool(
        k,
        bursts.filter((b) => b.server === k),
      ),
    )
    .filter((p) => p !== null);
  for (const p of pooled) {
    rows.push([
      p.server,
      'all',
      String(opts.clients),
      String(files.length),
      fmtMb(setBytes),
      fix(p.totalBytes / 1024 / MB, 2),
      fix(p.wallS, 2),
      fix(p.mbPerS, 0),
      fix(p.clientP50S, 2),
      fix(p.clientP99S, 2),
      fmtMb(p.rssIdleMedianBytes),
      fmtMb(p.rssPeakMaxBytes),
    ]);
  }
  log(
    '\nResults (MB/s = bytes received by all clients / wall time of the burst; client p50/p99 = time until',
  );
  log(
    'a client had every file; RSS summed over nginx master + worker; "all": totals, RSS idle median, RSS peak max):',
  );
  log(table(headers, rows));
  log(`\nCPU during each burst (% of one core; the machine has ${cpus().length}):`);
  log(
    table(
      [
        'server',
        'run',
        'server CPU',
        'server CPU s/GB',
        'generators CPU',
        'bench+servers',
        'other processes',
        'downloads',
        'verified',
        'failed',
      ],
      bursts.map((r) => [
        r.server,
        String(r.round),
        `${fix(r.serverCpuPct, 0)}%`,
        fix(r.serverCpuSPerGb, 2),
        r.generatorCpuPct.map((p) => `${fix(p, 0)}%`).join(' + '),
        r.machine ? `${fix(r.machine.ownPct * cpus().length, 0)}%` : 'n/a',
        r.machine ? `${fix(r.machine.otherPct * cpus().length, 0)}%` : 'n/a',
        `${r.downloads}/${r.clients * r.files}`,
        `${r.verified}${r.mismatched > 0 ? ` (${r.mismatched} WRONG)` : ''}`,
        String(r.failures.length),
      ]),
    ),
  );

  const ours = pooled.find((p) => p.server === 'ours');
  const ng = pooled.find((p) => p.server === 'nginx');
  // A burst that other processes slowed down says little about the server. The verdict uses the
  // rounds in which neither burst was disturbed; only when there is none does it fall back to all.
  const disturbed = (b: BurstResult) =>
    b.machine === null || b.machine.otherPct * cpus().length >= DISTURBED_PCT;
  let ratio: {
    pooled: number;
    perRound: { round: number; ratio: number; disturbed: boolean }[];
    quiet: number | null;
    quietRounds: number[];
    verdictFrom: 'quiet rounds' | 'all rounds';
    verdict: number;
  } | null = null;
  log('');
  if (ours && ng) {
    const perRound: { round: number; ratio: number; disturbed: boolean }[] = [];
    const quietPairs: BurstResult[] = [];
    for (let round = 1; round <= opts.rounds; round++) {
      const o = bursts.find((b) => b.server === 'ours' && b.round === round);
      const n = bursts.find((b) => b.server === 'nginx' && b.round === round);
      if (!o || !n) continue;
      const noisy = disturbed(o) || disturbed(n);
      perRound.push({ round, ratio: o.mbPerS / n.mbPerS, disturbed: noisy });
      if (!noisy) quietPairs.push(o, n);
    }
    const quietOurs = pool(
      'ours',
      quietPairs.filter((b) => b.server === 'ours'),
    );
    const quietNginx = pool(
      'nginx',
      quietPairs.filter((b) => b.server === 'nginx'),
    );
    const quiet = quietOurs && quietNginx ? quietOurs.mbPerS / quietNginx.mbPerS : null;
    const pooledRatio = ours.mbPerS / ng.mbPerS;
    ratio = {
      pooled: pooledRatio,
      perRound,
      quiet,
      quietRounds: perRound.filter((r) => !r.disturbed).map((r) => r.round),
      verdictFrom: quiet === null ? 'all rounds' : 'quiet rounds',
      verdict: quiet ?? pooledRatio,
    };
    log(
      `throughput ratio ours/nginx: ${fix(pooledRatio, 2)} over all rounds; per round: ` +
        perRound.map((r) => `${fix(r.ratio, 2)}${r.disturbed ? ' (disturbed)' : ''}`).join(', '),
    );
    if (quiet !== null) {
      log(
        `throughput ratio ours/nginx in the rounds no other process disturbed (round ${ratio.quietRounds.join(', ')}): ` +
          fix(quiet, 2),
      );
    } else {
      log(
        `every round had a burst that other processes disturbed (≥ ${DISTURBED_PCT}% of a core): the verdict below ` +
          'uses all rounds and is not reliable — rerun with more --rounds when the machine is quieter',
      );
    }
    log(
      `goal throughput ratio ≥ ${RATIO_GOAL}: ${ratio.verdict >= RATIO_GOAL ? 'met' : 'not met'} ` +
        `(${fix(ratio.verdict, 2)}, ${ratio.verdictFrom})`,
    );
    const cpuPerGb = (kind: ServerKind) =>
      median(bursts.filter((b) => b.server === kind).map((b) => b.serverCpuSPerGb));
    log(
      `server CPU per GB delivered (median): ours ${fix(cpuPerGb('ours'), 2)} s, nginx ${fix(cpuPerGb('nginx'), 2)} s ` +
        `(one core could serve at most ~${fix(1024 / cpuPerGb('ours'), 0)} MB/s from ours)`,
    );
  }
  if (ours) {
    const peakMb = ours.rssPeakMaxBytes / MB;
    log(
      `goal peak RSS < ${RSS_GOAL_MB} MB: ${peakMb < RSS_GOAL_MB ? 'met' : 'not met'} (ours peaked at ${fix(peakMb, 1)} MB)`,
    );
  }
  if (ingests.length > 0) {
    const lp = longPdf!;
    log(
      `ingest of a ${lp.pages}-page PDF (${fmtMb(lp.bytes.byteLength)} MB, upload + parse + text extraction): ` +
        ingests.map((i) => `${fix(i.ms, 0)} ms`).join(', ') +
        `; last-page word found: ${ingests.every((i) => i.search.lastPageHit) ? 'yes' : 'NO'}`,
    );
  }
  // nginx barely uses its core here; when the rest of the machine is busy (the generators, the
  // kernel's loopback work, other processes), its figure is what the clients could take.
  const nginxBounded = bursts.filter(
    (b) =>
      b.server === 'nginx' &&
      (b.generatorCpuPct.some((p) => p >= 80) ||
        (b.machine !== null && b.machine.ownPct + b.machine.otherPct >= 95)),
  );
  if (nginxBounded.length > 0) {
    const maxNginxCpu = Math.max(...nginxBounded.map((b) => b.serverCpuPct));
    log(
      `note: in ${nginxBounded.length} nginx burst(s) the machine's CPUs were full or a load generator ran at ≥ 80% ` +
        `of a core while nginx used at most ${fix(maxNginxCpu, 0)}%: nginx's MB/s there is bounded by the clients ` +
        'and the machine, not by nginx, so it understates nginx and the ratio flatters ours',
    );
  }
  const busiest = Math.max(0, ...bursts.map((b) => (b.machine?.otherPct ?? 0) * cpus().length));
  if (busiest >= DISTURBED_PCT) {
    log(
      `note: other processes used up to ${fix(busiest, 0)}% of a core during a burst; the figures are noisy — ` +
        'compare rounds, or rerun with more --rounds on a quiet machine',
    );
  }
  const failed = bursts.reduce((n, b) => n + b.failures.length + b.mismatched, 0);
  const missingSearch = ingests.some((i) => !i.search.lastPageHit || i.pageCount !== i.pages);
  if (failed > 0) {
    log(`\nRUN BROKEN: ${failed} download(s) failed or had the wrong bytes, e.g.:`);
    for (const f of bursts
      .flatMap((b) => b.failures.map((x) => `${b.server} round ${b.round} ${x}`))
      .slice(0, 10)) {
      log(`  ${f}`);
    }
  }
  if (missingSearch)
    log('\nRUN BROKEN: the long PDF was not fully ingested (page count or last-page search)');

  const report = {
    benchmark: 'distribution',
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      totalMemBytes: totalmem(),
      node: process.version,
      platform: process.platform,
    },
    versions: {
      nginx: nginxVer,
      '@cantoo/pdf-lib': version('@cantoo/pdf-lib'),
      'pdfjs-dist': version('pdfjs-dist'),
      fastify: version('fastify'),
    },
    options: { ...opts, order: Array.from({ length: opts.rounds }, (_, r) => orderFor(r + 1, opts.servers)) },
    nginxConfig: {
      workerProcesses: NGINX_WORKERS,
      sendfile: true,
      tcpNopush: true,
      keepalive: true,
      accessLog: false,
    },
    set: set.map((d, i) => ({ fileName: d.fileName, pages: d.pages, ...files[i]! })),
    setBytes,
    longPdf: longPdf
      ? { fileName: longPdf.fileName, pages: longPdf.pages, bytes: longPdf.bytes.byteLength }
      : null,
    setups,
    bursts: bursts.map((b) => ({
      ...b,
      clientP50S: percentile(b.clientDoneS, 0.5),
      clientP99S: percentile(b.clientDoneS, 0.99),
      clientMaxS: b.clientDoneS[b.clientDoneS.length - 1] ?? null,
      failures: b.failures.slice(0, 50),
      failureCount: b.failures.length,
    })),
    pooled,
    ratio,
    ingests,
    goals: {
      throughputRatio: ratio
        ? { min: RATIO_GOAL, value: ratio.verdict, from: ratio.verdictFrom, met: ratio.verdict >= RATIO_GOAL }
        : null,
      peakRssMb: ours
        ? { max: RSS_GOAL_MB, value: ours.rssPeakMaxBytes / MB, met: ours.rssPeakMaxBytes / MB < RSS_GOAL_MB }
        : null,
    },
    broken: failed > 0 || missingSearch,
  };
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nwrote ${relative(repoRoot, RESULTS_FILE)}`);
  return failed > 0 || missingSearch ? 1 : 0;
}

runBench(main, cleanupNow);

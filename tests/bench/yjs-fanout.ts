/**
 * Yjs fan-out benchmark: N clients on one document, updates sent one at a time by rotating
 * senders, each update's delivery latency to every other client — against our room server
 * (which persists every update to SQLite before broadcasting it) and against the stock
 * y-websocket server (@y/websocket-server, no persistence), in the same run. With presence on
 * (the default), every client also has a presence state and moves its cursor in it, as real
 * clients do, on both servers alike.
 *
 * Run: npm run bench [-- --clients 200 --updates 300 ...]   (see tests/bench/README.md)
 * Prints figures; exits 0 unless the run itself broke.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ClientKind } from './lib/clients';
import { benchGc, GcRecorder } from './lib/gc';
import {
  type BenchServer,
  killAllChildren,
  ROOM_SERVER_BUNDLE,
  type ServerKind,
  startOurServer,
  startStockServer,
} from './lib/servers';
import { MachineLoad } from './lib/proc';
import { type LatencySummary, median, summarize } from './lib/stats';
import { FanoutSession, type RunResult, type WorkloadOptions } from './lib/workload';

const P99_GOAL = 1.2;
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const RESULTS_FILE = join(here, 'results', 'yjs-fanout.json');

const USAGE = `Usage: npm run bench -- [options]      (each option also as an env var)
  --clients N           clients on the document            BENCH_CLIENTS   (default 200)
  --updates N           measured updates                    BENCH_UPDATES   (default 300)
  --warmup N            unmeasured updates first            BENCH_WARMUP    (default 30)
  --rounds N            runs per server                     BENCH_ROUNDS    (default 2)
  --servers LIST        both | ours | stock                 BENCH_SERVERS   (default both)
  --client KIND         raw | provider (WebsocketProvider)  BENCH_CLIENT    (default raw)
  --presence on|off     every client sets a presence state  BENCH_PRESENCE  (default on)
  --cursor-ms N         … and moves its cursor every N ms (0: never)
                                                            BENCH_CURSOR_MS (default 10000)
  --schedule S          interleaved: both servers up, turns per update;
                        sequential: one server after the other  BENCH_SCHEDULE (default interleaved)
  --client-gc MODE      forced: the bench collects its garbage between windows;
                        natural: whenever V8 likes               BENCH_CLIENT_GC (default forced)
  --update-timeout-ms N after this an update's missing receivers count as lost (default 5000)
  --gap-ms N            pause between updates               BENCH_GAP_MS    (default 0)
  --cpu-prof            write V8 CPU profiles of the server children to tests/bench/results/cpu-prof/
  --server-node-args S  extra node flags for both server children, e.g. =--trace-gc
  --server-bundle PATH  our server's bundle              BENCH_SERVER_BUNDLE (default dist/room-server.js)
  --data-root DIR       where our server's fresh data dir goes  BENCH_DATA_ROOT (default OS temp dir)
  --server-logs         copy the children's stdout/stderr to tests/bench/results/logs/
  --max-minutes N       hard stop for the whole benchmark   BENCH_MAX_MINUTES (default 20)
  --help`;

interface Options extends WorkloadOptions {
  readonly rounds: number;
  readonly servers: readonly ServerKind[];
  readonly schedule: 'interleaved' | 'sequential';
  readonly cpuProf: boolean;
  readonly serverNodeArgs: readonly string[];
  readonly serverLogs: boolean;
  readonly serverBundle: string;
  readonly dataRoot: string | null;
  readonly maxMinutes: number;
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      clients: { type: 'string' },
      updates: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      servers: { type: 'string' },
      client: { type: 'string' },
      presence: { type: 'string' },
      'cursor-ms': { type: 'string' },
      'client-gc': { type: 'string' },
      schedule: { type: 'string' },
      'update-timeout-ms': { type: 'string' },
      'gap-ms': { type: 'string' },
      'cpu-prof': { type: 'boolean' },
      'server-node-args': { type: 'string' },
      'server-logs': { type: 'boolean' },
      'server-bundle': { type: 'string' },
      'data-root': { type: 'string' },
      'max-minutes': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  const env = process.env;
  const int = (name: string, raw: string | undefined, fallback: number, min: number): number => {
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be an integer ≥ ${min}, got "${raw}"`);
    return n;
  };
  const servers = values.servers ?? env.BENCH_SERVERS ?? 'both';
  if (!['both', 'ours', 'stock'].includes(servers)) throw new Error(`--servers: both, ours or stock`);
  const client = values.client ?? env.BENCH_CLIENT ?? 'raw';
  if (client !== 'raw' && client !== 'provider') throw new Error(`--client: raw or provider`);
  const clientGc = values['client-gc'] ?? env.BENCH_CLIENT_GC ?? 'forced';
  if (clientGc !== 'forced' && clientGc !== 'natural') throw new Error(`--client-gc: forced or natural`);
  const presence = values.presence ?? env.BENCH_PRESENCE ?? 'on';
  if (presence !== 'on' && presence !== 'off') throw new Error(`--presence: on or off`);
  const schedule = values.schedule ?? env.BENCH_SCHEDULE ?? 'interleaved';
  if (schedule !== 'interleaved' && schedule !== 'sequential') {
    throw new Error(`--schedule: interleaved or sequential`);
  }
  return {
    clients: int('clients', values.clients ?? env.BENCH_CLIENTS, 200, 2),
    updates: int('updates', values.updates ?? env.BENCH_UPDATES, 300, 1),
    warmup: int('warmup', values.warmup ?? env.BENCH_WARMUP, 30, 0),
    rounds: int('rounds', values.rounds ?? env.BENCH_ROUNDS, 2, 1),
    servers: servers === 'both' ? ['ours', 'stock'] : [servers as ServerKind],
    clientKind: client as ClientKind,
    schedule,
    forcedGc: clientGc === 'forced',
    presence: presence === 'on',
    cursorMs: int('cursor-ms', values['cursor-ms'] ?? env.BENCH_CURSOR_MS, 10_000, 0),
    updateTimeoutMs: int('update-timeout-ms', values['update-timeout-ms'], 5000, 10),
    gapMs: int('gap-ms', values['gap-ms'] ?? env.BENCH_GAP_MS, 0, 0),
    cpuProf: values['cpu-prof'] ?? false,
    serverNodeArgs: (values['server-node-args'] ?? '').split(/\s+/).filter((a) => a !== ''),
    serverLogs: values['server-logs'] ?? false,
    dataRoot: values['data-root'] ?? env.BENCH_DATA_ROOT ?? null,
    serverBundle: resolve(values['server-bundle'] ?? env.BENCH_SERVER_BUNDLE ?? ROOM_SERVER_BUNDLE),
    maxMinutes: int('max-minutes', values['max-minutes'] ?? env.BENCH_MAX_MINUTES, 20, 1),
    connectBatch: 20,
    syncTimeoutMs: 15_000,
  };
}

/** Server order per round: alternating, so neither server always goes first. */
function orderFor(round: number, servers: readonly ServerKind[]): ServerKind[] {
  if (servers.length < 2) return [...servers];
  return round % 2 === 1 ? ['stock', 'ours'] : ['ours', 'stock'];
}

function version(pkg: string): string {
  try {
    const json = JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8'));
    return String(json.version);
  } catch {
    return 'unknown';
  }
}

const mb = (bytes: number | null) => (bytes === null ? 'n/a' : (bytes / 1024 / 1024).toFixed(1));
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

interface Pooled {
  readonly server: ServerKind;
  readonly runs: number;
  readonly latency: LatencySummary;
  readonly lost: number;
  readonly serverClosedSockets: number;
  readonly rssIdleBytes: number | null;
  readonly rssPeakBytes: number;
  readonly editsPersisted: number;
  readonly editsInServerDoc: number;
  readonly totalEdits: number;
  readonly fanoutCompleteP99Median: number;
  readonly serverCpuMsPerUpdate: number | null;
  readonly benchWindowCpuMsPerUpdate: number;
}

/** All runs of one server together: percentiles over every sample; memory as the median run. */
function pool(server: ServerKind, runs: RunResult[]): Pooled | null {
  if (runs.length === 0) return null;
  const all: number[] = [];
  for (const r of runs) for (const v of r.samples) all.push(v);
  const idle = runs.map((r) => r.rssIdleBytes).filter((v): v is number => v !== null);
  const serverCpu = runs.map((r) => r.serverCpuMs).filter((v): v is number => v !== null);
  return {
    server,
    runs: runs.length,
    latency: summarize(all),
    lost: runs.reduce((n, r) => n + r.lost, 0),
    serverClosedSockets: runs.reduce((n, r) => n + r.serverClosedSockets, 0),
    rssIdleBytes: idle.length > 0 ? median(idle) : null,
    rssPeakBytes: median(runs.map((r) => r.rssPeakBytes)),
    editsPersisted: runs.reduce((n, r) => n + r.editsPersisted, 0),
    editsInServerDoc: runs.reduce((n, r) => n + r.editsInServerDoc, 0),
    totalEdits: runs.reduce((n, r) => n + r.totalEdits, 0),
    fanoutCompleteP99Median: median(runs.map((r) => r.fanoutComplete.p99)),
    serverCpuMsPerUpdate:
      serverCpu.length === runs.length ? median(runs.map((r) => (r.serverCpuMs ?? 0) / r.updates)) : null,
    benchWindowCpuMsPerUpdate: median(runs.map((r) => r.benchWindowCpuMs / r.updates)),
  };
}

/** Sockets the server closed, with their close codes and reasons: `0`, or `216 (1008 policy violation×216)`. */
function closedCell(r: RunResult): string {
  const codes = Object.entries(r.closeCodes).map(([code, n]) => `${code}×${n}`);
  return codes.length === 0 ? '0' : `${r.serverClosedSockets} (${codes.join(', ')})`;
}

function persistedCell(server: ServerKind, persisted: number, total: number, rows: number | null): string {
  if (server === 'stock') return '0';
  return `${persisted}/${total}${rows === null ? '' : ` (${rows} rows)`}`;
}

async function main(): Promise<number> {
  let opts: Options | 'help';
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const options = opts;
  const watchdog = setTimeout(() => {
    process.stderr.write(`\nbenchmark exceeded --max-minutes ${options.maxMinutes}; stopping\n`);
    killAllChildren();
    process.exit(1);
  }, options.maxMinutes * 60_000);
  watchdog.unref();

  const log = (line: string) => process.stdout.write(`${line}\n`);
  const profDir = join(here, 'results', 'cpu-prof');
  const nodeArgs = [
    ...(options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []),
    ...options.serverNodeArgs,
  ];
  if (options.cpuProf) mkdirSync(profDir, { recursive: true });
  const logDir = join(here, 'results', 'logs');
  if (options.serverLogs) mkdirSync(logDir, { recursive: true });

  log(
    `Yjs fan-out: ${options.clients} clients (${options.clientKind}), ${options.updates} updates ` +
      `after ${options.warmup} warm-up, ${options.rounds} round(s), servers: ${options.servers.join(' + ')}, ` +
      `${options.schedule}, ` +
      (!options.presence
        ? 'presence off'
        : options.cursorMs > 0
          ? `presence on (every client has a state and moves its cursor every ${options.cursorMs} ms)`
          : 'presence on (every client has a state; cursors still)'),
  );
  log(`  ours: ${relative(repoRoot, options.serverBundle)} (rebuild with npm run build:server)`);
  log(
    `  stock: @y/websocket-server ${version('@y/websocket-server')}, yjs ${version('yjs')}, ws ${version('ws')}`,
  );
  log(`  machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}`);

  const runs: RunResult[] = [];
  const loads: {
    round: number;
    servers: ServerKind[];
    otherPct?: number;
    stealPct?: number;
    ownPct?: number;
  }[] = [];
  const gcRecorder = new GcRecorder();
  const startServer = (kind: ServerKind, round: number) => {
    const start = {
      clients: options.clients,
      bundle: options.serverBundle,
      ...(options.dataRoot ? { dataRoot: options.dataRoot } : {}),
      nodeArgs,
      logFile: null as string | null,
    };
    if (options.serverLogs) start.logFile = join(logDir, `${kind}-round${round}.log`);
    return kind === 'ours' ? startOurServer(start) : startStockServer(start);
  };
  const logRun = (r: RunResult) =>
    log(
      `  ${r.server}: p50 ${ms(r.latency.p50)} ms, p99 ${ms(r.latency.p99)} ms, max ${ms(r.latency.max)} ms, ` +
        `lost ${r.lost}, sockets closed by the server ${closedCell(r)}, ` +
        `clients synced in ${(r.connectMs / 1000).toFixed(1)} s`,
    );
  for (let round = 0; round < options.rounds; round++) {
    const order = orderFor(round, options.servers);
    // Sequential: one server after the other. Interleaved: both up at once, each with its own
    // clients, taking turns update by update, so load on the machine hits both alike.
    const groups = options.schedule === 'sequential' ? order.map((k) => [k]) : [order];
    for (const group of groups) {
      log(`
round ${round + 1}: ${group.join(' + ')}${group.length > 1 ? ', taking turns per update' : ''}`);
      const servers: BenchServer[] = [];
      const sessions: FanoutSession[] = [];
      try {
        for (const kind of group) {
          const server = await startServer(kind, round + 1);
          servers.push(server);
          sessions.push(new FanoutSession(server, round + 1, options, gcRecorder));
        }
        for (const session of sessions) await session.connect();
        const load = new MachineLoad(servers.map((s) => s.pid));
        while (sessions.some((s) => !s.done)) {
          for (const session of sessions) if (!session.done) await session.step();
        }
        const machine = load.finish();
        loads.push({ round: round + 1, servers: group, ...machine });
        if (machine) {
          log(
            `  CPU during the updates: benchmark + servers ${machine.ownPct}%, other processes and kernel ` +
              `${machine.otherPct}% (host steal ${machine.stealPct}%) of ${cpus().length} CPUs`,
          );
        }
        for (const session of sessions) {
          const result = await session.finish();
          runs.push(result);
          logRun(result);
        }
      } finally {
        for (const session of sessions) session.close();
        for (const server of servers) await server.stop();
      }
    }
  }

  const byServer = (kind: ServerKind) => runs.filter((r) => r.server === kind);
  const pooled = options.servers.map((kind) => pool(kind, byServer(kind))).filter((p) => p !== null);
  const ours = pooled.find((p) => p.server === 'ours');
  const stock = pooled.find((p) => p.server === 'stock');

  const headers = [
    'server',
    'run',
    'clients',
    'updates',
    'p50 ms',
    'p99 ms',
    'max ms',
    'lost',
    'closed',
    'RSS idle MB',
    'RSS peak MB',
    'persisted',
  ];
  const rows: string[][] = runs.map((r) => [
    r.server,
    String(r.round),
    String(r.clients),
    String(r.updates),
    ms(r.latency.p50),
    ms(r.latency.p99),
    ms(r.latency.max),
    String(r.lost),
    String(r.serverClosedSockets),
    mb(r.rssIdleBytes),
    mb(r.rssPeakBytes),
    persistedCell(r.server, r.editsPersisted, r.totalEdits, r.persistedRows),
  ]);
  for (const p of pooled) {
    rows.push([
      p.server,
      'all',
      String(options.clients),
      String(options.updates * p.runs),
      ms(p.latency.p50),
      ms(p.latency.p99),
      ms(p.latency.max),
      String(p.lost),
      String(p.serverClosedSockets),
      mb(p.rssIdleBytes),
      mb(p.rssPeakBytes),
      persistedCell(p.server, p.editsPersisted, p.totalEdits, null),
    ]);
  }
  log('\nResults (latency = receive − send over every (update, receiver) pair; "all" pools every run):');
  log(table(headers, rows));

  log('\nSecondary figures per run (ms; "done" = until the last of the receivers had the update;');
  log('CPU per measured update; bench = this process, i.e. the clients, inside the send→done windows;');
  log('apply = clients applying the received updates after each window, outside the measurement):');
  log(
    table(
      [
        'server',
        'run',
        'done p50',
        'done p99',
        'server CPU',
        'bench CPU',
        'bench GC in windows',
        'apply',
        'edits in server doc',
        'converged clients',
        'closed at end',
        'closed by server (codes)',
      ],
      runs.map((r) => [
        r.server,
        String(r.round),
        ms(r.fanoutComplete.p50),
        ms(r.fanoutComplete.p99),
        r.serverCpuMs === null ? 'n/a' : (r.serverCpuMs / r.updates).toFixed(2),
        (r.benchWindowCpuMs / r.updates).toFixed(2),
        r.benchGcInWindowsMs === null ? 'n/a' : `${r.benchGcInWindowsMs.toFixed(0)} total`,
        (r.clientApplyMs / r.updates).toFixed(2),
        `${r.editsInServerDoc}/${r.totalEdits}`,
        `${r.convergedClients}/${r.clients}`,
        String(r.closedClients),
        closedCell(r),
      ]),
    ),
  );

  let ratios: { p50: number; p99: number; perRoundP99: number[] } | null = null;
  if (ours && stock) {
    const perRoundP99: number[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      const o = runs.find((r) => r.server === 'ours' && r.round === round);
      const s = runs.find((r) => r.server === 'stock' && r.round === round);
      if (o && s) perRoundP99.push(ratio(o.latency.p99, s.latency.p99));
    }
    ratios = {
      p50: ratio(ours.latency.p50, stock.latency.p50),
      p99: ratio(ours.latency.p99, stock.latency.p99),
      perRoundP99,
    };
    log('');
    log(`ratio ours/stock p50: ${ratios.p50.toFixed(2)}`);
    log(
      `ratio ours/stock p99: ${ratios.p99.toFixed(2)}` +
        (perRoundP99.length > 1 ? `  (per round: ${perRoundP99.map((r) => r.toFixed(2)).join(', ')})` : ''),
    );
    log(`goal p99 ratio ≤ ${P99_GOAL}: ${ratios.p99 <= P99_GOAL ? 'met' : 'not met'}`);
    const everyEdit = ours.editsPersisted === ours.totalEdits;
    log(
      `ours persisted ${ours.editsPersisted}/${ours.totalEdits} edits (read back from SQLite)` +
        (everyEdit ? '' : ' — NOT every edit was persisted'),
    );
  }
  const busiest = Math.max(0, ...loads.map((l) => l.otherPct ?? 0));
  if (busiest >= 10) {
    log(
      `note: other processes used up to ${busiest}% of the CPUs during a round; p99 and max are ` +
        'noisy — rerun with more --rounds on a quiet machine for firmer figures',
    );
  }

  const strip = ({ samples: _samples, ...rest }: RunResult) => rest;
  const report = {
    benchmark: 'yjs-fanout',
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      totalMemBytes: totalmem(),
      node: process.version,
      platform: process.platform,
    },
    versions: {
      yjs: version('yjs'),
      ws: version('ws'),
      'y-protocols': version('y-protocols'),
      'y-websocket': version('y-websocket'),
      '@y/websocket-server': version('@y/websocket-server'),
    },
    options: {
      clients: options.clients,
      updates: options.updates,
      warmup: options.warmup,
      rounds: options.rounds,
      servers: options.servers,
      client: options.clientKind,
      presence: options.presence,
      cursorMs: options.cursorMs,
      schedule: options.schedule,
      clientGc: options.forcedGc ? (benchGc ? 'forced' : 'forced (unavailable: natural)') : 'natural',
      updateTimeoutMs: options.updateTimeoutMs,
      gapMs: options.gapMs,
      serverBundle: relative(repoRoot, options.serverBundle),
      dataRoot: options.dataRoot ?? tmpdir(),
      order: Array.from({ length: options.rounds }, (_, r) => orderFor(r, options.servers)),
    },
    runs: runs.map(strip),
    machineLoad: loads,
    pooled,
    ratios,
    goal: ratios ? { p99RatioMax: P99_GOAL, met: ratios.p99 <= P99_GOAL } : null,
  };
  gcRecorder.stop();
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nwrote ${relative(repoRoot, RESULTS_FILE)}`);
  return 0;
}

process.on('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    process.stderr.write(`\n${signal}: stopping the server children\n`);
    killAllChildren();
    process.exit(130);
  });
}

main().then(
  (code) => {
    killAllChildren();
    process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(
      `\nbenchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    killAllChildren();
    process.exit(1);
  },
);

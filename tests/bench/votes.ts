/**
 * Votes benchmark: 500 delegates vote in the same second.
 *
 * Prints, per round and pooled: ballot latency (p50/p99, request sent → durable answer),
 * ballots/s, and the time from the chair's close to the result being present in every
 * delegate's live document (goal < 500 ms). In the same run, side by side:
 *   (a) a trivial route (`GET /api/v1/health`) on the same server and HTTP stack with the same
 *       client and the same concurrency: the stack's own limit;
 *   (b) a bare better-sqlite3 loop inserting the same ballots, one transaction each, WAL and
 *       `synchronous=FULL`: the naive durable limit.
 * Ballots/s is printed as a ratio of both (goal ≥ 1.0× the bare loop with every ballot durable
 * before it is answered). Figures, not a pass/fail test: exits 1 only if the run broke.
 *
 *   npx tsx tests/bench/votes.ts [--delegates 500] [--rounds 3] [--data-root DIR] [--presence on|off]
 *     [--provider ours|stock]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { createProvider } from '../../renderer/src/lib/yjs/provider';
import * as Y from 'yjs';
import { ROUTES } from '#common/http/route-table';
import { liveDocName } from '#common/protocol/doc-names';
import { LIVE_MAP, LiveKeys } from '#common/protocol/live-doc';
import { callRoute, expectOk } from '../integration/helpers/test-room';
import { inBatches, newKey, setUpVotingMeeting } from '../integration/helpers/voting-meeting';
import { makeTempDir, removeTempDir, repoRoot, runBench, startRoomFromSource } from './lib/room-process';
import { type LatencySummary, median, summarize } from './lib/stats';

const RESULTS_FILE = join(repoRoot, 'tests', 'bench', 'results', 'votes.json');
const CLOSE_GOAL_MS = 500;
const RATIO_GOAL = 1.0;

interface Options {
  delegates: number;
  rounds: number;
  dataRoot: string;
  presence: boolean;
  /** Whose provider the delegates' live documents use: our client's (no presence echo) or the stock one. */
  provider: 'ours' | 'stock';
}

function parseOptions(): Options {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      delegates: { type: 'string', default: process.env.BENCH_DELEGATES ?? '500' },
      rounds: { type: 'string', default: process.env.BENCH_ROUNDS ?? '3' },
      'data-root': { type: 'string', default: process.env.BENCH_DATA_ROOT ?? tmpdir() },
      presence: { type: 'string', default: process.env.BENCH_PRESENCE ?? 'on' },
      provider: { type: 'string', default: 'ours' },
    },
  });
  return {
    delegates: Number(values.delegates),
    rounds: Number(values.rounds),
    dataRoot: values['data-root']!,
    presence: values.presence !== 'off',
    provider: values.provider === 'stock' ? 'stock' : 'ours',
  };
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const fix = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
/** Fires `n` requests at once (same client, same concurrency) and times each and the whole. */
async function burst(
  n: number,
  send: (i: number) => Promise<void>,
): Promise<{ latency: LatencySummary; perSecond: number }> {
  const samples: number[] = new Array(n);
  const start = performance.now();
  await Promise.all(
    Array.from({ length: n }, async (_x, i) => {
      const t = performance.now();
      await send(i);
      samples[i] = performance.now() - t;
    }),
  );
  const wall = performance.now() - start;
  return { latency: summarize(samples), perSecond: (n * 1000) / wall };
}

/** The naive durable limit: one transaction per ballot, WAL, synchronous=FULL. */
function bareLoop(dataRoot: string, n: number): { perSecond: number; latency: LatencySummary } {
  const dir = makeTempDir(dataRoot, 'paperless-bench-bare-');
  const db = new Database(join(dir, 'bare.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(`CREATE TABLE ballots (vote_id TEXT NOT NULL, member_id TEXT NOT NULL, option_id TEXT NOT NULL,
      idempotency_key TEXT NOT NULL, PRIMARY KEY (vote_id, member_id)) STRICT, WITHOUT ROWID`);
    const insert = db.prepare('INSERT INTO ballots VALUES (?, ?, ?, ?)');
    const one = db.transaction((i: number) => insert.run('vote-bench', `member-${i}`, 'for', newKey()));
    const samples: number[] = [];
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      one.immediate(i);
      samples.push(performance.now() - t);
    }
    return { perSecond: (n * 1000) / (performance.now() - start), latency: summarize(samples) };
  } finally {
    db.close();
    removeTempDir(dir);
  }
}

interface Round {
  round: number;
  trivial: { latency: LatencySummary; perSecond: number };
  ballots: { latency: LatencySummary; perSecond: number };
  bare: { latency: LatencySummary; perSecond: number };
  closeToAllMs: { p50: number; max: number; reached: number };
}

async function main(): Promise<number> {
  const opts = parseOptions();
  log(
    `votes benchmark: ${opts.delegates} delegates, ${opts.rounds} rounds, presence ${opts.presence ? 'on' : 'off'} (${opts.provider} provider)`,
  );
  const server = await startRoomFromSource(opts.dataRoot, 'paperless-bench-votes-');
  const staff = expectOk(
    await callRoute(server.url, ROUTES.join, { body: { code: server.adminCode } }),
    201,
  ).token;
  const setupStart = performance.now();
  const m = await setUpVotingMeeting(server.url, staff, opts.delegates);
  log(
    `setup: meeting, ${opts.delegates} delegates joined and checked in (${fix((performance.now() - setupStart) / 1000)} s)`,
  );

  // Every delegate's live document with presence on, as real clients have it: through our client's
  // provider (no presence echo; what the app uses) or, with `--provider stock`, the stock one.
  const wsBase = `${server.url.replace(/^http/, 'ws')}/yjs`;
  // Each stock provider adds a process 'exit' listener (to clear its presence).
  process.setMaxListeners(opts.delegates + 20);
  const connectStart = performance.now();
  const clients = await inBatches(m.delegates, 25, async (d, i) => {
    const doc = new Y.Doc();
    const provider =
      opts.provider === 'ours'
        ? createProvider({
            base: wsBase,
            docName: liveDocName(m.meetingId),
            doc,
            token: d.token,
            WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
          })
        : new WebsocketProvider(wsBase, liveDocName(m.meetingId), doc, {
            params: { token: d.token },
            WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
            disableBc: true,
          });
    // Presence comes once everyone is in (below): 500 joins each echoed by every provider
    // already connected would otherwise make the handshake the benchmark.
    provider.awareness.setLocalState(null);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`client ${i} did not sync`)), 600_000);
      provider.once('sync', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return { doc, provider };
  });
  let presenceSeen: { min: number; median: number } | null = null;
  if (opts.presence) {
    for (const [i, c] of clients.entries()) {
      c.provider.awareness.setLocalState({ user: { seat: i + 1 }, viewing: 'votes' });
    }
    // Every provider hears every other's presence (n² messages, each echoed once by the stock
    // provider): wait until that has spread, or at most 60 s, and say how far it got.
    const seen = () => clients.map((c) => c.provider.awareness.getStates().size);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !seen().every((n) => n >= clients.length)) {
      await new Promise((r) => setTimeout(r, 250));
    }
    const counts = seen();
    presenceSeen = { min: Math.min(...counts), median: median(counts) };
    log(
      `presence on: each client sees ${presenceSeen.min}–${clients.length} presence states (median ${presenceSeen.median})`,
    );
  }
  log(`${clients.length} live-document clients synced (${fix((performance.now() - connectStart) / 1000)} s)`);

  const rounds: Round[] = [];
  let broken = false;
  for (let round = 1; round <= opts.rounds; round++) {
    const trivial = await burst(opts.delegates, async () => {
      expectOk(await callRoute(server.url, ROUTES.health));
    });
    const created = expectOk(
      await callRoute(server.url, ROUTES.createVote, {
        token: m.chair.token,
        params: { meetingId: m.meetingId },
        body: { agendaItemId: m.itemId, title: `Biểu quyết vòng ${round}` },
      }),
      201,
    ).vote;
    expectOk(
      await callRoute(server.url, ROUTES.openVote, { token: m.chair.token, params: { voteId: created.id } }),
    );
    const ballots = await burst(opts.delegates, async (i) => {
      expectOk(
        await callRoute(server.url, ROUTES.castBallot, {
          token: m.delegates[i]!.token,
          params: { voteId: created.id },
          body: { idempotencyKey: newKey(), optionId: i % 5 === 0 ? 'against' : 'for' },
        }),
      );
    });

    // Close → the result in every live document.
    const arrivals: number[] = [];
    const closeAt = performance.now();
    const waits = clients.map(
      (c) =>
        new Promise<void>((resolve) => {
          const map = c.doc.getMap(LIVE_MAP);
          // The raw value, not a zod parse of the whole map: 500 clients share this process.
          const has = () =>
            ((map.get(LiveKeys.votes) ?? []) as { id: string; result: unknown }[]).some(
              (v) => v.id === created.id && v.result !== null,
            );
          const check = () => {
            if (!has()) return false;
            arrivals.push(performance.now() - closeAt);
            map.unobserve(check);
            resolve();
            return true;
          };
          if (!check()) map.observe(check);
        }),
    );
    const closed = expectOk(
      await callRoute(server.url, ROUTES.closeVote, { token: m.chair.token, params: { voteId: created.id } }),
    ).vote;
    if (closed.result?.cast !== opts.delegates) broken = true;
    await Promise.race([Promise.all(waits), new Promise((r) => setTimeout(r, 10_000))]);
    const sorted = [...arrivals].sort((a, b) => a - b);
    if (sorted.length < clients.length) broken = true;
    const bare = bareLoop(opts.dataRoot, opts.delegates);
    const r: Round = {
      round,
      trivial,
      ballots,
      bare,
      closeToAllMs: { p50: median(sorted), max: sorted.at(-1) ?? Number.NaN, reached: sorted.length },
    };
    rounds.push(r);
    log(
      `round ${round}: ballots p50 ${fix(ballots.latency.p50)} ms, p99 ${fix(ballots.latency.p99)} ms, ` +
        `${fix(ballots.perSecond, 0)} ballots/s | trivial route ${fix(trivial.perSecond, 0)} req/s ` +
        `(p50 ${fix(trivial.latency.p50)} ms, p99 ${fix(trivial.latency.p99)} ms) | bare loop ${fix(bare.perSecond, 0)} ballots/s | ` +
        `close → result in ${r.closeToAllMs.reached}/${clients.length} live docs: p50 ${fix(r.closeToAllMs.p50)} ms, all ${fix(r.closeToAllMs.max)} ms`,
    );
  }

  const med = (f: (r: Round) => number) => median(rounds.map(f));
  const pooled = {
    ballotP50Ms: med((r) => r.ballots.latency.p50),
    ballotP99Ms: med((r) => r.ballots.latency.p99),
    ballotsPerSecond: med((r) => r.ballots.perSecond),
    trivialPerSecond: med((r) => r.trivial.perSecond),
    barePerSecond: med((r) => r.bare.perSecond),
    closeToAllMs: med((r) => r.closeToAllMs.max),
  };
  const vsBare = pooled.ballotsPerSecond / pooled.barePerSecond;
  const vsTrivial = pooled.ballotsPerSecond / pooled.trivialPerSecond;
  log('\nmedian of rounds');
  log(`  ballot latency            p50 ${fix(pooled.ballotP50Ms)} ms, p99 ${fix(pooled.ballotP99Ms)} ms`);
  log(`  ballots/s                 ${fix(pooled.ballotsPerSecond, 0)}`);
  log(
    `  (a) trivial route         ${fix(pooled.trivialPerSecond, 0)} req/s → ballots at ${fix(vsTrivial, 2)}× the stack's limit`,
  );
  log(
    `  (b) bare durable loop     ${fix(pooled.barePerSecond, 0)} ballots/s → ballots at ${fix(vsBare, 2)}× (goal ≥ ${RATIO_GOAL})`,
  );
  log(`  close → all live docs     ${fix(pooled.closeToAllMs)} ms (goal < ${CLOSE_GOAL_MS} ms)`);
  log(`goal ballots ≥ ${RATIO_GOAL}× bare loop: ${vsBare >= RATIO_GOAL ? 'met' : 'not met'}`);
  log(
    `goal close → result everywhere < ${CLOSE_GOAL_MS} ms: ${pooled.closeToAllMs < CLOSE_GOAL_MS ? 'met' : 'not met'}`,
  );

  for (const c of clients) c.provider.destroy();
  await server.stop();
  const report = {
    benchmark: 'votes',
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      totalMemBytes: totalmem(),
      node: process.version,
    },
    options: opts,
    presenceSeen,
    rounds,
    pooled,
    ratios: { ballotsVsBareLoop: vsBare, ballotsVsTrivialRoute: vsTrivial },
    goals: {
      ballotsVsBareLoop: { min: RATIO_GOAL, value: vsBare, met: vsBare >= RATIO_GOAL },
      closeToAllLiveDocsMs: {
        max: CLOSE_GOAL_MS,
        value: pooled.closeToAllMs,
        met: pooled.closeToAllMs < CLOSE_GOAL_MS,
      },
    },
    broken,
  };
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nwrote ${relative(repoRoot, RESULTS_FILE)}`);
  if (broken) log('RUN BROKEN: a result was not reached everywhere or the count was wrong');
  return broken ? 1 : 0;
}

runBench(main);

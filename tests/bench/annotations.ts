/**
 * Annotation benchmark (issue 15's benchmark, its two annotation lines):
 *
 * (a) Propagation: one delegate draws on their shared layer, another reads it; with 100 other
 *     readers of the same layer connected, presence on (each turns a page now and then). The
 *     latency of each annotation, writer's edit → the reader's layer has it, against our room
 *     server with our client's provider (no presence echo, renderer/src/lib/yjs/provider.ts)
 *     and against the stock y-websocket server (`@y/websocket-server`, no persistence) with
 *     stock `WebsocketProvider`s, same run, same workload. Goals: p99 < 100 ms, and ≤ 0.5× stock.
 * (b) Loading a 5,000-annotation layer to painted, in Chromium, in our viewer: the annotations
 *     are written into the delegate's layer on our server, the viewer opens the document
 *     (`#viewer=<id>`), and the overlay stamps `window.__perf.annotationsPainted` once the
 *     layer it loaded is drawn on the visible pages (perf-contract.ts). Goal < 300 ms from the
 *     layer's open to painted. Needs `npm run build` (the renderer is served by the room server).
 *
 *   npx tsx tests/bench/annotations.ts [--others 100] [--updates 200] [--part a|b|both] …   (--help)
 *
 * Prints figures and writes tests/bench/results/annotations.json; not a pass/fail test: exits 1
 * only if the run itself broke. Loopback only; every loop is bounded.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { ROUTES } from '#common/http/route-table';
import { ANNOTATIONS_MAP, writeAnnotation } from '#common/protocol/annotation-layer';
// `window.__perf` and its `annotationsPainted` stamp are declared there.
import { OWN_LAYERS_AHEAD_MARK } from '../../renderer/src/features/viewer/perf-contract';
import type { BrowserContext, Page } from '@playwright/test';
import { formatDocName } from '#common/protocol/doc-names';
import { createProvider } from '../../renderer/src/lib/yjs/provider';
import { mixedAnnotation } from '../integration/helpers/annotations';
import { onePagePdf } from '../integration/helpers/one-page-pdf';
import { callRoute, expectOk } from '../integration/helpers/test-room';
import { inBatches } from '../integration/helpers/voting-meeting';
import { saveTrace, startTrace, summarizeTrace } from './lib/chromium-trace';
import { MachineLoad } from './lib/proc';
import { repoRoot, runBench, startRoomFromSource, startStockYjsServer } from './lib/room-process';
import { type LatencySummary, median, summarize } from './lib/stats';

const RESULTS_FILE = join(repoRoot, 'tests', 'bench', 'results', 'annotations.json');
const P99_GOAL_MS = 100;
const RATIO_GOAL = 0.5;
const PAINT_GOAL_MS = 300;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const USAGE = `Usage: npx tsx tests/bench/annotations.ts [options]
  --part a|b|both       propagation (a), 5,000-annotation paint (b)   (default both)
  --others N            other readers connected with presence          (default 100)
  --updates N           measured annotations per server and round      (default 200)
  --warmup N            unmeasured annotations first                   (default 20)
  --rounds N            rounds; the servers' order alternates          (default 1)
  --page-ms N           each other reader turns a page every N ms      (default 5000)
  --gap-ms N            pause between annotations                      (default 20)
  --timeout-ms N        an annotation not read by then counts as lost  (default 3000)
  --layer N             annotations of the painted layer (b)           (default 5000)
  --opens N             opens of the viewer timed (b), median reported (default 3)
  --data-root DIR       where the room server's data dir goes          (default OS temp dir)
  --web-root DIR        (b) the built renderer to serve (A/B builds)   (default dist/renderer)
  --max-minutes N       hard stop                                      (default 20)
  --profile FILE        (b) write a Chromium CPU profile of the first open to FILE (.cpuprofile)
  --trace FILE          (b) write a Chromium trace of the first open to FILE (DevTools, Perfetto) and summarise it`;

interface Options {
  part: 'a' | 'b' | 'both';
  others: number;
  updates: number;
  warmup: number;
  rounds: number;
  pageMs: number;
  gapMs: number;
  timeoutMs: number;
  layer: number;
  opens: number;
  dataRoot: string;
  webRoot: string;
  maxMinutes: number;
  profile: string | null;
  trace: string | null;
}

function parseOptions(): Options | 'help' {
  const { values } = parseArgs({
    options: {
      part: { type: 'string', default: 'both' },
      others: { type: 'string', default: '100' },
      updates: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '20' },
      rounds: { type: 'string', default: '1' },
      'page-ms': { type: 'string', default: '5000' },
      'gap-ms': { type: 'string', default: '20' },
      'timeout-ms': { type: 'string', default: '3000' },
      layer: { type: 'string', default: '5000' },
      opens: { type: 'string', default: '3' },
      'data-root': { type: 'string', default: tmpdir() },
      'web-root': { type: 'string', default: join(repoRoot, 'dist', 'renderer') },
      'max-minutes': { type: 'string', default: '20' },
      profile: { type: 'string' },
      trace: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const int = (name: string, raw: string | undefined, min: number): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be an integer ≥ ${min}, got "${raw}"`);
    return n;
  };
  const part = values.part;
  if (part !== 'a' && part !== 'b' && part !== 'both') throw new Error('--part: a, b or both');
  return {
    part,
    others: int('others', values.others, 0),
    updates: int('updates', values.updates, 1),
    warmup: int('warmup', values.warmup, 0),
    rounds: int('rounds', values.rounds, 1),
    pageMs: int('page-ms', values['page-ms'], 0),
    gapMs: int('gap-ms', values['gap-ms'], 0),
    timeoutMs: int('timeout-ms', values['timeout-ms'], 10),
    layer: int('layer', values.layer, 1),
    opens: int('opens', values.opens, 1),
    dataRoot: values['data-root'] as string,
    webRoot: values['web-root'] as string,
    maxMinutes: int('max-minutes', values['max-minutes'], 1),
    profile: values.profile ?? null,
    trace: values.trace ?? null,
  };
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const fix = (n: number | null, d = 1) => (n !== null && Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const newMap = () => new Y.Map<unknown>();

/** y-websocket frames by kind, from the first bytes of a frame. */
type FrameKind = 'update' | 'sync' | 'awareness' | 'other';
type FrameCounts = Record<FrameKind, number>;
const noFrames = (): FrameCounts => ({ update: 0, sync: 0, awareness: 0, other: 0 });

function frameKind(data: unknown): FrameKind {
  const bytes =
    data instanceof ArrayBuffer
      ? new Uint8Array(data, 0, Math.min(2, data.byteLength))
      : Array.isArray(data)
        ? (data[0] as Uint8Array | undefined)
        : (data as Uint8Array);
  if (!bytes || bytes.length === 0) return 'other';
  // messageSync then messageYjsUpdate (2), or a sync step; messageAwareness is 1.
  if (bytes[0] === 0) return bytes[1] === 2 ? 'update' : 'sync';
  return bytes[0] === 1 ? 'awareness' : 'other';
}

/**
 * Frames every client of a run sent and received, by kind, counted while `counting` is on (the
 * measured annotations): what presence costs each server's room, echoes included.
 */
class FrameCounter {
  counting = false;
  readonly sent = noFrames();
  readonly received = noFrames();
  private startedAt = 0;
  seconds = 0;

  start(): void {
    this.counting = true;
    this.startedAt = performance.now();
  }

  stop(): void {
    this.counting = false;
    this.seconds = (performance.now() - this.startedAt) / 1000;
  }

  /** `ws`'s WebSocket, counting each frame as it goes out and comes in. */
  webSocketClass(): typeof globalThis.WebSocket {
    const counter = this;
    class CountingWebSocket extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        this.on('message', (data) => {
          if (counter.counting) counter.received[frameKind(data)]++;
        });
        const send = this.send.bind(this) as (...args: unknown[]) => void;
        this.send = ((...args: unknown[]) => {
          if (counter.counting) counter.sent[frameKind(args[0])]++;
          send(...args);
        }) as WebSocket['send'];
      }
    }
    return CountingWebSocket as unknown as typeof globalThis.WebSocket;
  }
}

interface Member {
  readonly id: string;
  readonly token: string;
  readonly name: string;
}

/** A meeting with `count` delegates and one published document, on our server. */
async function setUpRoom(url: string, adminCode: string, count: number) {
  const staff = expectOk(await callRoute(url, ROUTES.join, { body: { code: adminCode } }), 201).token;
  const meetingId = expectOk(
    await callRoute(url, ROUTES.createMeeting, {
      token: staff,
      body: {
        title: 'Kỳ họp thứ 12',
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        place: 'Hội trường',
      },
    }),
    201,
  ).meeting.id;
  const members = await inBatches(Array.from({ length: count }), 8, async (_x, i): Promise<Member> => {
    const name = `Đại biểu số ${i + 1}`;
    const id = expectOk(
      await callRoute(url, ROUTES.createParticipant, {
        token: staff,
        params: { meetingId },
        body: { name, role: 'delegate', group: 'Đại biểu' },
      }),
      201,
    ).participant.id;
    const code = expectOk(
      await callRoute(url, ROUTES.createJoinCode, { token: staff, params: { participantId: id }, body: {} }),
      201,
    ).code;
    const token = expectOk(await callRoute(url, ROUTES.join, { body: { code } }), 201).token;
    return { id, token, name };
  });
  const documentId = expectOk(
    await callRoute(url, ROUTES.uploadDocument, {
      token: staff,
      params: { meetingId },
      query: { fileName: 'to-trinh.pdf' },
      body: onePagePdf('Annotation benchmark'),
      headers: { 'content-type': 'application/pdf' },
    }),
    201,
  ).document.id;
  expectOk(await callRoute(url, ROUTES.publishMeeting, { token: staff, params: { meetingId } }));
  return { staff, meetingId, documentId, members };
}

/** One connected client: a provider of either kind on the layer. */
interface LayerClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly closes: string[];
  stop(): void;
}

function connect(
  kind: 'ours' | 'stock',
  wsBase: string,
  docName: string,
  who: Member,
  pageMs: number,
  WS: typeof globalThis.WebSocket = WebSocket as unknown as typeof globalThis.WebSocket,
): LayerClient {
  const doc = new Y.Doc();
  const provider =
    kind === 'ours'
      ? createProvider({ base: wsBase, docName, doc, token: who.token, WebSocketPolyfill: WS })
      : new WebsocketProvider(wsBase, docName, doc, {
          params: { token: who.token },
          WebSocketPolyfill: WS,
          disableBc: true,
        });
  const closes: string[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push(`${event.code} ${event.reason ?? ''}`.trim());
  });
  // Presence as the viewer sets it: who is reading, on which page.
  provider.awareness.setLocalState({ user: { id: who.id, name: who.name }, page: 1 });
  let timer: NodeJS.Timeout | undefined;
  if (pageMs > 0) {
    const first = setTimeout(
      () => {
        timer = setInterval(
          () => provider.awareness.setLocalStateField('page', 1 + Math.floor(Math.random() * 500)),
          pageMs,
        );
      },
      Math.floor(Math.random() * pageMs),
    );
    const clear = () => {
      clearTimeout(first);
      clearInterval(timer);
    };
    return {
      doc,
      provider,
      closes,
      stop: () => {
        clear();
        provider.destroy();
        doc.destroy();
      },
    };
  }
  return {
    doc,
    provider,
    closes,
    stop: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

function whenSynced(c: LayerClient, ms: number): Promise<void> {
  if (c.provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('a client did not sync within the time allowed')), ms);
    const on = (synced: boolean) => {
      if (!synced) return;
      clearTimeout(timer);
      c.provider.off('sync', on);
      resolve();
    };
    c.provider.on('sync', on);
  });
}

interface PropagationRun {
  readonly server: 'ours' | 'stock';
  readonly round: number;
  readonly latency: LatencySummary;
  readonly samples: number[];
  readonly lost: number;
  readonly closes: number;
  readonly machine: ReturnType<MachineLoad['finish']>;
  /** Frames per second all clients sent to the server and received from it while measured. */
  readonly framesPerSecond: { readonly sent: FrameCounts; readonly received: FrameCounts };
}

/** One server, one round: connect everyone, then annotation after annotation, timed at the reader. */
async function propagation(kind: 'ours' | 'stock', round: number, opts: Options): Promise<PropagationRun> {
  let wsBase: string;
  let docName: string;
  let writer: Member;
  let reader: Member;
  let others: Member[];
  let stop: () => Promise<void>;
  let pid: number;
  if (kind === 'ours') {
    const server = await startRoomFromSource(opts.dataRoot, 'paperless-bench-ann-');
    const room = await setUpRoom(server.url, server.adminCode, opts.others + 2);
    [writer, reader, ...others] = room.members as [Member, Member, ...Member[]];
    wsBase = `${server.url.replace(/^http/, 'ws')}/yjs`;
    docName = formatDocName({
      kind: 'annotations',
      documentId: room.documentId,
      ownerId: writer.id,
      layer: 'shared',
    });
    stop = server.stop;
    pid = server.pid;
  } else {
    const server = await startStockYjsServer();
    const fake = (i: number): Member => ({
      id: `par_${String(i).padStart(6, '0')}`,
      token: 'stock',
      name: `Đại biểu số ${i + 1}`,
    });
    [writer, reader, ...others] = Array.from({ length: opts.others + 2 }, (_x, i) => fake(i)) as [
      Member,
      Member,
      ...Member[],
    ];
    wsBase = server.wsBase;
    docName = formatDocName({
      kind: 'annotations',
      documentId: 'doc_000001',
      ownerId: writer.id,
      layer: 'shared',
    });
    stop = server.stop;
    pid = server.pid;
  }
  const clients: LayerClient[] = [];
  const frames = new FrameCounter();
  const WS = frames.webSocketClass();
  try {
    // Each stock provider adds a process 'exit' listener (to clear its presence).
    process.setMaxListeners(opts.others + 50);
    const w = connect(kind, wsBase, docName, writer, 0, WS);
    const r = connect(kind, wsBase, docName, reader, 0, WS);
    clients.push(w, r);
    await Promise.all([whenSynced(w, 30_000), whenSynced(r, 30_000)]);
    await inBatches(others, 20, async (o) => {
      const c = connect(kind, wsBase, docName, o, opts.pageMs, WS);
      clients.push(c);
      await whenSynced(c, 60_000);
    });
    // Presence of 100 newcomers settles (the stock providers echo every entry to everyone).
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const samples: number[] = [];
    let lost = 0;
    let expected: { id: string; sentAt: number; resolve: (at: number) => void } | null = null;
    const root = r.doc.getMap(ANNOTATIONS_MAP);
    root.observe((event) => {
      const at = performance.now();
      if (expected && event.keysChanged.has(expected.id)) expected.resolve(at);
    });
    const load = new MachineLoad([pid]);
    frames.start();
    const total = opts.warmup + opts.updates;
    for (let i = 0; i < total; i++) {
      const annotation = mixedAnnotation(i, writer, `bench-r${round}`);
      const arrived = new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), opts.timeoutMs);
        expected = {
          id: annotation.id,
          sentAt: 0,
          resolve: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        };
      });
      const sentAt = performance.now();
      writeAnnotation(w.doc, annotation, newMap);
      const at = await arrived;
      expected = null;
      if (i >= opts.warmup) {
        if (at === null) lost++;
        else samples.push(at - sentAt);
      }
      if (opts.gapMs > 0) await new Promise((resolve) => setTimeout(resolve, opts.gapMs));
    }
    const machine = load.finish();
    frames.stop();
    const perSecond = (c: FrameCounts): FrameCounts => {
      const rate = (n: number) => Math.round(n / Math.max(frames.seconds, 1e-3));
      return {
        update: rate(c.update),
        sync: rate(c.sync),
        awareness: rate(c.awareness),
        other: rate(c.other),
      };
    };
    const framesPerSecond = { sent: perSecond(frames.sent), received: perSecond(frames.received) };
    const closes = clients.reduce((n, c) => n + c.closes.length, 0);
    return {
      server: kind,
      round,
      latency: summarize(samples),
      samples,
      lost,
      closes,
      machine,
      framesPerSecond,
    };
  } finally {
    for (const c of clients) c.stop();
    await stop();
  }
}

interface PaintResult {
  /** The same layer synced by a fresh client in Node: the server's and the sync's share. */
  readonly nodeSyncMs: number | null;
  /** Layers open → drawn, per open. */
  readonly opens: number[];
  /** Layers open → their annotations reached the tools (synced and read), per open. */
  readonly loads: number[];
  /** From the document's open (`__perf.openStart`) to the annotations painted: what the reader waits. */
  readonly fromDocumentOpen: number[];
  /** Closed and opened again on the same device (its IndexedDB copy too), per open. */
  readonly reopens: number[];
  /**
   * A fresh device that joined and waited until its own layers were fetched ahead
   * (own-layers-pool.ts), then opened the document: layers open → drawn, per open.
   */
  readonly ahead: number[];
  readonly aheadMedianMs: number | null;
  readonly medianMs: number | null;
  readonly annotationsDrawn: number | null;
  readonly error: string | null;
}

/**
 * (b): our server serves the built renderer; the delegate's private layer gets `opts.layer`
 * annotations, then Chromium opens the document and reads the overlay's stamps.
 */
async function paintLayer(opts: Options): Promise<PaintResult> {
  const { chromium } = await import('@playwright/test');
  // A copy of the built renderer taken now: others rebuilding dist/renderer during the run
  // would otherwise swap the page's hashed assets under it.
  const webRoot = mkdtempSync(join(opts.dataRoot, 'paperless-bench-web-'));
  cpSync(opts.webRoot, webRoot, { recursive: true });
  const server = await startRoomFromSource(opts.dataRoot, 'paperless-bench-paint-', ['--web-root', webRoot]);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    let nodeSyncMs: number | null = null;
    const room = await setUpRoom(server.url, server.adminCode, 1);
    const me = room.members[0] as Member;
    const docName = formatDocName({
      kind: 'annotations',
      documentId: room.documentId,
      ownerId: me.id,
      layer: 'private',
    });
    const wsBase = `${server.url.replace(/^http/, 'ws')}/yjs`;
    const writer = connect('ours', wsBase, docName, me, 0);
    try {
      await whenSynced(writer, 30_000);
      // In batches, as a long pen session sends them: one 5,000-annotation update would be larger
      // than one socket message may be.
      for (let start = 0; start < opts.layer; start += 250) {
        writer.doc.transact(() => {
          for (let i = start; i < Math.min(opts.layer, start + 250); i++) {
            writeAnnotation(writer.doc, { ...mixedAnnotation(i, me, 'paint'), page: 1 }, newMap);
          }
        });
      }
      // Barrier: a second client has every annotation, so the server stored them.
      const check = connect('ours', wsBase, docName, me, 0);
      try {
        const deadline = Date.now() + 60_000;
        while (check.doc.getMap(ANNOTATIONS_MAP).size < opts.layer) {
          if (Date.now() > deadline) {
            throw new Error(
              `the layer did not reach the server (writer's sockets closed: ${writer.closes.join('; ') || 'none'})`,
            );
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        check.stop();
      }
    } finally {
      writer.stop();
    }
    // The same layer to a client in Node: the server and the sync alone, no browser.
    const nodeStart = performance.now();
    const plain = connect('ours', wsBase, docName, me, 0);
    try {
      await whenSynced(plain, 60_000);
      nodeSyncMs = performance.now() - nodeStart;
    } finally {
      plain.stop();
    }
    const opens: number[] = [];
    const loads: number[] = [];
    const fromDocumentOpen: number[] = [];
    const reopens: number[] = [];
    const ahead: number[] = [];
    let fetchesAhead = true;
    let drawn: number | null = null;
    /** A fresh context (a new device of the same delegate) joined and showing the agenda. */
    const joinFresh = async (context: BrowserContext): Promise<Page> => {
      const code = expectOk(
        await callRoute(server.url, ROUTES.createJoinCode, {
          token: room.staff,
          params: { participantId: me.id },
          body: {},
        }),
        201,
      ).code;
      const page = await context.newPage();
      await page.goto(`${server.url}/?join=${code}`);
      await page.getByTestId('agenda-heading').waitFor({ timeout: 60_000 });
      return page;
    };
    /** Opens the document by the viewer's direct address (features/viewer/direct-open.ts). */
    const openViewer = (page: Page) =>
      page.evaluate((id) => {
        window.location.hash = `viewer=${id}`;
      }, room.documentId);
    for (let n = 0; n < opts.opens; n++) {
      // A fresh context, a new device of the same delegate: the layer comes from the server, not
      // from a copy on the device.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await joinFresh(context);
        const profiler = opts.profile !== null && n === 0 ? await context.newCDPSession(page) : null;
        if (profiler) {
          await profiler.send('Profiler.enable');
          await profiler.send('Profiler.start');
        }
        const trace = opts.trace !== null && n === 0 ? await startTrace(page) : null;
        await openViewer(page);
        const stamp = await page.waitForFunction(() => window.__perf?.annotationsPainted ?? null, undefined, {
          timeout: 120_000,
        });
        if (profiler && opts.profile !== null) {
          const { profile } = await profiler.send('Profiler.stop');
          writeFileSync(opts.profile, JSON.stringify(profile));
          await profiler.detach();
        }
        if (trace && opts.trace !== null) {
          const events = await trace.stop();
          saveTrace(opts.trace, events);
          log(`  trace of the first open → ${opts.trace}`);
          for (const line of summarizeTrace(events)) log(line);
        }
        const value = (await stamp.jsonValue()) as { at: number; start: number; count: number };
        const { loaded, openStart } = await page.evaluate(() => ({
          loaded: window.__perf?.marks.annotationsLoaded ?? null,
          openStart: window.__perf?.openStart ?? null,
        }));
        opens.push(value.at - value.start);
        if (loaded !== null) loads.push(loaded - value.start);
        if (openStart !== null) fromDocumentOpen.push(value.at - openStart);
        drawn = value.count;
        // Again on the same device: the layer is now also in its IndexedDB copy.
        await page.keyboard.press('Escape');
        await page.getByTestId('pdf-viewer').waitFor({ state: 'detached', timeout: 30_000 });
        await openViewer(page);
        const again = await page.waitForFunction(
          (previous) => {
            const painted = window.__perf?.annotationsPainted;
            return painted && painted.start !== previous ? painted : null;
          },
          value.start,
          { timeout: 120_000 },
        );
        const warm = (await again.jsonValue()) as { at: number; start: number };
        reopens.push(warm.at - warm.start);
      } finally {
        await context.close();
      }
      // Another new device that joins, and opens the document once its layers were fetched ahead
      // (the usual case: a delegate joins, then reads).
      if (!fetchesAhead) continue;
      const later = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await joinFresh(later);
        const fetched = await page
          .waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, OWN_LAYERS_AHEAD_MARK, {
            timeout: 60_000,
          })
          .then(
            () => true,
            () => false,
          );
        if (!fetched) {
          // An older build (an A/B run) that does not fetch layers ahead.
          fetchesAhead = false;
          continue;
        }
        await openViewer(page);
        const stamp = await page.waitForFunction(() => window.__perf?.annotationsPainted ?? null, undefined, {
          timeout: 120_000,
        });
        const value = (await stamp.jsonValue()) as { at: number; start: number };
        ahead.push(value.at - value.start);
      } finally {
        await later.close();
      }
    }
    const medianOrNull = (values: number[]) => (values.length === 0 ? null : median(values));
    return {
      nodeSyncMs,
      opens,
      loads,
      fromDocumentOpen,
      reopens,
      ahead,
      medianMs: medianOrNull(opens),
      aheadMedianMs: medianOrNull(ahead),
      annotationsDrawn: drawn,
      error: null,
    };
  } catch (error) {
    return {
      nodeSyncMs: null,
      opens: [],
      loads: [],
      fromDocumentOpen: [],
      reopens: [],
      ahead: [],
      medianMs: null,
      aheadMedianMs: null,
      annotationsDrawn: null,
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(webRoot, { recursive: true, force: true });
  }
}

function readPrevious(): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function row(label: string, l: LatencySummary, lost: number): string {
  return `${label.padEnd(26)} ${fix(l.p50).padStart(8)} ${fix(l.p99).padStart(8)} ${fix(l.max).padStart(8)} ${String(l.count).padStart(6)} ${String(lost).padStart(5)}`;
}

async function main(): Promise<number> {
  const parsed = parseOptions();
  if (parsed === 'help') {
    log(USAGE);
    return 0;
  }
  const opts = parsed;
  setTimeout(() => {
    process.stderr.write('annotations benchmark: hard time limit reached\n');
    process.exit(2);
  }, opts.maxMinutes * 60_000).unref();
  let broken = false;
  const report: Record<string, unknown> = {
    benchmark: 'annotations',
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '',
      totalMemBytes: totalmem(),
      node: process.version,
    },
    options: opts,
  };

  if (opts.part !== 'b') {
    log(
      `(a) annotation propagation: 1 writer → 1 reader on a shared layer, ${opts.others} other readers with presence, ${opts.updates} annotations (+${opts.warmup} warm-up), ${opts.rounds} round(s)`,
    );
    const runs: PropagationRun[] = [];
    for (let round = 1; round <= opts.rounds; round++) {
      const order: ('ours' | 'stock')[] = round % 2 === 1 ? ['ours', 'stock'] : ['stock', 'ours'];
      for (const kind of order) {
        const run = await propagation(kind, round, opts);
        runs.push(run);
        log(
          `  round ${round} ${kind.padEnd(5)}: p50 ${fix(run.latency.p50)} ms, p99 ${fix(run.latency.p99)} ms, lost ${run.lost}, sockets closed by a server ${run.closes}` +
            (run.machine ? `, other load on the machine ${run.machine.otherPct}%` : ''),
        );
        const f = run.framesPerSecond;
        log(
          `    frames/s clients → server: ${f.sent.update} updates, ${f.sent.awareness} presence; server → clients: ${f.received.update} updates, ${f.received.awareness} presence`,
        );
        if (run.latency.count === 0) broken = true;
      }
    }
    const pooled = (kind: 'ours' | 'stock') => {
      const mine = runs.filter((r) => r.server === kind);
      return {
        latency: summarize(mine.flatMap((r) => r.samples)),
        lost: mine.reduce((n, r) => n + r.lost, 0),
      };
    };
    const ours = pooled('ours');
    const stock = pooled('stock');
    log('');
    log(
      `${'server + client'.padEnd(26)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'n'.padStart(6)} ${'lost'.padStart(5)}`,
    );
    log(row('ours + our provider', ours.latency, ours.lost));
    log(row('stock + stock provider', stock.latency, stock.lost));
    const ratio = ours.latency.p99 / stock.latency.p99;
    log(
      `p99 ours: ${fix(ours.latency.p99)} ms (goal < ${P99_GOAL_MS} ms: ${ours.latency.p99 < P99_GOAL_MS ? 'met' : 'NOT met'})`,
    );
    log(
      `p99 ours/stock: ${fix(ratio, 2)} (goal ≤ ${RATIO_GOAL}: ${ratio <= RATIO_GOAL ? 'met' : 'NOT met'})`,
    );
    report.propagation = {
      runs: runs.map(({ samples: _samples, ...rest }) => rest),
      ours,
      stock,
      ratioP99: ratio,
      goals: { p99Ms: P99_GOAL_MS, ratio: RATIO_GOAL },
    };
  }

  if (opts.part !== 'a') {
    log('');
    log(`(b) loading a ${opts.layer}-annotation layer to painted in Chromium, ${opts.opens} opens`);
    const paint = await paintLayer(opts);
    if (paint.error !== null) {
      log(`  not measured: ${paint.error}`);
    } else {
      log(
        `  opens: ${paint.opens.map((v) => `${fix(v, 0)} ms`).join(', ')}; ${paint.annotationsDrawn} annotations drawn`,
      );
      log(`  reopened on the same device: ${paint.reopens.map((v) => `${fix(v, 0)} ms`).join(', ')}`);
      log(`  the same layer synced by a fresh client in Node: ${fix(paint.nodeSyncMs, 0)} ms`);
      log(
        `  of which layers open → annotations in the tools: ${paint.loads.map((v) => `${fix(v, 0)} ms`).join(', ')}`,
      );
      log(
        `  the document opened → its annotations painted: ${paint.fromDocumentOpen.map((v) => `${fix(v, 0)} ms`).join(', ')}`,
      );
      const verdict = (ms: number | null) =>
        `goal < ${PAINT_GOAL_MS} ms: ${(ms ?? Infinity) < PAINT_GOAL_MS ? 'met' : 'NOT met'}`;
      log(`  median ${fix(paint.medianMs, 0)} ms, opened at once after joining (${verdict(paint.medianMs)})`);
      if (paint.ahead.length === 0)
        log('  opened after the layers were fetched ahead: not measured (this build does not fetch them)');
      else
        log(
          `  opened after the layers were fetched ahead: ${paint.ahead.map((v) => `${fix(v, 0)} ms`).join(', ')}; median ${fix(paint.aheadMedianMs, 0)} ms (${verdict(paint.aheadMedianMs)})`,
        );
    }
    report.paint = { ...paint, goalMs: PAINT_GOAL_MS };
  }

  mkdirSync(join(repoRoot, 'tests', 'bench', 'results'), { recursive: true });
  // A run of one part keeps the other part's last figures.
  const previous = readPrevious();
  for (const part of ['propagation', 'paint'] as const) {
    if (report[part] === undefined && previous[part] !== undefined) report[part] = previous[part];
  }
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nwrote ${relative(repoRoot, RESULTS_FILE)}`);
  return broken ? 1 : 0;
}

runBench(main);

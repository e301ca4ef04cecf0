/**
 * Viewer-load benchmark: how fast a 500-page, ~50 MB Vietnamese PDF (pictures, an outline;
 * made here with @cantoo/pdf-lib into a temp folder) shows its first page, how fast random page
 * jumps paint, and how much memory the renderer holds after every page was shown — in our
 * viewer (the document in the device cache, opened with `#viewer=<id>`) and in a page built from
 * pdfjs-dist's own PDFViewer with default settings that opens the file over HTTP, same
 * Chromium, same run. Both report through `window.__perf` (contract `viewer-load/1`).
 *
 * Run: npm run build && npx tsx tests/bench/viewer-load.ts [-- --pages 500 --image-kb 100 …]
 * Prints figures and writes tests/bench/results/viewer-load.json; not a pass/fail test.
 */
import {
  cpSync,
  createReadStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import type { ViewerPerf } from '../../renderer/src/features/viewer/perf-contract';
import { makeVietnamesePdf } from '../fixtures/vietnamese-pdf';
import { RoomApi, startRoomServer, uploadPdf } from './distribution/room';
import { saveTrace, startTrace, summarizeTrace } from './lib/chromium-trace';
import { percentile } from './lib/stats';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = join(here, '..', '..');
const DEFAULT_RESULTS_FILE = join(here, 'results', 'viewer-load.json');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const RATIO_GOAL = 0.5;
const MEMORY_GOAL_MB = 600;
const MB = 1024 * 1024;

const { values: args } = parseArgs({
  options: {
    pages: { type: 'string', default: '500' },
    'image-kb': { type: 'string', default: '128' },
    jumps: { type: 'string', default: '40' },
    warm: { type: 'string', default: '3' },
    'max-minutes': { type: 'string', default: '30' },
    'web-root': { type: 'string' },
    only: { type: 'string' },
    'open-only': { type: 'boolean', default: false },
    'with-browser-start': { type: 'boolean', default: false },
    'memory-dump': { type: 'boolean', default: false },
    trace: { type: 'string' },
    pdf: { type: 'string' },
    results: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`Usage: npx tsx tests/bench/viewer-load.ts [--pages 500] [--image-kb 128] [--jumps 40] [--warm 3] [--max-minutes 30]
  --pages N      pages of the generated PDF
  --image-kb N   incompressible picture bytes per page (500 pages × 128 kB ≈ 50 MB)
  --jumps N      random page jumps timed per viewer
  --warm N       warm opens per viewer (median reported)
  --web-root DIR the built web client our room server serves (default: a copy of dist/renderer
                 taken at the start, so a rebuild during the run cannot swap it; e.g. an
                 \`npx vite build --config renderer/vite.config.ts --outDir DIR\` for A/B runs)
  --only ours    measure only our viewer (while iterating; no ratio)
  --open-only    time the opens only: no page jumps, no walk through every page
  --with-browser-start
                 open at once after launching the browser (by default both viewers wait until
                 the browser's own start is over: its processes idle, at most 15 s)
  --pdf FILE     use this PDF instead of generating one (page jumps stay within --pages)
  --trace DIR    write Chromium traces of the cold open and the last warm open to DIR
                 (DevTools' Performance panel opens them) and print where each thread's time went
  --memory-dump  after the walk, print what holds the page renderer's memory, by allocator
                 (Chromium's memory-infra dump: V8, Blink, PartitionAlloc, Skia/canvases…)
  --results FILE where the figures go (default tests/bench/results/viewer-load.json)`);
  process.exit(0);
}
const PAGES = Number(args.pages);
const IMAGE_BYTES = Number(args['image-kb']) * 1024;
const JUMPS = Number(args.jumps);
const WARM = Number(args.warm);
const ONLY_OURS = args.only === 'ours';
const OPEN_ONLY = args['open-only'];
const WITH_BROWSER_START = args['with-browser-start'];
const TRACE_DIR = args.trace ?? null;
if (args.only !== undefined && !ONLY_OURS) throw new Error('--only takes "ours"');
setTimeout(() => {
  console.error('viewer-load: hard time limit reached');
  process.exit(2);
}, Number(args['max-minutes']) * 60_000).unref();

const log = (line: string): void => console.log(line);
const fmt = (ms: number | null): string => (ms === null ? '—' : `${ms.toFixed(0)} ms`);

/** A seeded generator, so both viewers jump to the same pages. */
function jumpsFor(count: number, pages: number): number[] {
  let state = 0x9e3779b9;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out.push(1 + ((state >>> 0) % pages));
  }
  return out;
}

interface BrowserProcess {
  readonly pid: number;
  readonly cmd: string;
  /** CPU time used so far (user + system), in clock ticks. */
  readonly ticks: number;
}

/** The Chromium whose user-data-dir is `dir` and every process it started (Linux /proc). */
function browserProcesses(dir: string): BrowserProcess[] {
  const procs = new Map<number, { ppid: number; cmd: string; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command's closing parenthesis: state, ppid, … utime (12th), stime (13th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(name), {
        ppid: Number(fields[1]),
        cmd,
        ticks: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // Gone meanwhile.
    }
  }
  const browser = [...procs].find(
    ([, p]) => p.cmd.includes(`--user-data-dir=${dir}`) && !p.cmd.includes('--type='),
  );
  if (!browser) return [];
  const isOwn = (pid: number): boolean => {
    let at: number | undefined = pid;
    for (let depth = 0; at !== undefined && depth < 10; depth++) {
      if (at === browser[0]) return true;
      at = procs.get(at)?.ppid;
    }
    return false;
  };
  return [...procs].filter(([pid]) => isOwn(pid)).map(([pid, p]) => ({ pid, cmd: p.cmd, ticks: p.ticks }));
}

/** Renderer processes of the Chromium whose user-data-dir is `dir`. */
function rendererPids(dir: string): number[] {
  return browserProcesses(dir)
    .filter((p) => p.cmd.includes('--type=renderer'))
    .map((p) => p.pid);
}

const TICK_MS = 10; // Linux's USER_HZ is 100.
const SETTLE_WINDOW_MS = 500;
const SETTLE_IDLE_MS = 25;
const SETTLE_MAX_MS = 15_000;

/**
 * Waits until the browser using `dir` has finished its own start: its processes together used
 * at most 25 ms of CPU in the last 0.5 s (bounded: 15 s). A full Chromium starting up builds
 * its browser UI meanwhile (in Chromium 156, the omnibox's WebUI popup, preloaded in a renderer
 * of its own: ~1.4 s of CPU in its first 3 s here), which a delegate's browser did long before
 * they open the app, and the desktop app has no such UI. Both viewers wait alike.
 */
async function settleBrowser(dir: string): Promise<{ waitedMs: number; cpuMs: number; settled: boolean }> {
  const ticks = (): number => browserProcesses(dir).reduce((sum, p) => sum + p.ticks, 0);
  const start = performance.now();
  const first = ticks();
  const history: { at: number; ticks: number }[] = [{ at: start, ticks: first }];
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = performance.now();
    const current = ticks();
    history.push({ at: now, ticks: current });
    const windowStart = history.find((h) => h.at >= now - SETTLE_WINDOW_MS - 1);
    const settled =
      now - start >= SETTLE_WINDOW_MS &&
      windowStart !== undefined &&
      (current - windowStart.ticks) * TICK_MS <= SETTLE_IDLE_MS;
    if (settled || now - start >= SETTLE_MAX_MS)
      return { waitedMs: now - start, cpuMs: (current - first) * TICK_MS, settled };
  }
}

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** The renderer memory of the browser using `dir`: the biggest renderer (the page's) and all. */
function rendererMemory(dir: string): {
  pageRss: number;
  pagePid: number | null;
  allRss: number;
  renderers: number;
} {
  const pids = rendererPids(dir);
  const sizes = pids.map(rssOf);
  const pageRss = Math.max(0, ...sizes);
  return {
    pageRss,
    pagePid: pids[sizes.indexOf(pageRss)] ?? null,
    allRss: sizes.reduce((a, b) => a + b, 0),
    renderers: sizes.length,
  };
}

async function launch(dir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1366, height: 768 },
    locale: 'vi-VN',
  });
}

/** Waits for `window.__perf` of a new open (openStart after `after`) to have painted. */
async function waitPainted(
  page: Page,
  after: number,
  timeoutMs = 180_000,
): Promise<{ open: number; painted: number }> {
  const handle = await page.waitForFunction(
    (since) => {
      const perf = window.__perf;
      if (!perf) return null;
      if (perf.error) return { error: perf.error };
      if (perf.openStart === null || perf.openStart <= since || perf.firstPagePainted === null) return null;
      return { open: perf.openStart, painted: perf.firstPagePainted };
    },
    after,
    { timeout: timeoutMs, polling: 20 },
  );
  const value = (await handle.jsonValue()) as { open: number; painted: number } | { error: string };
  if ('error' in value) throw new Error(`the viewer reported: ${value.error}`);
  return value;
}

/** Times random jumps and then walks every page; answers the figures. */
async function readThrough(page: Page, pages: number, jumps: readonly number[]) {
  const jumpMs = await page.evaluate(async (targets) => {
    const perf = window.__perf;
    if (!perf) throw new Error('no __perf');
    const out: number[] = [];
    for (const n of targets) {
      const t0 = performance.now();
      const t1 = await perf.goToPage(n);
      out.push(t1 - t0);
    }
    return out;
  }, jumps);
  const walkMs = await page.evaluate(async (count) => {
    const perf = window.__perf;
    if (!perf) throw new Error('no __perf');
    const t0 = performance.now();
    for (let n = 1; n <= count; n++) await perf.goToPage(n);
    return performance.now() - t0;
  }, pages);
  return { jumpMs, walkMs };
}

async function jsHeap(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  const { metrics } = await session.send('Performance.getMetrics');
  await session.detach();
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
}

function reportTrace(file: string, events: Parameters<typeof saveTrace>[1]): void {
  saveTrace(file, events);
  log(`    trace → ${file}`);
  for (const line of summarizeTrace(events)) log(line);
}

/** Where an open's time went, from our viewer's `__perf.marks` (none from the default page). */
async function openMarks(page: Page): Promise<string | null> {
  // Formatted here, not in the page: tsx would wrap a named function there in a helper it lacks.
  const perf = await page.evaluate(() => {
    const p = window.__perf as Partial<ViewerPerf> | undefined;
    return p ? { openStart: p.openStart, marks: p.marks, reads: p.reads } : null;
  });
  if (!perf?.marks || typeof perf.openStart !== 'number') return null;
  const start = perf.openStart;
  const steps = Object.entries(perf.marks)
    .sort(([, a], [, b]) => a - b)
    .map(([step, at]) => `${step} ${at >= start ? '+' : ''}${(at - start).toFixed(0)} ms`)
    .join(', ');
  const reads = perf.reads;
  if (!reads) return steps;
  const mb = (bytes: number | null): string => ((bytes ?? 0) / MB).toFixed(1);
  return `${steps}; cache reads to the first page ${reads.firstPageCount} (${mb(reads.firstPageBytes)} MB), so far ${reads.count} (${mb(reads.bytes)} MB)`;
}

/**
 * Where a cold open's time went before the viewer started: the page's own load (HTML,
 * scripts, DOMContentLoaded) and every request the app made before `openStart`, in order, each
 * as start → end after navigation start. Only resources of the page's own origin.
 */
async function beforeOpen(page: Page): Promise<string> {
  const timeline = await page.evaluate(() => {
    const open = window.__perf?.openStart ?? 0;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const requests = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((r) => r.startTime < open && new URL(r.name).origin === location.origin)
      .map((r) => ({
        path: new URL(r.name).pathname.replace(/^\/assets\//, ''),
        start: r.startTime,
        end: r.responseEnd,
      }));
    const marks = performance.getEntriesByType('mark').map((m) => ({ name: m.name, at: m.startTime }));
    return { open, html: nav?.responseEnd ?? 0, dcl: nav?.domContentLoadedEventEnd ?? 0, requests, marks };
  });
  const ms = (n: number): string => n.toFixed(0);
  const requests = timeline.requests.map((r) => `${r.path} ${ms(r.start)}→${ms(r.end)}`).join(', ');
  const marks = timeline.marks.map((m) => `${m.name} ${ms(m.at)}`).join(', ');
  return `HTML ${ms(timeline.html)} ms, DOMContentLoaded ${ms(timeline.dcl)} ms, viewer opens ${ms(timeline.open)} ms; requests (ms after navigation): ${requests}${marks ? `; marks: ${marks}` : ''}`;
}

/**
 * What holds a renderer's memory, from one memory-infra dump (a trace with only that
 * category): the process's resident and private bytes and each allocator's size, biggest first.
 */
async function memoryBreakdown(page: Page, pid: number | null): Promise<string> {
  const session = await page.context().newCDPSession(page);
  const events: { pid: number; ph: string; args?: { dumps?: MemoryDump } }[] = [];
  session.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as typeof events)));
  const complete = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
  await session.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: ['disabled-by-default-memory-infra'],
      excludedCategories: ['*'],
    },
  });
  await session.send('Tracing.requestMemoryDump', { deterministic: true, levelOfDetail: 'detailed' });
  await session.send('Tracing.end');
  await complete;
  await session.detach();
  const hex = (value: string | undefined): number => (value ? Number.parseInt(value, 16) : 0);
  // The last dump of that process with its allocators: the one asked for here.
  const dump = events.findLast((e) => e.ph === 'v' && e.pid === pid && e.args?.dumps?.allocators)?.args
    ?.dumps;
  if (!dump) return `    memory dump: none for renderer ${pid} (${events.length} trace events)`;
  // The process's totals may come in an event of their own.
  const totals =
    events.findLast((e) => e.ph === 'v' && e.pid === pid && e.args?.dumps?.process_totals)?.args?.dumps
      ?.process_totals ?? {};
  const top = new Map<string, number>();
  for (const [name, node] of Object.entries(dump.allocators ?? {})) {
    // Only the allocators' own roots: children are counted in them already.
    if (name.includes('/')) continue;
    top.set(name, hex(node.attrs?.size?.value));
  }
  const lines = [...top]
    .filter(([, size]) => size >= MB / 2)
    .sort((a, b) => b[1] - a[1])
    .map(([name, size]) => `${name} ${(size / MB).toFixed(1)}`);
  const detail = Object.entries(dump.allocators ?? {})
    .filter(([name]) => name.split('/').length === 2)
    .map(([name, node]) => [name, hex(node.attrs?.size?.value)] as const)
    .filter(([, size]) => size >= 4 * MB)
    .sort((a, b) => b[1] - a[1])
    .map(([name, size]) => `${name} ${(size / MB).toFixed(1)}`);
  return [
    `    memory dump of renderer ${pid}${
      totals.resident_set_bytes
        ? `: resident ${(hex(totals.resident_set_bytes) / MB).toFixed(0)} MB, private footprint ${(hex(totals.private_footprint_bytes) / MB).toFixed(0)} MB`
        : ''
    }`,
    `      allocators (MB): ${lines.join(', ')}`,
    `      of which (MB): ${detail.join(', ')}`,
  ].join('\n');
}

interface MemoryDump {
  process_totals?: { resident_set_bytes?: string; private_footprint_bytes?: string };
  allocators?: Record<string, { attrs?: { size?: { value?: string } } }>;
}

interface ViewerFigures {
  readonly name: string;
  readonly pdfjs: string;
  readonly isEvalSupported: boolean;
  readonly numPages: number | null;
  /** From navigation start to the first page painted, in a freshly started browser. */
  readonly coldMs: number;
  /** From the open to the first page painted, pdf.js and its worker already loaded (median). */
  readonly warmMs: number;
  readonly warmRuns: number[];
  readonly jumpP50: number;
  readonly jumpP99: number;
  readonly walkMs: number;
  readonly pageRssMb: number;
  readonly allRendererRssMb: number;
  readonly renderers: number;
  readonly jsHeapMb: number;
}

/** Serves the baseline page, pdfjs-dist and the PDF over HTTP (with Range, as nginx would). */
function startStatic(pdfPath: string): Promise<{ server: Server; url: string }> {
  const pdfjsRoot = join(repoRoot, 'node_modules', 'pdfjs-dist');
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.mjs': 'text/javascript',
    '.css': 'text/css',
    '.svg': 'image/svg+xml',
    '.pdf': 'application/pdf',
    '.map': 'application/json',
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    let file: string | null = null;
    if (path === '/doc.pdf') file = pdfPath;
    else if (path.startsWith('/pdfjs/')) file = join(pdfjsRoot, normalize(path.slice('/pdfjs/'.length)));
    else if (/^\/default-viewer\.(html|mjs|css)$/.test(path)) file = join(here, 'viewer', path.slice(1));
    if (
      !file ||
      (!file.startsWith(pdfjsRoot) && file !== pdfPath && !file.startsWith(join(here, 'viewer')))
    ) {
      res.writeHead(404).end();
      return;
    }
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      res.writeHead(404).end();
      return;
    }
    const type = types[extname(file)] ?? 'application/octet-stream';
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      res.writeHead(206, {
        'Content-Type': type,
        'Content-Length': end - start + 1,
        'Content-Range': `bytes ${start}-${end}/${size}`,
        'Accept-Ranges': 'bytes',
      });
      createReadStream(file, { start, end }).pipe(res);
      return;
    }
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': size, 'Accept-Ranges': 'bytes' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    }),
  );
}

async function measure(
  name: string,
  dir: string,
  coldUrl: string,
  reopen: (page: Page) => Promise<void>,
  jumps: readonly number[],
): Promise<ViewerFigures> {
  log(`  ${name}: cold open…`);
  const context = await launch(dir);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    if (!WITH_BROWSER_START) {
      const settle = await settleBrowser(dir);
      log(
        `    the browser's own start: ${fmt(settle.cpuMs)} of CPU, ${settle.settled ? 'idle' : 'still busy'} after ${fmt(settle.waitedMs)}`,
      );
    }
    const slug = name.replace(/[^a-z]+/gi, '-');
    const coldTrace = TRACE_DIR ? await startTrace(page) : null;
    await page.goto(coldUrl);
    const cold = await waitPainted(page, -1);
    if (coldTrace) reportTrace(join(TRACE_DIR as string, `${slug}-cold.json`), await coldTrace.stop());
    const info = await page.evaluate(() => ({
      pdfjs: window.__perf?.viewer.pdfjs ?? '',
      isEvalSupported: window.__perf?.isEvalSupported ?? true,
      numPages: window.__perf?.numPages ?? null,
    }));
    log(
      `    first page painted ${fmt(cold.painted)} after navigation start (open → paint ${fmt(cold.painted - cold.open)})`,
    );
    const coldMarks = await openMarks(page);
    if (coldMarks) log(`    cold open: ${coldMarks}`);
    log(`    before the viewer: ${await beforeOpen(page)}`);
    const warmRuns: number[] = [];
    for (let i = 0; i < WARM; i++) {
      const before = await page.evaluate(() => performance.now());
      const warmTrace = TRACE_DIR && i === WARM - 1 ? await startTrace(page) : null;
      await reopen(page);
      const warm = await waitPainted(page, before);
      warmRuns.push(warm.painted - warm.open);
      if (warmTrace) reportTrace(join(TRACE_DIR as string, `${slug}-warm.json`), await warmTrace.stop());
    }
    log(`    warm opens: ${warmRuns.map((m) => fmt(m)).join(', ')}`);
    const warmMarks = await openMarks(page);
    if (warmMarks) log(`    last warm open: ${warmMarks}`);
    const pages = (await page.evaluate(() => window.__perf?.numPages)) ?? PAGES;
    const { jumpMs, walkMs } = OPEN_ONLY
      ? { jumpMs: [Number.NaN], walkMs: Number.NaN }
      : await readThrough(page, pages, jumps);
    const sorted = [...jumpMs].sort((a, b) => a - b);
    // Let the last renders settle, then collect garbage (the same for both viewers) before
    // reading memory.
    await page.waitForTimeout(3000);
    const gc = await page.context().newCDPSession(page);
    await gc.send('HeapProfiler.collectGarbage');
    await gc.detach();
    await page.waitForTimeout(500);
    const memory = rendererMemory(dir);
    const heap = await jsHeap(page);
    if (args['memory-dump']) log(await memoryBreakdown(page, memory.pagePid));
    const sortedWarm = [...warmRuns].sort((a, b) => a - b);
    return {
      name,
      pdfjs: info.pdfjs,
      isEvalSupported: info.isEvalSupported,
      numPages: info.numPages,
      coldMs: cold.painted,
      warmMs: sortedWarm[Math.floor(sortedWarm.length / 2)] ?? Number.NaN,
      warmRuns,
      jumpP50: percentile(sorted, 0.5),
      jumpP99: percentile(sorted, 0.99),
      walkMs,
      pageRssMb: memory.pageRss / MB,
      allRendererRssMb: memory.allRss / MB,
      renderers: memory.renderers,
      jsHeapMb: heap / MB,
    };
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'paperless-viewer-bench-'));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(tmp, { recursive: true, force: true })];
  try {
    const t0 = performance.now();
    let bytes: Uint8Array;
    if (args.pdf !== undefined) {
      bytes = new Uint8Array(readFileSync(args.pdf));
      log(`viewer-load: the PDF ${args.pdf} (--pdf; --pages and --image-kb do not apply)`);
    } else {
      log(
        `viewer-load: generating a ${PAGES}-page Vietnamese PDF (pictures of ${IMAGE_BYTES / 1024} kB per page, outline)…`,
      );
      const outline = Array.from({ length: Math.ceil(PAGES / 25) }, (_, i) => ({
        title: `Phần ${i + 1}. Báo cáo tình hình kinh tế - xã hội, trang ${i * 25 + 1}`,
        page: i * 25 + 1,
      }));
      bytes = await makeVietnamesePdf({
        pages: PAGES,
        imageBytesPerPage: IMAGE_BYTES,
        outline,
        title: 'Báo cáo tổng hợp 500 trang (thử tải)',
      });
    }
    const pdfPath = join(tmp, 'bao-cao-500-trang.pdf');
    writeFileSync(pdfPath, bytes);
    log(
      `  ${(bytes.byteLength / MB).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${pdfPath}`,
    );

    log('viewer-load: room server, meeting, delegate, upload…');
    // A copy of the built web client taken now: others rebuilding dist/renderer during the run
    // cannot swap the page's assets under it.
    let webRoot = args['web-root'];
    if (webRoot === undefined) {
      webRoot = join(tmp, 'renderer');
      cpSync(join(repoRoot, 'dist', 'renderer'), webRoot, { recursive: true });
    }
    const room = await startRoomServer({
      bundle: join(repoRoot, 'dist', 'room-server.js'),
      dataDir: join(tmp, 'data'),
      readyFile: join(tmp, 'ready.json'),
      maxUploadMb: 200,
      nodeArgs: [],
      logFile: null,
      webRoot,
    });
    cleanups.push(() => room.stop());
    const anonymous = new RoomApi(room.url);
    const { token } = await anonymous.post<{ token: string }>('/join', {
      code: room.adminCode,
      deviceLabel: 'bench',
    });
    const staff = anonymous.withToken(token);
    const { meeting } = await staff.post<{ meeting: { id: string } }>('/meetings', {
      title: 'Kỳ họp thử tải: trình xem tài liệu',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const { participant } = await staff.post<{ participant: { id: string } }>(
      `/meetings/${meeting.id}/participants`,
      { name: 'Đại biểu thử tải', role: 'delegate' },
    );
    const { code } = await staff.post<{ code: string }>(`/participants/${participant.id}/join-codes`, {});
    const uploaded = await uploadPdf(staff, meeting.id, 'bao-cao-500-trang.pdf', bytes, 10 * 60_000);
    await staff.post(`/meetings/${meeting.id}/publish`, {});
    log(`  uploaded and ingested in ${(uploaded.ms / 1000).toFixed(1)} s (${uploaded.pageCount} pages)`);

    const oursDir = join(tmp, 'profile-ours');
    log('viewer-load: the delegate joins and the document reaches the device cache…');
    {
      const context = await launch(oursDir);
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${room.url}/?join=${code}`);
      await page
        .getByTestId('distribution-total')
        .filter({ hasText: '100%' })
        .waitFor({ timeout: 10 * 60_000 });
      await context.close();
    }

    const jumps = jumpsFor(JUMPS, PAGES);
    const ours = await measure(
      'ours',
      oursDir,
      `${room.url}/#viewer=${uploaded.id}`,
      async (page) => {
        await page.keyboard.press('Escape');
        await page.getByTestId('pdf-viewer').waitFor({ state: 'detached' });
        await page.evaluate((id) => {
          window.location.hash = `viewer=${id}`;
        }, uploaded.id);
      },
      jumps,
    );

    let stock: ViewerFigures | null = null;
    if (!ONLY_OURS) {
      const { server: staticServer, url: staticUrl } = await startStatic(pdfPath);
      cleanups.push(() => new Promise<void>((done) => staticServer.close(() => done())));
      stock = await measure(
        'pdf.js default',
        join(tmp, 'profile-stock'),
        `${staticUrl}/default-viewer.html?file=/doc.pdf`,
        async (page) => {
          await page.evaluate(() => {
            void (window as unknown as { __open(url: string): Promise<void> }).__open('/doc.pdf');
          });
        },
        jumps,
      );
    }

    const rows: [string, (f: ViewerFigures) => string][] = [
      ['pdf.js', (f) => f.pdfjs],
      ['isEvalSupported', (f) => String(f.isEvalSupported)],
      ['pages', (f) => String(f.numPages)],
      ['first page, cold (from navigation)', (f) => fmt(f.coldMs)],
      ['first page, warm (median of opens)', (f) => fmt(f.warmMs)],
      ['page jump p50', (f) => fmt(f.jumpP50)],
      ['page jump p99', (f) => fmt(f.jumpP99)],
      ['every page in turn', (f) => `${(f.walkMs / 1000).toFixed(1)} s`],
      ['renderer RSS after every page', (f) => `${f.pageRssMb.toFixed(0)} MB`],
      ['all renderers RSS', (f) => `${f.allRendererRssMb.toFixed(0)} MB (${f.renderers})`],
      ['JS heap (page)', (f) => `${f.jsHeapMb.toFixed(0)} MB`],
    ];
    log('');
    log(
      `viewer-load: ${PAGES} pages, ${(bytes.byteLength / MB).toFixed(1)} MB, Chromium ${CHROMIUM}, ${WITH_BROWSER_START ? 'opened as the browser started' : 'opened once the browser had started'}`,
    );
    log(
      `load average at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (${cpus().length} cores)`,
    );
    log(`${'figure'.padEnd(38)}${'ours'.padEnd(22)}${stock ? 'pdf.js default' : ''}`);
    for (const [label, value] of rows) {
      log(`${label.padEnd(38)}${value(ours).padEnd(22)}${stock ? value(stock) : ''}`);
    }
    const coldRatio = stock ? ours.coldMs / stock.coldMs : null;
    const warmRatio = stock ? ours.warmMs / stock.warmMs : null;
    log('');
    if (coldRatio !== null && warmRatio !== null) {
      log(
        `ratio ours / default, cold: ${coldRatio.toFixed(2)}, warm: ${warmRatio.toFixed(2)} (goal ≤ ${RATIO_GOAL})`,
      );
    }
    log(`renderer memory after every page: ${ours.pageRssMb.toFixed(0)} MB (goal < ${MEMORY_GOAL_MB} MB)`);
    const resultsFile = args.results ?? DEFAULT_RESULTS_FILE;
    writeFileSync(
      resultsFile,
      `${JSON.stringify(
        {
          at: new Date().toISOString(),
          loadAverage: loadavg(),
          chromium: CHROMIUM,
          browserStart: WITH_BROWSER_START ? 'included' : 'awaited',
          pages: PAGES,
          bytes: bytes.byteLength,
          jumps,
          ours,
          stock,
          coldRatio,
          warmRatio,
          goals: { ratio: RATIO_GOAL, memoryMb: MEMORY_GOAL_MB },
        },
        null,
        2,
      )}\n`,
    );
    log(`written ${resultsFile}`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

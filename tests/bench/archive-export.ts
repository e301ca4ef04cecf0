/**
 * Archive export benchmark: a meeting of 20 documents (2,000 pages in all, Vietnamese text,
 * pictures in half of them) with 2,000 shared annotations in the participants' layers, exported
 * as its BagIt package. Prints seconds and peak memory next to the goals (under 60 s, under
 * 500 MB, streamed), two ways in the same run:
 *   (a) the built room server's (`npm run build:server` first) export job (`POST /archive/meetings/:id/exports`, polled as the
 *       archive screen does): wall time, and the server process's RSS sampled every 50 ms;
 *   (b) `writeMeetingPackage` in this process on the same data directory (as `npm run archive --
 *       export` does beside a live server): wall time and `process.memoryUsage()` sampled every
 *       50 ms (rss, heap, external and array buffers), as peaks above the level before it began.
 * Then verifies the package. Loopback only; every loop is bounded. Figures, not a pass/fail
 * test: exits 1 only if the run broke.
 *
 *   npx tsx --expose-gc tests/bench/archive-export.ts [--documents 20] [--pages 2000] [--annotations 2000]
 *     [--data-root DIR]
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { ROUTES } from '#common/http/route-table';
import { ANNOTATIONS_MAP, writeAnnotation } from '#common/protocol/annotation-layer';
import { formatDocName } from '#common/protocol/doc-names';
import type { Annotation } from '#common/schemas/annotation';
import type { ArchiveExport } from '#common/schemas/archive';
import { writeMeetingPackage } from '../../sync-server/archive/meeting-package';
import { verifyMeetingPackage } from '../../sync-server/archive/package-verifier';
import { BlobStore } from '../../sync-server/blobs/blob-store';
import { openDatabase } from '../../sync-server/db/database';
import { makeVietnamesePdf } from '../fixtures/vietnamese-pdf';
import { callRoute, connectClient, expectOk, waitFor } from '../integration/helpers/test-room';
import { inBatches } from '../integration/helpers/voting-meeting';
import { MachineLoad, RssSampler, rssBytes } from './lib/proc';
import { repoRoot, runBench, startRoomFromBundle } from './lib/room-process';

const RESULTS_FILE = join(repoRoot, 'tests', 'bench', 'results', 'archive-export.json');
const SECONDS_GOAL = 60;
const MEMORY_GOAL_MB = 500;
/** The annotators: each writes into their own shared layer of every document. */
const ANNOTATORS = 10;

const log = (line: string) => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => bytes / 1024 / 1024;
const fix = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

function parseOptions() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      documents: { type: 'string', default: '20' },
      pages: { type: 'string', default: '2000' },
      annotations: { type: 'string', default: '2000' },
      'data-root': { type: 'string', default: process.env.BENCH_DATA_ROOT ?? tmpdir() },
    },
  });
  return {
    documents: Number(values.documents),
    pages: Number(values.pages),
    annotations: Number(values.annotations),
    dataRoot: values['data-root']!,
  };
}

/** The n-th annotation of a layer: the four kinds with geometry in turn, Vietnamese text. */
function annotationFor(n: number, page: number, author: { id: string; name: string }): Annotation {
  const common = {
    id: `bench-${author.id.slice(0, 6)}-${n.toString(36)}-${page}`,
    page,
    authorId: author.id,
    authorName: author.name,
    createdAt: '2026-11-20T02:00:00.000Z',
    updatedAt: '2026-11-20T02:00:00.000Z',
  };
  switch (n % 4) {
    case 0:
      return {
        ...common,
        kind: 'highlight',
        quads: [[72, 712, 400, 712, 72, 698, 400, 698]],
        quotedText: 'Tổng vốn đầu tư công đã giải ngân đạt 78,4% kế hoạch',
        color: '#ffd400',
      };
    case 1:
      return {
        ...common,
        kind: 'ink',
        paths: [Array.from({ length: 40 }, (_x, i) => ({ x: 100 + i * 5, y: 300 + Math.sin(i / 3) * 20 }))],
        color: '#e53935',
        width: 2,
      };
    case 2:
      return {
        ...common,
        kind: 'note',
        at: { x: 500, y: 700 },
        text: `Đề nghị làm rõ căn cứ pháp lý của số liệu ở trang ${page} (ý kiến số ${n + 1}).`,
        color: '#ffd400',
      };
    default:
      return {
        ...common,
        kind: 'textbox',
        rect: { x: 320, y: 120, width: 220, height: 60 },
        text: 'Cần bổ sung đánh giá tác động đến ngân sách tỉnh năm 2027.',
        fontSize: 11,
        color: '#1e88e5',
      };
  }
}

/** Samples `process.memoryUsage()` every 50 ms and keeps each figure's peak. */
class MemoryUsagePeaks {
  readonly peak = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  private readonly timer: NodeJS.Timeout;
  constructor() {
    this.sample();
    this.timer = setInterval(() => this.sample(), 50);
  }
  sample(): void {
    const m = process.memoryUsage();
    for (const k of ['rss', 'heapUsed', 'external', 'arrayBuffers'] as const) {
      if (m[k] > this.peak[k]) this.peak[k] = m[k];
    }
  }
  stop() {
    this.sample();
    clearInterval(this.timer);
    return this.peak;
  }
}

async function main(): Promise<number> {
  const opts = parseOptions();
  const pagesPer = Math.floor(opts.pages / opts.documents);
  const layersPerDoc = ANNOTATORS;
  const perLayer = Math.ceil(opts.annotations / (opts.documents * layersPerDoc));
  log(
    `archive export bench: ${opts.documents} documents × ${pagesPer} pages, ` +
      `${opts.documents * layersPerDoc * perLayer} shared annotations (${ANNOTATORS} annotators), ` +
      `${cpus().length} CPUs, ${fix(mb(totalmem()) / 1024)} GB RAM`,
  );

  const server = await startRoomFromBundle(opts.dataRoot, 'paperless-bench-archive-');
  const dataDir = server.dataDir;
  const url = server.url;
  const staff = expectOk(await callRoute(url, ROUTES.join, { body: { code: server.adminCode } }), 201).token;
  const meetingId = expectOk(
    await callRoute(url, ROUTES.createMeeting, {
      token: staff,
      body: {
        title: 'Kỳ họp thường lệ tháng 11 năm 2026 (benchmark lưu trữ)',
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
        // Not the default end (its start's day in Vietnam), which has passed at 17:00–18:00 UTC.
        endsAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
        place: 'Hội trường tầng 3',
      },
    }),
    201,
  ).meeting.id;

  const setupStart = performance.now();
  const documents: { id: string; pages: number }[] = [];
  for (let d = 0; d < opts.documents; d++) {
    // Pictures in every other document: a report with scanned figures, beside text-only ones.
    const bytes = await makeVietnamesePdf({
      pages: pagesPer,
      title: `Tài liệu số ${d + 1}`,
      imageBytesPerPage: d % 2 === 0 ? 12_000 : 0,
    });
    const doc = expectOk(
      await callRoute(url, ROUTES.uploadDocument, {
        token: staff,
        params: { meetingId },
        query: { fileName: `tai-lieu-${d + 1}.pdf`, title: `Tài liệu số ${d + 1}: báo cáo và dự thảo` },
        body: new Uint8Array(bytes),
        headers: { 'content-type': 'application/pdf' },
      }),
      201,
    ).document;
    documents.push({ id: doc.id, pages: doc.pageCount });
    log(
      `  uploaded document ${d + 1}/${opts.documents}: ${doc.pageCount} pages, ${fix(mb(doc.byteSize))} MB`,
    );
  }

  const annotators = await inBatches(Array.from({ length: ANNOTATORS }), 5, async (_x, i) => {
    const name = `Đại biểu Nguyễn Văn ${String.fromCharCode(65 + i)}`;
    const { participant } = expectOk(
      await callRoute(url, ROUTES.createParticipant, {
        token: staff,
        params: { meetingId },
        body: { name, role: 'delegate' },
      }),
      201,
    );
    const { code } = expectOk(
      await callRoute(url, ROUTES.createJoinCode, {
        token: staff,
        params: { participantId: participant.id },
        body: {},
      }),
      201,
    );
    const { token } = expectOk(await callRoute(url, ROUTES.join, { body: { code } }), 201);
    return { id: participant.id, name, token };
  });
  expectOk(await callRoute(url, ROUTES.publishMeeting, { token: staff, params: { meetingId } }));
  log(`  documents and participants ready after ${fix((performance.now() - setupStart) / 1000)} s`);

  // Each annotator writes into their shared layer of each document; a second client of the same
  // layer receives the annotations back, so they are stored before the export starts.
  let written = 0;
  const layers = documents.flatMap((doc) => annotators.map((who) => ({ doc, who })));
  await inBatches(layers, 10, async ({ doc, who }) => {
    const name = formatDocName({ kind: 'annotations', documentId: doc.id, ownerId: who.id, layer: 'shared' });
    const writer = connectClient({ url }, name, who.token);
    const echo = connectClient({ url }, name, who.token);
    try {
      await waitFor(() => writer.provider.synced && echo.provider.synced, 'layer synced', 30_000);
      const batch = Array.from({ length: perLayer }, (_x, n) =>
        annotationFor(n, 1 + ((n * 37 + written) % doc.pages), who),
      );
      writer.doc.transact(() => {
        for (const a of batch) writeAnnotation(writer.doc, a, () => new Y.Map<unknown>());
      });
      await waitFor(() => echo.doc.getMap(ANNOTATIONS_MAP).size === perLayer, 'annotations stored', 60_000);
      written += perLayer;
    } finally {
      writer.provider.destroy();
      echo.provider.destroy();
    }
  });
  log(`  ${written} shared annotations stored in ${layers.length} layers`);
  log(`setup took ${fix((performance.now() - setupStart) / 1000)} s`);

  // (a) The server's export job, polled as the archive screen polls it.
  const serverBefore = rssBytes(server.pid) ?? 0;
  const load = new MachineLoad([server.pid]);
  const sampler = new RssSampler(server.pid, 50);
  const jobStart = performance.now();
  let job: ArchiveExport = expectOk(
    await callRoute(url, ROUTES.startArchiveExport, { token: staff, params: { meetingId } }),
    202,
  );
  const deadline = Date.now() + 15 * 60_000;
  let polls = 0;
  while (job.state === 'running') {
    if (Date.now() > deadline) throw new Error('the export job did not finish within 15 minutes');
    await new Promise((r) => setTimeout(r, 200));
    job = expectOk(
      await callRoute(url, ROUTES.getArchiveExport, { token: staff, params: { exportId: job.id } }),
    );
    polls++;
  }
  const jobSeconds = (performance.now() - jobStart) / 1000;
  const serverPeak = sampler.stop();
  const machine = load.finish();
  if (job.state !== 'done') throw new Error(`the export job failed: ${JSON.stringify(job.failure)}`);

  // (b) The same export in this process, as the command line runs it beside the server.
  const out = mkdtempSync(join(opts.dataRoot, 'paperless-bench-archive-out-'));
  const zipPath = join(out, 'package.zip');
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  const usage = new MemoryUsagePeaks();
  const db = openDatabase(dataDir);
  const blobs = new BlobStore(join(dataDir, 'blobs'));
  let cliSeconds: number;
  let summary: Awaited<ReturnType<typeof writeMeetingPackage>>;
  try {
    const t = performance.now();
    summary = await writeMeetingPackage({
      db,
      blobPath: (sha) => blobs.pathOf(sha),
      meetingId,
      outPath: zipPath,
    });
    cliSeconds = (performance.now() - t) / 1000;
  } finally {
    db.close();
  }
  const peak = usage.stop();
  const verify = await verifyMeetingPackage(zipPath);
  const zipBytes = statSync(zipPath).size;
  rmSync(out, { recursive: true, force: true });
  await server.stop();

  const over = (k: keyof typeof peak) => mb(Math.max(0, peak[k] - before[k]));
  log('');
  log('| figure | measured | goal |');
  log('|---|---|---|');
  log(
    `| (a) server export job, wall time | ${fix(jobSeconds)} s | < ${SECONDS_GOAL} s: ${jobSeconds < SECONDS_GOAL ? 'met' : 'NOT met'} |`,
  );
  log(
    `| (a) server RSS peak (before the export) | ${fix(mb(serverPeak))} MB (${fix(mb(serverBefore))} MB) | < ${MEMORY_GOAL_MB} MB: ${mb(serverPeak) < MEMORY_GOAL_MB ? 'met' : 'NOT met'} |`,
  );
  log(
    `| (b) in-process writeMeetingPackage, wall time | ${fix(cliSeconds)} s | < ${SECONDS_GOAL} s: ${cliSeconds < SECONDS_GOAL ? 'met' : 'NOT met'} |`,
  );
  log(
    `| (b) process.memoryUsage peak rss (above its level before) | ${fix(mb(peak.rss))} MB (+${fix(over('rss'))} MB) | < ${MEMORY_GOAL_MB} MB: ${mb(peak.rss) < MEMORY_GOAL_MB ? 'met' : 'NOT met'} |`,
  );
  log(
    `| (b) peak heapUsed / external / arrayBuffers above before | +${fix(over('heapUsed'))} / +${fix(over('external'))} / +${fix(over('arrayBuffers'))} MB | streamed: a document, not the package |`,
  );
  log(
    `package: ${summary.payloadFiles} payload files, ${fix(mb(summary.payloadBytes))} MB payload, zip ${fix(mb(zipBytes))} MB; ` +
      `job zip ${fix(mb(job.zipBytes ?? 0))} MB; verify: ${verify.ok ? 'valid' : `INVALID (${verify.problems.length} problems)`}; ` +
      `${polls} polls`,
  );
  if (machine) log(`machine: bench+server ${machine.ownPct}% of CPU, others ${machine.otherPct}%`);

  mkdirSync(join(repoRoot, 'tests', 'bench', 'results'), { recursive: true });
  writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify(
      {
        bench: 'archive-export/1',
        at: new Date().toISOString(),
        options: { ...opts, dataRoot: undefined, perLayer, annotators: ANNOTATORS },
        documents: documents.length,
        pages: documents.reduce((s, d) => s + d.pages, 0),
        annotations: written,
        serverJob: {
          seconds: jobSeconds,
          rssPeakMB: mb(serverPeak),
          rssBeforeMB: mb(serverBefore),
          zipBytes: job.zipBytes,
          files: job.filesDone,
        },
        inProcess: {
          seconds: cliSeconds,
          peakMB: Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, mb(v)])),
          beforeMB: Object.fromEntries(
            (['rss', 'heapUsed', 'external', 'arrayBuffers'] as const).map((k) => [k, mb(before[k])]),
          ),
          zipBytes,
          payloadFiles: summary.payloadFiles,
          payloadBytes: summary.payloadBytes,
        },
        verified: verify.ok,
        goals: { seconds: SECONDS_GOAL, memoryMB: MEMORY_GOAL_MB },
        machine,
      },
      null,
      2,
    )}\n`,
  );
  log(`wrote ${relative(repoRoot, RESULTS_FILE)}`);
  return verify.ok ? 0 : 1;
}

runBench(main);

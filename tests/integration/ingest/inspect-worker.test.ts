import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { httpStatusOf } from '../../../sync-server/api/http-errors';
import { IngestError } from '../../../sync-server/ingest/ingest-error';
import { PdfInspectorPool, resolveWorkerEntry } from '../../../sync-server/ingest/pdf-inspect';

const run = promisify(execFile);
const CORPUS = '/work/shared/corpus/pdfs';
const DEMO_PDF = join(process.cwd(), 'resources/demo/pdfs/giay-moi-phien-hop-thang-11-2026.pdf');
const tracemonkey = join(CORPUS, 'tracemonkey.pdf');

const pools: PdfInspectorPool[] = [];
const pool = (opts?: ConstructorParameters<typeof PdfInspectorPool>[0]): PdfInspectorPool => {
  const p = new PdfInspectorPool(opts);
  pools.push(p);
  return p;
};
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe('worker entry resolution', () => {
  it('runs the TypeScript source through tsx when there is no built worker', () => {
    expect(resolveWorkerEntry().kind).toBe('source');
  });

  it('says what is missing when neither file exists', () => {
    expect(() => resolveWorkerEntry(pathToFileURL(join(tmpdir(), 'nowhere', 'x.js')).href)).toThrow(
      /the PDF inspection worker is missing: expected .*pdf-inspect-worker\.js/,
    );
  });
});

describe('PdfInspectorPool', () => {
  it('reads PDFs in a worker, one after another', async () => {
    const p = pool();
    const [a, b] = await Promise.all([p.inspect(DEMO_PDF), p.inspect(DEMO_PDF)]);
    expect(a.pageCount).toBe(2);
    expect(a.pages[0]).toContain('GIẤY MỜI');
    expect(b).toEqual(a);
  });

  it('kills a worker that runs over its time limit and carries on with a fresh one', async () => {
    const p = pool();
    const err = await p.inspect(tracemonkey, { timeoutMs: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect(err).toMatchObject({ code: 'invalid_document' });
    expect((err as Error).message).toBe(
      'The PDF could not be read within 5 ms; it may be damaged or far too complex. Try saving it again as PDF',
    );
    const ok = await p.inspect(DEMO_PDF);
    expect(ok.pageCount).toBe(2);
  });

  it('turns IngestErrors from the worker back into IngestErrors', async () => {
    const err = await pool()
      .inspect(join(CORPUS, 'password-protected.pdf'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect(httpStatusOf((err as IngestError).code)).toBe(422);
    expect((err as Error).message).toBe(
      'The PDF is protected by a password; remove the password and upload again',
    );
  });

  it('reports a missing file as a server error, not as a bad document', async () => {
    const err = await pool()
      .inspect(join(tmpdir(), 'no-such-file.pdf'))
      .catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(IngestError);
    expect((err as Error).message).toMatch(/^PDF inspection failed: ENOENT/);
  });

  it('rejects queued and running jobs on close', async () => {
    const p = pool();
    const jobs = [p.inspect(tracemonkey), p.inspect(tracemonkey)].map((j) => j.catch((e: unknown) => e));
    await p.close();
    for (const outcome of await Promise.all(jobs)) expect((outcome as Error).message).toMatch(/closed/);
    await expect(p.inspect(tracemonkey)).rejects.toThrow('the PDF inspector is closed');
  });
});

describe('bundled with esbuild, as in dist/', () => {
  it('finds dist-style pdf-inspect-worker.js next to the bundle and uses it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'inspect-bundle-'));
    try {
      // Like `build:server`: ESM bundles with packages external, one file per entry point.
      await build({
        entryPoints: ['sync-server/ingest/pdf-inspect.ts', 'sync-server/ingest/pdf-inspect-worker.ts'],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node22',
        packages: 'external',
        outdir: out,
        entryNames: '[name]',
        logLevel: 'warning',
      });
      // External packages resolve from the bundle's folder, as dist/ does inside the app.
      symlinkSync(join(process.cwd(), 'node_modules'), join(out, 'node_modules'), 'junction');
      writeFileSync(
        join(out, 'run.mjs'),
        `import { closePdfInspector, inspectPdf, resolveWorkerEntry } from './pdf-inspect.js';
         const r = await inspectPdf(process.argv[2]);
         console.log(JSON.stringify({ kind: resolveWorkerEntry().kind, pageCount: r.pageCount, first: r.pages[0].slice(0, 40) }));
         await closePdfInspector();`,
      );
      const { stdout } = await run(process.execPath, [join(out, 'run.mjs'), DEMO_PDF], { cwd: out });
      expect(JSON.parse(stdout)).toEqual({
        kind: 'bundle',
        pageCount: 2,
        first: expect.stringContaining('ỦY BAN NHÂN DÂN') as unknown,
      });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});

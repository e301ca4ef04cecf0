/**
 * Worker-thread entry point for PDF inspection: reads the file and runs pdf.js here, off the
 * server's event loop. Started by pdf-inspect.ts, either as dist/pdf-inspect-worker.js (its
 * own esbuild entry point) or from this source through tsx (tests, development).
 */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { IngestError } from './ingest-error';
import type { InspectRequest, InspectResponse } from './pdf-inspect';
import { parsePdf } from './pdf-parse';

if (!parentPort) throw new Error('pdf-inspect-worker.ts must run in a worker thread');
const port = parentPort;

async function handle(req: InspectRequest): Promise<InspectResponse> {
  try {
    const buf = await readFile(req.path);
    const result = await parsePdf(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
    return { id: req.id, ok: true, result };
  } catch (err) {
    if (err instanceof IngestError) {
      const why = err.reason ? { reason: err.reason, params: err.params ?? {} } : null;
      return { id: req.id, ok: false, error: { kind: 'ingest', code: err.code, message: err.message, why } };
    }
    return {
      id: req.id,
      ok: false,
      error: { kind: 'internal', code: null, message: err instanceof Error ? err.message : String(err) },
    };
  }
}

port.on('message', (req: InspectRequest) => {
  void handle(req).then((res) => port.postMessage(res));
});
port.postMessage({ ready: true } satisfies InspectResponse);

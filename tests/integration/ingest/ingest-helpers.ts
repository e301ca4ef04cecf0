import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { type IngestedFile, type IngestOptions, ingestFile } from '../../../sync-server/ingest/ingest-file';
import { receiveUpload } from '../../../sync-server/ingest/receive-upload';

/** Whether poppler's pdfinfo is installed (used only to cross-check our page counts). */
export const hasPdfinfo = ((): boolean => {
  try {
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** pdfinfo's page count and encryption flag for a file. */
export function pdfinfo(path: string): { pages: number; encrypted: boolean } {
  const out = execFileSync('pdfinfo', [path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(out)?.[1]);
  const encrypted = /^Encrypted:\s+yes/m.test(out);
  return { pages, encrypted };
}

/** Uploads a file the way the HTTP route does: receiveUpload from a stream, then ingestFile. */
export async function uploadFile(
  path: string,
  name: string,
  opts: IngestOptions & { limitBytes?: number },
): Promise<IngestedFile> {
  const received = await receiveUpload(createReadStream(path), {
    tmpDir: opts.tmpDir,
    limitBytes: opts.limitBytes ?? 200 * 1024 * 1024,
  });
  return ingestFile(received, name, opts);
}

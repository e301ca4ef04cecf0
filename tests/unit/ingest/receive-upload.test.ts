import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpStatusOf } from '../../../sync-server/api/http-errors';
import { DomainError } from '../../../sync-server/errors/domain-errors';
import { IngestError, UploadAbortedError } from '../../../sync-server/ingest/ingest-error';
import { receiveUpload } from '../../../sync-server/ingest/receive-upload';

/** sha256("hello world"), from any reference (e.g. `printf 'hello world' | sha256sum`). */
const HELLO_SHA256 = 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9';

let tmpDir: string;
beforeEach(() => {
  tmpDir = mkdtempSync(join(tmpdir(), 'receive-upload-'));
});
afterEach(() => {
  rmSync(tmpDir, { recursive: true, force: true });
});

const leftovers = (): string[] => readdirSync(tmpDir);

/** Barrier: the upload has opened its temp file (its size check and folder come first). */
async function tempFileOpened(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (leftovers().length === 0) {
    if (Date.now() > deadline) throw new Error('the upload never opened its temp file');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('receiveUpload', () => {
  it('writes the body to a temp file with its size and SHA-256', async () => {
    const got = await receiveUpload(Readable.from([Buffer.from('hello '), Buffer.from('world')]), {
      tmpDir,
      limitBytes: 1000,
    });
    expect(got.sha256).toBe(HELLO_SHA256);
    expect(got.byteSize).toBe(11);
    expect(readFileSync(got.path, 'utf8')).toBe('hello world');
    expect(got.path.startsWith(tmpDir)).toBe(true);
  });

  it('streams many chunks with backpressure and hashes them all', async () => {
    const chunks = Array.from({ length: 400 }, () => randomBytes(16 * 1024));
    const whole = Buffer.concat(chunks);
    const got = await receiveUpload(Readable.from(chunks), { tmpDir, limitBytes: whole.length });
    expect(got.byteSize).toBe(whole.length);
    expect(got.sha256).toBe(createHash('sha256').update(whole).digest('hex'));
    expect(readFileSync(got.path).equals(whole)).toBe(true);
  });

  it('accepts an empty body (the ingest step refuses it with a clear message)', async () => {
    const got = await receiveUpload(Readable.from([]), { tmpDir, limitBytes: 10 });
    expect(got.byteSize).toBe(0);
    expect(got.sha256).toBe(createHash('sha256').digest('hex'));
  });

  it('stops at the limit, deletes the temp file and keeps the source alive', async () => {
    const source = new PassThrough();
    let written = 0;
    const pump = setInterval(() => {
      if (written < 50) {
        source.write(Buffer.alloc(1024, 1));
        written++;
      }
    }, 1);
    try {
      const err = await receiveUpload(source, { tmpDir, limitBytes: 10 * 1024 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IngestError);
      expect((err as IngestError).code).toBe('payload_too_large');
      expect(httpStatusOf((err as IngestError).code)).toBe(413);
      expect((err as IngestError).message).toBe(
        'The file is larger than the upload limit of 10 KB; make it smaller or ask the room administrator to raise the limit',
      );
      expect(leftovers()).toEqual([]);
      // Paused, not destroyed: the HTTP layer can still send its 413 on this connection.
      expect(source.destroyed).toBe(false);
      expect(source.isPaused()).toBe(true);
    } finally {
      clearInterval(pump);
    }
  });

  it('accepts a body of exactly the limit', async () => {
    const got = await receiveUpload(Readable.from([Buffer.alloc(4096)]), { tmpDir, limitBytes: 4096 });
    expect(got.byteSize).toBe(4096);
  });

  it('refuses an announced Content-Length over the limit before reading anything', async () => {
    const source = Readable.from([Buffer.alloc(10)]);
    const err = await receiveUpload(source, {
      tmpDir,
      limitBytes: 200 * 1024 * 1024,
      declaredBytes: 300 * 1024 * 1024,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'payload_too_large' });
    expect((err as Error).message).toContain('upload limit of 200 MB');
    expect(leftovers()).toEqual([]);
  });

  it('deletes the temp file when the source fails midway', async () => {
    const source = new PassThrough();
    const pending = receiveUpload(source, { tmpDir, limitBytes: 1e6 });
    source.write(Buffer.alloc(1000));
    await tempFileOpened();
    expect(leftovers()).toHaveLength(1);
    source.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadAbortedError);
    expect(err).toBeInstanceOf(DomainError);
    expect(leftovers()).toEqual([]);
  });

  it('deletes the temp file when the source closes early without an error', async () => {
    const source = new PassThrough();
    const pending = receiveUpload(source, { tmpDir, limitBytes: 1e6 });
    source.write(Buffer.alloc(1000));
    await tempFileOpened();
    source.destroy();
    await expect(pending).rejects.toBeInstanceOf(UploadAbortedError);
    expect(leftovers()).toEqual([]);
  });

  it('a client gone before its body is read is an abort, not a wait for events that already fired', async () => {
    const source = new PassThrough();
    source.write(Buffer.alloc(1000));
    source.destroy();
    await new Promise((r) => source.once('close', r));
    await expect(receiveUpload(source, { tmpDir, limitBytes: 1e6 })).rejects.toBeInstanceOf(
      UploadAbortedError,
    );
    expect(leftovers()).toEqual([]);
  });

  describe('over HTTP', () => {
    let server: Server;
    let outcome: Promise<unknown>;
    let url: string;

    beforeEach(async () => {
      let settle: (v: unknown) => void = () => {};
      outcome = new Promise((r) => {
        settle = r;
      });
      server = createServer((req, res) => {
        receiveUpload(req, { tmpDir, limitBytes: 64 * 1024 }).then(
          (got) => {
            settle(got);
            res.end(JSON.stringify(got));
          },
          (err: unknown) => {
            settle(err);
            if (err instanceof IngestError) {
              res.writeHead(httpStatusOf(err.code), {
                'content-type': 'application/json',
                connection: 'close',
              });
              res.end(JSON.stringify({ error: { code: err.code, message: err.message } }));
            }
          },
        );
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });

    it('answers 413 on the same connection when the body is too large', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(url, { method: 'POST' }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        // Keep sending well past the limit, as a browser uploading a big file does.
        let sent = 0;
        const send = (): void => {
          while (sent < 2 * 1024 * 1024) {
            sent += 16 * 1024;
            if (!req.write(Buffer.alloc(16 * 1024))) {
              req.once('drain', send);
              return;
            }
          }
          req.end();
        };
        send();
      });
      expect(status).toBe(413);
      expect(await outcome).toMatchObject({ code: 'payload_too_large' });
      expect(leftovers()).toEqual([]);
    });

    it('deletes the temp file when the client aborts mid-upload', async () => {
      const req = request(url, { method: 'POST', headers: { 'content-length': '50000' } });
      req.on('error', () => {});
      req.write(Buffer.alloc(10_000));
      await new Promise((r) => setTimeout(r, 50));
      req.destroy();
      expect(await outcome).toBeInstanceOf(UploadAbortedError);
      expect(leftovers()).toEqual([]);
    });
  });
});

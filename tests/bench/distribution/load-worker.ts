/**
 * A load-generator child of the distribution benchmark (started with fork by load.ts). It runs
 * its share of the clients: each client has its own keep-alive http.Agent (one connection)
 * and downloads every file once, one after the other, in its own shuffled order. Bodies are
 * counted, not kept; a few downloads per client are hashed to prove the bytes are right.
 */
import { createHash, type Hash } from 'node:crypto';
import http from 'node:http';
import type { BurstConfig, BurstFile, ClientResult, FromWorker, ToWorker } from './load-protocol';
import { Prng } from './pdfs';

function send(message: FromWorker): void {
  process.send?.(message);
}

/** One GET, body counted (and hashed when `hash` is given); resolves to the bytes received. */
function download(
  config: BurstConfig,
  agent: http.Agent,
  token: string,
  file: BurstFile,
  hash: Hash | null,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: config.host,
        port: config.port,
        path: `${config.pathPrefix}${file.sha256}`,
        agent,
        headers: { authorization: `Bearer ${token}` },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`HTTP ${res.statusCode}`));
          return;
        }
        const length = Number(res.headers['content-length']);
        if (length !== file.size) {
          res.destroy();
          reject(new Error(`Content-Length ${res.headers['content-length']}, expected ${file.size}`));
          return;
        }
        let received = 0;
        res.on('data', (chunk: Buffer) => {
          received += chunk.byteLength;
          hash?.update(chunk);
        });
        res.on('end', () => {
          if (received === file.size) resolve(received);
          else reject(new Error(`body ended after ${received} of ${file.size} bytes`));
        });
        res.on('error', reject);
        res.on('aborted', () => reject(new Error(`aborted after ${received} bytes`)));
      },
    );
    req.setTimeout(config.idleTimeoutMs, () =>
      req.destroy(new Error(`no data for ${config.idleTimeoutMs} ms`)),
    );
    req.on('error', reject);
  });
}

async function runClient(config: BurstConfig, index: number, token: string): Promise<ClientResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const order = new Prng(config.seed * 7919 + index + 1).shuffle(config.files.map((_, i) => i));
  // Client i hashes files i, i+1, … (mod the set size): every file is checked by many clients.
  const toVerify = new Set<number>();
  for (let k = 0; k < Math.min(config.verifyPerClient, config.files.length); k++) {
    toVerify.add((index + k) % config.files.length);
  }
  const failures: string[] = [];
  let bytes = 0;
  let downloads = 0;
  let verified = 0;
  let mismatched = 0;
  const startNs = process.hrtime.bigint();
  for (const fileIndex of order) {
    const file = config.files[fileIndex]!;
    const hash = toVerify.has(fileIndex) ? createHash('sha256') : null;
    try {
      bytes += await download(config, agent, token, file, hash);
      downloads++;
      if (hash) {
        if (hash.digest('hex') === file.sha256) verified++;
        else mismatched++;
      }
    } catch (err) {
      failures.push(`${file.sha256.slice(0, 12)}: ${(err as Error).message}`);
    }
  }
  const endNs = process.hrtime.bigint();
  agent.destroy();
  return {
    index,
    startNs: String(startNs),
    endNs: String(endNs),
    bytes,
    downloads,
    verified,
    mismatched,
    failures,
  };
}

let pending: BurstConfig | null = null;

process.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'burst':
      pending = message.config;
      send({ type: 'ready' });
      break;
    case 'go': {
      const config = pending;
      if (!config) {
        send({ type: 'error', message: 'go before burst' });
        break;
      }
      pending = null;
      const cpu = process.cpuUsage();
      Promise.all(config.clients.map((c) => runClient(config, c.index, c.token))).then(
        (clients) => {
          const used = process.cpuUsage(cpu);
          send({ type: 'done', clients, cpuMs: (used.user + used.system) / 1000 });
        },
        (err: unknown) => send({ type: 'error', message: String(err) }),
      );
      break;
    }
    case 'exit':
      process.exit(0);
  }
});

// The benchmark went away (even with SIGKILL): the IPC channel closes, and so do we.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });

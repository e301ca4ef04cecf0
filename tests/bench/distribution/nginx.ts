/**
 * nginx as the distribution benchmark's reference: the Debian package's binary with our own
 * config in a temp dir, one worker process (our room server is one Node process), sendfile,
 * keep-alive, on 127.0.0.1 and a free port. Started through nginx-guard.mjs, which stops it
 * when the benchmark goes away.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep, stopChild } from '../lib/child-process';

const GUARD = fileURLToPath(new URL('./nginx-guard.mjs', import.meta.url));
export const NGINX_WORKERS = 1;

export interface NginxServer {
  readonly port: number;
  /** The master process. */
  readonly pid: number;
  /** The master and its workers (their RSS is summed). */
  readonly pids: readonly number[];
  readonly version: string;
  readonly configFile: string;
  stop(): Promise<void>;
  /** For exit handlers: SIGTERM to the master and the guard, no waiting. */
  killNow(): void;
}

export function nginxVersion(bin: string): string {
  // nginx -v writes "nginx version: nginx/1.22.1" to stderr.
  const result = spawnSync(bin, ['-v'], { encoding: 'utf8', timeout: 10_000 });
  const match = /nginx\/[\w.]+/.exec(`${result.stderr ?? ''}${result.stdout ?? ''}`);
  if (result.error || !match) {
    throw new Error(`cannot run ${bin} -v: ${result.error?.message ?? result.stderr}`);
  }
  return match[0];
}

/** A port nothing listens on right now (nginx cannot listen on port 0 and tell us which it got). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

/** Children of `ppid` from /proc (nginx's workers). */
function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid) out.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

function config(dir: string, root: string, port: number): string {
  return `# Written by tests/bench/distribution.ts for one run; removed afterwards.
worker_processes ${NGINX_WORKERS};
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65s;
  keepalive_requests 10000;
  client_body_temp_path ${join(dir, 'tmp', 'body')};
  proxy_temp_path ${join(dir, 'tmp', 'proxy')};
  fastcgi_temp_path ${join(dir, 'tmp', 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'tmp', 'uwsgi')};
  scgi_temp_path ${join(dir, 'tmp', 'scgi')};
  types { }
  default_type application/pdf;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    # The same headers as the room server's blob route (nginx adds ETag and Accept-Ranges itself).
    location /blobs/ {
      add_header Cache-Control "private, max-age=31536000, immutable";
      add_header X-Content-Type-Options nosniff;
    }
    location / { return 404; }
  }
}
`;
}

/**
 * Starts nginx serving `root` (files under `root/blobs/<sha256>`), with its config, pid file,
 * logs and temp paths in `dir`. Tries a few ports in case another process takes ours first.
 */
export async function startNginx(bin: string, dir: string, root: string): Promise<NginxServer> {
  const version = nginxVersion(bin);
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  let lastError: Error | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const configFile = join(dir, 'nginx.conf');
    writeFileSync(configFile, config(dir, root, port));
    const errorLog = join(dir, 'error.log');
    const child = spawn(
      process.execPath,
      [GUARD, bin, '-c', configFile, '-p', dir, '-e', errorLog, '-g', 'daemon off;'],
      // stdin: the guard's lifeline; stdout: the master's pid.
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr?.setEncoding('utf8').on('data', (c: string) => {
      stderr = (stderr + c).slice(-4000);
    });
    let masterPid: number | null = null;
    // SIGTERM is nginx's fast shutdown: the master stops its workers and exits, also after we
    // are gone (SIGKILL on the master would leave the worker running).
    const killNow = () => {
      if (masterPid !== null) {
        try {
          process.kill(masterPid, 'SIGTERM');
        } catch {
          // Already gone.
        }
      }
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    };
    const deadline = Date.now() + 10_000;
    let ready = false;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) break;
      if (masterPid === null) {
        const line = stdout.split('\n').find((l) => l.startsWith('{'));
        if (line) masterPid = (JSON.parse(line) as { pid: number }).pid;
      }
      if (masterPid !== null && (await accepts(port))) {
        ready = true;
        break;
      }
      await sleep(50);
    }
    if (ready && masterPid !== null) {
      // The worker forks right after the master binds; give it a moment to show in /proc.
      let workers: number[] = [];
      for (let i = 0; i < 40 && workers.length < NGINX_WORKERS; i++) {
        workers = childrenOf(masterPid);
        if (workers.length < NGINX_WORKERS) await sleep(50);
      }
      const pid = masterPid;
      return {
        port,
        pid,
        pids: [pid, ...workers],
        version,
        configFile,
        stop: () => stopChild(child),
        killNow,
      };
    }
    killNow();
    const log = existsSync(errorLog) ? readFileSync(errorLog, 'utf8').slice(-2000) : '';
    lastError = new Error(`nginx did not start on port ${port}:\n${stderr}${log}`);
    if (!/Address already in use/.test(stderr + log)) break;
  }
  throw lastError ?? new Error('nginx did not start');
}

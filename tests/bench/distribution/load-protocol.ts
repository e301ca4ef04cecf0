/** Messages between the benchmark and its load-generator children (load-worker.ts), over fork IPC. */

export interface BurstFile {
  readonly sha256: string;
  readonly size: number;
}

export interface BurstClient {
  /** 0-based over all generators: decides the client's download order and what it verifies. */
  readonly index: number;
  readonly token: string;
}

export interface BurstConfig {
  readonly host: string;
  readonly port: number;
  /** URL path before the hash: `/api/v1/blobs/` (ours) or `/blobs/` (nginx). */
  readonly pathPrefix: string;
  readonly files: readonly BurstFile[];
  readonly clients: readonly BurstClient[];
  /** How many of its downloads each client hashes with SHA-256 (0 = none). */
  readonly verifyPerClient: number;
  /** A download that receives nothing for this long fails. */
  readonly idleTimeoutMs: number;
  /** Seed of the per-client shuffles (the same for both servers within a round). */
  readonly seed: number;
}

export interface ClientResult {
  readonly index: number;
  /** process.hrtime.bigint() as decimal strings (CLOCK_MONOTONIC, comparable across processes). */
  readonly startNs: string;
  readonly endNs: string;
  readonly bytes: number;
  readonly downloads: number;
  readonly verified: number;
  readonly mismatched: number;
  readonly failures: readonly string[];
}

export type ToWorker = { type: 'burst'; config: BurstConfig } | { type: 'go' } | { type: 'exit' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; clients: ClientResult[]; cpuMs: number }
  | { type: 'error'; message: string };

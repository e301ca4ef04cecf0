/**
 * The benchmark's side of the load generators: child processes (load-worker.ts) that each run
 * a share of the clients, so the generator can use more than one core, and so its CPU time
 * shows apart from the benchmark's own.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BurstClient, BurstConfig, ClientResult, FromWorker, ToWorker } from './load-protocol';

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

export interface BurstOutcome {
  readonly clients: ClientResult[];
  /** CPU time each generator process used during the burst, ms. */
  readonly generatorCpuMs: number[];
  /** hrtime (ns) when the first client started and when the last one finished. */
  readonly firstStartNs: bigint;
  readonly lastEndNs: bigint;
}

class Generator {
  private readonly waiters: ((m: FromWorker) => void)[] = [];
  private exitError: Error | null = null;

  constructor(readonly child: ChildProcess) {
    child.on('message', (m: FromWorker) => this.waiters.shift()?.(m));
    child.once('exit', (code, signal) => {
      this.exitError = new Error(`load generator exited (code ${code}, signal ${signal})`);
      for (const w of this.waiters.splice(0)) w({ type: 'error', message: this.exitError.message });
    });
  }

  /** Sends a message (if any) and waits for the next one, at most `timeoutMs`. */
  request(message: ToWorker | null, timeoutMs: number): Promise<FromWorker> {
    if (this.exitError) return Promise.reject(this.exitError);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error(`load generator did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (m: FromWorker) => {
        clearTimeout(timer);
        if (m.type === 'error') reject(new Error(m.message));
        else resolve(m);
      };
      this.waiters.push(waiter);
      if (message) this.child.send(message);
    });
  }
}

export class LoadGenerators {
  private constructor(private readonly generators: Generator[]) {}

  /** Starts `count` generator processes (plain node with this process's loader flags, i.e. tsx). */
  static async start(count: number): Promise<LoadGenerators> {
    const generators: Generator[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const child = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        const generator = new Generator(child);
        generators.push(generator);
        await generator.request(null, 30_000);
      }
    } catch (err) {
      for (const g of generators) g.child.kill('SIGKILL');
      throw err;
    }
    return new LoadGenerators(generators);
  }

  get pids(): number[] {
    return this.generators.map((g) => g.child.pid!);
  }

  /**
   * Runs one burst: clients are dealt round-robin to the generators; all start when every
   * generator is ready. Rejects after `timeoutMs`.
   */
  async burst(
    config: Omit<BurstConfig, 'clients'>,
    clients: readonly BurstClient[],
    timeoutMs: number,
  ): Promise<BurstOutcome> {
    const shares = this.generators.map((_, g) => clients.filter((_, i) => i % this.generators.length === g));
    await Promise.all(
      this.generators.map((g, i) =>
        g.request({ type: 'burst', config: { ...config, clients: shares[i]! } }, 10_000),
      ),
    );
    const answers = await Promise.all(this.generators.map((g) => g.request({ type: 'go' }, timeoutMs)));
    const results: ClientResult[] = [];
    const generatorCpuMs: number[] = [];
    for (const answer of answers) {
      if (answer.type !== 'done') throw new Error(`load generator answered ${answer.type}`);
      results.push(...answer.clients);
      generatorCpuMs.push(answer.cpuMs);
    }
    results.sort((a, b) => a.index - b.index);
    let firstStartNs = BigInt(results[0]?.startNs ?? 0);
    let lastEndNs = firstStartNs;
    for (const r of results) {
      const start = BigInt(r.startNs);
      const end = BigInt(r.endNs);
      if (start < firstStartNs) firstStartNs = start;
      if (end > lastEndNs) lastEndNs = end;
    }
    return { clients: results, generatorCpuMs, firstStartNs, lastEndNs };
  }

  /** Asks the generators to exit; kills the ones that do not within a second. */
  async stop(): Promise<void> {
    await Promise.all(
      this.generators.map(
        (g) =>
          new Promise<void>((resolve) => {
            const child = g.child;
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            if (child.connected) child.send({ type: 'exit' } satisfies ToWorker);
            else child.kill('SIGTERM');
          }),
      ),
    );
  }

  /** For exit handlers: no waiting. */
  killNow(): void {
    for (const g of this.generators) {
      if (g.child.exitCode === null && g.child.signalCode === null) g.child.kill('SIGKILL');
    }
  }
}

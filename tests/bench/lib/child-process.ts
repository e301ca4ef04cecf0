/** Child processes of a benchmark (servers, nginx, load generators): stopping and waiting for them. */
import type { ChildProcess } from 'node:child_process';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Polls `ready` every 50 ms until it gives a value; fails when the child exits or time runs out. */
export async function untilReady<T>(
  child: ChildProcess,
  what: string,
  timeoutMs: number,
  stderr: () => string,
  ready: () => T | null,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = ready();
    if (value !== null) return value;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${what} exited before it was ready (code ${child.exitCode}, signal ${child.signalCode}):\n${stderr()}`,
      );
    }
    if (Date.now() > deadline) throw new Error(`${what} was not ready within ${timeoutMs} ms:\n${stderr()}`);
    await sleep(50);
  }
}

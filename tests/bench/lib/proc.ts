import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Resident set size of a process in bytes (Linux /proc, else `ps`); null when it is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    if (match) return Number(match[1]) * 1024;
  } catch {
    // Not Linux, or the process is gone: try ps below.
  }
  try {
    const out = execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 });
    const kb = Number.parseInt(out.trim(), 10);
    return Number.isFinite(kb) ? kb * 1024 : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used, in ms; null where /proc is unavailable. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the full line: 12 and 13 after "(comm) ".
    const ticks = Number(fields[11]) + Number(fields[12]);
    // USER_HZ is 100 on every mainstream Linux build.
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `intervalMs` and keeps the peak. */
export class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 50,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): void {
    const rss = rssBytes(this.pid);
    if (rss !== null && rss > this.peak) this.peak = rss;
  }

  /** Stops sampling (after one last sample) and returns the peak in bytes. */
  stop(): number {
    this.sample();
    clearInterval(this.timer);
    return this.peak;
  }
}

/** Machine-wide CPU time from /proc/stat, in ms summed over all CPUs; null where unavailable. */
export function machineCpu(): { busyMs: number; stealMs: number; totalMs: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const [label, ...rest] = line.trim().split(/\s+/);
    if (label !== 'cpu') return null;
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
      rest.map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    return { busyMs: busy * 10, stealMs: steal * 10, totalMs: (busy + idle + iowait) * 10 };
  } catch {
    return null;
  }
}

/**
 * Tells how much CPU went to something other than the benchmark's own processes over a
 * period: other users of a shared machine make every figure noisier.
 */
export class MachineLoad {
  private readonly start = machineCpu();
  private readonly ownStart: number;

  constructor(private readonly pids: readonly number[]) {
    this.ownStart = this.ownMs();
  }

  private ownMs(): number {
    const bench = process.cpuUsage();
    let ms = (bench.user + bench.system) / 1000;
    for (const pid of this.pids) ms += cpuMs(pid) ?? 0;
    return ms;
  }

  /** Percentages of the machine's CPU capacity over the period; null where /proc is unavailable. */
  finish(): { otherPct: number; stealPct: number; ownPct: number } | null {
    const end = machineCpu();
    if (!this.start || !end) return null;
    const capacity = end.totalMs - this.start.totalMs;
    if (capacity <= 0) return null;
    const own = this.ownMs() - this.ownStart;
    const busy = end.busyMs - this.start.busyMs;
    const pct = (v: number) => Math.round((1000 * v) / capacity) / 10;
    return {
      ownPct: pct(own),
      otherPct: pct(Math.max(0, busy - own)),
      stealPct: pct(end.stealMs - this.start.stealMs),
    };
  }
}

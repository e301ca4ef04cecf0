/**
 * A Chromium performance trace of a page while something happens (all its threads: the main
 * thread, workers such as pdf.js's), saved for DevTools' Performance panel or Perfetto, and a
 * short summary: per thread, the JavaScript functions that took the most time (self time from
 * the sampling profiler) and the busiest trace events.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CDPSession, Page } from '@playwright/test';

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink',
  'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler',
];

interface TraceEvent {
  pid: number;
  tid: number;
  ph: string;
  name: string;
  ts: number;
  dur?: number;
  id?: string;
  args?: Record<string, unknown>;
}

/** Tracing that has started on a page; `stop` ends it and answers the events. */
export interface RunningTrace {
  stop(): Promise<TraceEvent[]>;
}

/** Starts tracing the page's renderer (its CDP session lives until `stop`). */
export async function startTrace(page: Page): Promise<RunningTrace> {
  const session: CDPSession = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  await session.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: CATEGORIES, excludedCategories: ['*'] },
  });
  return {
    async stop() {
      const complete = new Promise<void>((resolve) =>
        session.once('Tracing.tracingComplete', () => resolve()),
      );
      await session.send('Tracing.end');
      await complete;
      await session.detach();
      return events;
    },
  };
}

/** Writes the events as a trace file (`{ traceEvents }`), making its folder when needed. */
export function saveTrace(file: string, events: readonly TraceEvent[]): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ traceEvents: events }));
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber?: number };
  parent?: number;
}

/** Lines saying where each busy thread's time went. */
export function summarizeTrace(events: readonly TraceEvent[], top = 8): string[] {
  const threadNames = new Map<string, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') {
      threadNames.set(`${e.pid}:${e.tid}`, String((e.args as { name?: string })?.name ?? e.tid));
    }
  }
  // The sampling profiler: one profile per thread (by id), its nodes and samples in chunks.
  const profiles = new Map<
    string,
    { thread: string; nodes: Map<number, ProfileNode>; self: Map<number, number> }
  >();
  for (const e of events) {
    if (e.name !== 'Profile' && e.name !== 'ProfileChunk') continue;
    const key = `${e.pid}:${e.id}`;
    let profile = profiles.get(key);
    if (!profile) {
      profile = { thread: `${e.pid}:${e.tid}`, nodes: new Map(), self: new Map() };
      profiles.set(key, profile);
    }
    const data = (
      e.args as {
        data?: { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] };
      }
    )?.data;
    for (const node of data?.cpuProfile?.nodes ?? []) profile.nodes.set(node.id, node);
    const samples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      const id = samples[i] as number;
      profile.self.set(id, (profile.self.get(id) ?? 0) + Math.max(0, deltas[i + 1] ?? deltas[i] ?? 0));
    }
  }
  const lines: string[] = [];
  for (const profile of profiles.values()) {
    const byFunction = new Map<string, number>();
    let total = 0;
    for (const [id, us] of profile.self) {
      const frame = profile.nodes.get(id)?.callFrame;
      const name = frame?.functionName || '(anonymous)';
      if (name === '(idle)') continue;
      const file = frame?.url ? frame.url.split('/').pop() : '';
      const key = file ? `${name} ${file}` : name;
      byFunction.set(key, (byFunction.get(key) ?? 0) + us);
      total += us;
    }
    if (total < 20_000) continue;
    const best = [...byFunction]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => `${name} ${(us / 1000).toFixed(0)}`);
    lines.push(
      `      ${threadNames.get(profile.thread) ?? profile.thread}: ${(total / 1000).toFixed(0)} ms busy; ms by function: ${best.join(', ')}`,
    );
  }
  // The busiest complete events per thread (layout, paint, GC, script, parsing …).
  const byEvent = new Map<string, Map<string, number>>();
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur || e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')
      continue;
    const thread = `${e.pid}:${e.tid}`;
    const perThread = byEvent.get(thread) ?? new Map<string, number>();
    perThread.set(e.name, (perThread.get(e.name) ?? 0) + e.dur);
    byEvent.set(thread, perThread);
  }
  for (const [thread, perThread] of byEvent) {
    const best = [...perThread].sort((a, b) => b[1] - a[1]).slice(0, top);
    if ((best[0]?.[1] ?? 0) < 20_000) continue;
    lines.push(
      `      ${threadNames.get(thread) ?? thread} events (ms, nested ones counted in their parents too): ${best
        .map(([name, us]) => `${name} ${(us / 1000).toFixed(0)}`)
        .join(', ')}`,
    );
  }
  return lines;
}

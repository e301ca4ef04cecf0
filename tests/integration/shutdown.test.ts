import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, type Json, waitFor } from './helpers/test-room';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Starts the real server entry point (from source, through tsx) as its own process. */
async function startProcess(
  dataDir: string,
): Promise<{ child: ChildProcess; url: string; adminCode: string | null; stderr: () => string }> {
  const ready = join(dataDir, `ready-${Date.now()}.json`);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'sync-server/room-server.ts',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--ready-file',
      ready,
      '--log-level',
      'warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  child.stdout?.resume();
  await waitFor(() => existsSync(ready) || child.exitCode !== null, 'server ready file', 20_000);
  if (!existsSync(ready)) throw new Error(`server exited: ${stderr}`);
  const info = JSON.parse(readFileSync(ready, 'utf8')) as { url: string; adminCode: string | null };
  return { child, url: info.url, adminCode: info.adminCode, stderr: () => stderr };
}

async function json(url: string, init: RequestInit & { token?: string; body?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(url, { ...init, headers });
  return (await res.json()) as Json;
}

describe('room server process', () => {
  it('shuts down on SIGTERM without losing an update, and starts again with everything', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'paperless-room-proc-'));
    dirs.push(dataDir);
    const first = await startProcess(dataDir);
    const api = `${first.url}/api/v1`;
    const staff = await json(`${api}/join`, {
      method: 'POST',
      body: JSON.stringify({ code: first.adminCode }),
    });
    const token = (staff as { token: string }).token;
    const meeting = await json(`${api}/meetings`, {
      method: 'POST',
      token,
      body: JSON.stringify({ title: 'Họp', startsAt: '2026-12-01T08:00:00+07:00' }),
    });
    const meetingId = (meeting as { meeting: { id: string } }).meeting.id;
    const p = await json(`${api}/meetings/${meetingId}/participants`, {
      method: 'POST',
      token,
      body: JSON.stringify({ name: 'Thư ký', role: 'secretary' }),
    });
    const pid = (p as { participant: { id: string } }).participant.id;
    const code = await json(`${api}/participants/${pid}/join-codes`, { method: 'POST', token, body: '{}' });
    const joined = await json(`${api}/join`, {
      method: 'POST',
      body: JSON.stringify({ code: (code as { code: string }).code }),
    });
    const secretaryToken = (joined as { token: string }).token;

    const writer = connectClient({ url: first.url }, `meeting/${meetingId}/minutes`, secretaryToken);
    const watcher = connectClient({ url: first.url }, `meeting/${meetingId}/minutes`, secretaryToken);
    await waitFor(() => writer.provider.synced && watcher.provider.synced, 'sync');
    for (let i = 0; i < 200; i++) writer.doc.getArray<number>('lines').push([i]);
    await waitFor(() => watcher.doc.getArray('lines').length === 200, 'broadcast');

    const exited = new Promise<number | null>((resolve) => first.child.on('exit', (code) => resolve(code)));
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    writer.provider.destroy();
    watcher.provider.destroy();

    const second = await startProcess(dataDir);
    expect(second.adminCode).toBeNull();
    const reader = connectClient(
      { url: second.url },
      `meeting/${meetingId}/minutes`,
      secretaryToken,
      new Y.Doc(),
    );
    await waitFor(() => reader.provider.synced, 'sync after restart');
    expect(reader.doc.getArray<number>('lines').toArray()).toEqual(Array.from({ length: 200 }, (_, i) => i));
    reader.provider.destroy();
    second.child.kill('SIGINT');
    await new Promise((resolve) => second.child.on('exit', resolve));
    expect(second.child.exitCode).toBe(0);
  }, 60_000);

  it('exits with a clear message on bad arguments', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'sync-server/room-server.ts', '--port', 'abc'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--port/);
    expect(stderr).toMatch(/Usage/);
  }, 30_000);
});

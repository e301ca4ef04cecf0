import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ROUTES } from '#common/http/route-table';
import { callRoute, connectClient, expectOk, waitFor } from './helpers/test-room';

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

describe('room server process', () => {
  it('shuts down on SIGTERM without losing an update, and starts again with everything', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'paperless-room-proc-'));
    dirs.push(dataDir);
    const first = await startProcess(dataDir);
    const url = first.url;
    if (!first.adminCode) throw new Error('a fresh data directory prints an admin code');
    const { token } = expectOk(await callRoute(url, ROUTES.join, { body: { code: first.adminCode } }));
    const meeting = await callRoute(url, ROUTES.createMeeting, {
      token,
      body: { title: 'Họp', startsAt: new Date(Date.now() + 9 * 86_400_000).toISOString() },
    });
    const meetingId = expectOk(meeting).meeting.id;
    const p = await callRoute(url, ROUTES.createParticipant, {
      token,
      params: { meetingId },
      body: { name: 'Thư ký', role: 'secretary' },
    });
    const pid = expectOk(p).participant.id;
    const code = await callRoute(url, ROUTES.createJoinCode, {
      token,
      params: { participantId: pid },
      body: {},
    });
    const joined = await callRoute(url, ROUTES.join, { body: { code: expectOk(code).code } });
    const secretaryToken = expectOk(joined).token;

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

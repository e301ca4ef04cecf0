import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { callRoute, expectOk } from '../integration/helpers/test-room';
import { startServerProcess } from './helpers/server-process';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts the real entry point (through tsx) with the test runner's umask (typically 022: world-readable). */
async function startProcess(dataDir: string, ready: string) {
  const server = await startServerProcess({ dataDir, readyFile: ready });
  cleanups.push(async () => {
    await server.stop();
  });
  return server;
}

const modeOf = (path: string) => statSync(path).mode & 0o777;
const octal = (mode: number) => `0${mode.toString(8)}`;

/** Every path the room server keeps private, with the mode it must have. */
function privatePaths(dataDir: string, ready: string): Record<string, string> {
  const modes: Record<string, string> = {
    [dataDir]: '0700',
    [ready]: '0600',
    [join(dataDir, 'room.sqlite')]: '0600',
    [join(dataDir, 'room-secret.key')]: '0600',
    [join(dataDir, 'blobs')]: '0700',
    [join(dataDir, 'tmp')]: '0700',
  };
  for (const suffix of ['-wal', '-shm']) {
    const path = join(dataDir, `room.sqlite${suffix}`);
    if (existsSync(path)) modes[path] = '0600';
  }
  for (const entry of readdirSync(join(dataDir, 'blobs'), { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    modes[path] = entry.isDirectory() ? '0700' : '0600';
  }
  return modes;
}

const actualModes = (expected: Record<string, string>) =>
  Object.fromEntries(Object.keys(expected).map((path) => [path, octal(modeOf(path))]));

async function uploadOne(url: string, adminCode: string | null): Promise<void> {
  if (!adminCode) throw new Error('a fresh data directory prints an admin code');
  const { token } = expectOk(await callRoute(url, ROUTES.join, { body: { code: adminCode } }));
  const created = await callRoute(url, ROUTES.createMeeting, {
    token,
    body: { title: 'Họp', startsAt: new Date(Date.now() + 9 * 86_400_000).toISOString() },
  });
  const meetingId = expectOk(created, 201).meeting.id;
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([200, 200]).drawText('secret', { x: 20, y: 100, size: 12, font });
  const bytes = new Uint8Array(await pdf.save());
  const uploaded = await callRoute(url, ROUTES.uploadDocument, {
    token,
    params: { meetingId },
    query: { fileName: 'mat.pdf' },
    body: bytes,
  });
  expectOk(uploaded, 201);
}

describe.skipIf(process.platform === 'win32')('file modes of the data directory', () => {
  it('creates the data directory 0700 and the database, WAL, room key, blobs and ready file 0600', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'paperless-room-modes-'));
    cleanups.push(() => rmSync(parent, { recursive: true, force: true }));
    const dataDir = join(parent, 'room');
    const ready = join(parent, 'ready.json');
    const server = await startProcess(dataDir, ready);
    await uploadOne(server.url, server.adminCode);

    const expected = privatePaths(dataDir, ready);
    expect(Object.keys(expected)).toContain(join(dataDir, 'room.sqlite-wal'));
    expect(Object.keys(expected).filter((p) => p.includes('blobs/')).length).toBeGreaterThanOrEqual(2);
    expect(actualModes(expected)).toEqual(expected);
    expect(await server.stop()).toBe(0);
  }, 180_000);

  it('tightens an existing install made world-readable by an older build', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'paperless-room-modes-'));
    cleanups.push(() => rmSync(parent, { recursive: true, force: true }));
    const dataDir = join(parent, 'room');
    const ready = join(parent, 'ready.json');
    const first = await startProcess(dataDir, ready);
    await uploadOne(first.url, first.adminCode);
    expect(await first.stop()).toBe(0);

    // What an older build left behind: everything readable by everyone.
    for (const path of Object.keys(privatePaths(dataDir, ready))) {
      chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
    }
    rmSync(ready);
    const second = await startProcess(dataDir, ready);
    const expected = privatePaths(dataDir, ready);
    expect(actualModes(expected)).toEqual(expected);
    expect(await second.stop()).toBe(0);
  }, 180_000);
});

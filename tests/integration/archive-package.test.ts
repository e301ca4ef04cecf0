import { spawnSync } from 'node:child_process';
import {
  createWriteStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ANNOTATIONS_MAP, writeAnnotation } from '#common/protocol/annotation-layer';
import { formatDocName } from '#common/protocol/doc-names';
import { ROUTES } from '#common/http/route-table';
import type { Annotation } from '#common/schemas/annotation';
import { AUDIT_LOG_PATH } from '../../sync-server/archive/audit-chain-file';
import { parseBagInfo } from '../../sync-server/archive/bagit/bag-verifier';
import { BagWriter } from '../../sync-server/archive/bagit/bag-writer';
import { ZipReader } from '../../sync-server/archive/bagit/zip-reader';
import { verifyMeetingPackage } from '../../sync-server/archive/package-verifier';
import { onePagePdf } from './helpers/one-page-pdf';
import {
  connectClient,
  expectOk,
  startTestRoom,
  type TestRoom,
  waitFor,
  uploadPdf,
} from './helpers/test-room';
import {
  newKey,
  newToken,
  openNewVote,
  setUpVotingMeeting,
  type VotingMeeting,
} from './helpers/voting-meeting';

/**
 * The archive package of a meeting made through the HTTP API of a real room server — documents
 * (one with two versions), a shared annotation, attendance, a read receipt, a closed named vote
 * and a closed secret vote — exported with `npm run archive -- export`, then verified by our
 * verifier and by `unzip` + `sha256sum -c`, and refused by name after a byte is flipped.
 */

const SETUP_TIMEOUT_MS = 120_000;
const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const cli = join(root, 'sync-server', 'archive', 'archive-cli.ts');

function archive(...args: string[]) {
  const res = spawnSync(tsx, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: res.status, out: `${res.stdout}${res.stderr}` };
}

async function upload(room: TestRoom, meetingId: string, text: string, title: string, agendaItemId: string) {
  return uploadPdf(room, meetingId, onePagePdf(text), { fileName: `${title}.pdf`, title, agendaItemId });
}

describe('the archive package of a meeting', () => {
  let room: TestRoom;
  let m: VotingMeeting;
  let dir: string;
  let zip: string;
  /** The package unzipped by Info-ZIP's unzip (set by the sha256sum test). */
  let bagDir = '';

  beforeAll(async () => {
    room = await startTestRoom();
    dir = mkdtempSync(join(tmpdir(), 'archive-package-'));
    zip = join(dir, 'package.zip');
    m = await setUpVotingMeeting(room.url, room.staffToken, 3);
    const first = await upload(room, m.meetingId, 'First draft', 'Tờ trình về bảng giá đất', m.itemId);
    await upload(room, m.meetingId, 'Second document', 'Báo cáo thẩm tra', m.itemId);
    expectOk(
      await room.call(ROUTES.uploadVersion, {
        token: room.staffToken,
        params: { documentId: first.id },
        query: { fileName: 'to-trinh-v2.pdf' },
        body: onePagePdf('Second draft'),
        headers: { 'content-type': 'application/pdf' },
      }),
      201,
    );
    expectOk(
      await room.call(ROUTES.publishMeeting, { token: room.staffToken, params: { meetingId: m.meetingId } }),
    );

    const reader = m.delegates[0]!;
    expectOk(
      await room.call(ROUTES.documentOpened, {
        token: reader.token,
        params: { documentId: first.id },
        body: { version: 2 },
      }),
    );

    // A shared note, written by a stock client and received back by a second one (so it is stored).
    const note: Annotation = {
      id: 'archive-note-0001',
      kind: 'note',
      page: 1,
      authorId: reader.id,
      authorName: reader.name,
      createdAt: '2026-11-20T02:00:00.000Z',
      updatedAt: '2026-11-20T02:00:00.000Z',
      at: { x: 300, y: 700 },
      text: 'Đề nghị làm rõ căn cứ',
      color: '#ffd400',
    };
    const name = formatDocName({
      kind: 'annotations',
      documentId: first.id,
      ownerId: reader.id,
      layer: 'shared',
    });
    const writer = connectClient(room, name, reader.token);
    const echo = connectClient(room, name, reader.token);
    try {
      await waitFor(() => writer.provider.synced && echo.provider.synced, 'layer synced', 15_000);
      writer.doc.transact(() => writeAnnotation(writer.doc, note, () => new Y.Map<unknown>()));
      await waitFor(() => echo.doc.getMap(ANNOTATIONS_MAP).has(note.id), 'note stored', 30_000);
    } finally {
      writer.provider.destroy();
      echo.provider.destroy();
    }

    const voters = [m.chair, ...m.delegates];
    const named = await openNewVote(room.url, m, { secrecy: 'named' });
    for (const v of voters) {
      expectOk(
        await room.call(ROUTES.castBallot, {
          token: v.token,
          params: { voteId: named.id },
          body: { idempotencyKey: newKey(), optionId: 'for' },
        }),
      );
    }
    expectOk(await room.call(ROUTES.closeVote, { token: m.chair.token, params: { voteId: named.id } }));
    const secret = await openNewVote(room.url, m, { secrecy: 'secret', title: 'Bầu cử kín' });
    for (const [i, v] of voters.entries()) {
      expectOk(
        await room.call(ROUTES.castBallot, {
          token: v.token,
          params: { voteId: secret.id },
          body: { idempotencyKey: newKey(), optionId: i === 0 ? 'against' : 'for', token: newToken() },
        }),
      );
    }
    expectOk(await room.call(ROUTES.closeVote, { token: m.chair.token, params: { voteId: secret.id } }));

    const exported = archive('export', '--data', room.dataDir, '--meeting', m.meetingId, '--out', zip);
    expect(exported.status, exported.out).toBe(0);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await room?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('verifies with our verifier, from the command line too', async () => {
    const result = await verifyMeetingPackage(zip);
    expect(result.problems).toEqual([]);
    expect(result.auditEntries).toBeGreaterThan(10);
    const cliResult = archive('verify', zip);
    expect(cliResult.status, cliResult.out).toBe(0);
    expect(cliResult.out).toMatch(/^valid/);
  });

  it('holds every version, the annotated copy, the records, the audit chain and the record-set metadata', async () => {
    const reader = await ZipReader.open(zip);
    const names = reader.entries.map((e) => e.name.replace(/^[^/]+\//, ''));
    await reader.close();
    expect(names.filter((n) => n.startsWith('data/')).sort()).toEqual([
      'data/annotated/1-to-trinh-ve-bang-gia-dat.pdf',
      'data/audit/audit-head.json',
      'data/audit/audit-log.jsonl',
      'data/documents/1-to-trinh-ve-bang-gia-dat/v1.pdf',
      'data/documents/1-to-trinh-ve-bang-gia-dat/v2.pdf',
      'data/documents/2-bao-cao-tham-tra/v1.pdf',
      'data/metadata/ho-so.xml',
      'data/records/attendance-ledger.csv',
      'data/records/attendance-ledger.json',
      'data/records/read-receipts.json',
      'data/records/speakers.json',
      'data/records/votes.json',
    ]);
  });

  it('passes sha256sum -c on the unzipped bag, and names a flipped byte afterwards', async () => {
    const out = mkdtempSync(join(dir, 'unzipped-'));
    const unzip = spawnSync('unzip', ['-q', zip, '-d', out], { encoding: 'utf8' });
    expect(unzip.status, unzip.stderr).toBe(0);
    const bag = join(out, `meeting-${m.meetingId}`);
    bagDir = bag;
    for (const manifest of ['manifest-sha256.txt', 'tagmanifest-sha256.txt']) {
      const check = spawnSync('sha256sum', ['-c', '--strict', manifest], { cwd: bag, encoding: 'utf8' });
      expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
    }

    const text = (p: string) => readFileSync(join(bag, p), 'utf8');
    const votes = JSON.parse(text('data/records/votes.json')) as {
      votes: {
        vote: { secrecy: string };
        record: { receipts: unknown[]; names: unknown[] };
        ballots: unknown[];
      }[];
    };
    const secretVote = votes.votes.find((v) => v.vote.secrecy === 'secret')!;
    expect(secretVote.record.receipts).toHaveLength(4);
    expect(secretVote.ballots).toEqual([]);
    for (const person of [m.chair, ...m.delegates])
      expect(JSON.stringify(secretVote)).not.toContain(person.id);
    const namedVote = votes.votes.find((v) => v.vote.secrecy === 'named')!;
    expect(namedVote.ballots).toHaveLength(4);
    expect(text('data/metadata/ho-so.xml')).toContain(
      '<TongSoVanBan ten="Tổng số văn bản trong hồ sơ">2</TongSoVanBan>',
    );
    expect(text('data/records/read-receipts.json')).toContain(m.delegates[0]!.id);
    expect(text('bag-info.txt')).toMatch(/^Audit-Chain-Head: \d+ [0-9a-f]{64}$/m);
    expect(
      readFileSync(join(bag, 'data/annotated/1-to-trinh-ve-bang-gia-dat.pdf')).toString('latin1'),
    ).toContain('/Annots');

    // Flip one byte of a stored document inside the zip.
    const reader = await ZipReader.open(zip);
    const entry = reader.entries.find((e) => e.name.endsWith('/data/documents/2-bao-cao-tham-tra/v1.pdf'))!;
    await reader.close();
    expect(entry.method).toBe(0);
    const tampered = join(dir, 'tampered.zip');
    const bytes = readFileSync(zip);
    const at = entry.localHeaderOffset + 30 + Buffer.byteLength(entry.name) + 20;
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    writeFileSync(tampered, bytes);
    const refused = archive('verify', tampered);
    expect(refused.status).toBe(1);
    expect(refused.out).toContain('hash mismatch: data/documents/2-bao-cao-tham-tra/v1.pdf');
    expect(refused.out).toContain('sai mã băm');
  });

  it('names the first bad entry of a forged audit row, even in a bag rebuilt around it', async () => {
    expect(bagDir).not.toBe('');
    const logPath = join(bagDir, 'data', AUDIT_LOG_PATH);
    const lines = readFileSync(logPath, 'utf8').trimEnd().split('\n');
    const victim = lines.findIndex((l) => (JSON.parse(l) as { action: string }).action === 'vote.close');
    expect(victim).toBeGreaterThan(0);
    const entry = JSON.parse(lines[victim]!) as { seq: number; payload: string };
    lines[victim] = JSON.stringify({
      ...entry,
      payload: entry.payload.replace('"passed":true', '"passed":false'),
    });
    expect(lines[victim]).not.toBe(JSON.stringify(entry));

    // Rebuild the bag from the unzipped files with the forged log: every manifest agrees with it.
    const forged = join(dir, 'forged.zip');
    const writer = new BagWriter(createWriteStream(forged), { bagName: 'forged', baggingDate: new Date() });
    await writer.start();
    const dataDir = join(bagDir, 'data');
    for (const rel of (readdirSync(dataDir, { recursive: true }) as string[]).sort()) {
      if (statSync(join(dataDir, rel)).isDirectory()) continue;
      await writer.addPayload(
        rel,
        rel === AUDIT_LOG_PATH ? `${lines.join('\n')}\n` : readFileSync(join(dataDir, rel)),
      );
    }
    const head = parseBagInfo(readFileSync(join(bagDir, 'bag-info.txt'), 'utf8')).find(
      ([label]) => label === 'Audit-Chain-Head',
    )!;
    await writer.finish([head]);

    const refused = archive('verify', forged);
    expect(refused.status, refused.out).toBe(1);
    expect(refused.out).toContain(`audit chain broken: first bad entry ${entry.seq} `);
    expect(refused.out).not.toContain('hash mismatch');
  });
});

import { execFile, spawnSync } from 'node:child_process';
import {
  cpSync,
  createWriteStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ANNOTATIONS_MAP, writeAnnotation } from '#common/protocol/annotation-layer';
import { formatDocName } from '#common/protocol/doc-names';
import { ROUTES } from '#common/http/route-table';
import type { Annotation } from '#common/schemas/annotation';
import { MINUTES_RECORDS_FORMAT, MinutesRecordsSchema } from '#common/schemas/minutes-records';
import { AUDIT_LOG_PATH } from '../../sync-server/archive/audit-chain-file';
import { parseBagInfo } from '../../sync-server/archive/bagit/bag-verifier';
import { BagWriter } from '../../sync-server/archive/bagit/bag-writer';
import { ZipReader } from '../../sync-server/archive/bagit/zip-reader';
import { verifyMeetingPackage } from '../../sync-server/archive/package-verifier';
import { onePagePdf } from './helpers/one-page-pdf';
import { readPagesRaw } from './helpers/pdf-items';
import {
  connectClient,
  expectError,
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
 * and a closed secret vote, minutes finalised by the chair — exported with `npm run archive --
 * export`, then verified by our verifier and by `unzip` + `sha256sum -c`, and refused by name
 * after a byte is flipped, a file removed or a file added. The minutes' DOCX and JSON routes
 * are read from the same meeting.
 */

const SETUP_TIMEOUT_MS = 120_000;
const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const cli = join(root, 'sync-server', 'archive', 'archive-cli.ts');

/**
 * Runs the archive CLI. Not spawnSync: the room server runs in this process, and a synchronous
 * child of several seconds stopped it too; when the wait ended, the server closed an idle
 * keep-alive socket just as the next request went out on it (`fetch failed: ECONNRESET`, once
 * in CI).
 */
function archive(...args: string[]): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    execFile(
      tsx,
      [cli, ...args],
      { cwd: root, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ status, out: `${stdout}${stderr}` });
      },
    );
  });
}

/** Exports one meeting of the room's data folder to `out` with the archive CLI. */
function exportMeeting(dataDir: string, meetingId: string, out: string) {
  // `--meeting=<id>`: an id may start with "-", which parseArgs would take for an option.
  return archive('export', '--data', dataDir, `--meeting=${meetingId}`, '--out', out);
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
  let registerNumber = '';
  /** A second meeting whose minutes nobody finalises. */
  let unfinished: VotingMeeting;

  beforeAll(async () => {
    room = await startTestRoom();
    dir = mkdtempSync(join(tmpdir(), 'archive-package-'));
    zip = join(dir, 'package.zip');
    m = await setUpVotingMeeting(room.url, room.staffToken, 3);
    unfinished = await setUpVotingMeeting(room.url, room.staffToken, 1);
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

    // The secretary puts the secret vote's result into the minutes; the chair finalises them.
    expectOk(
      await room.call(ROUTES.insertMinutesRecord, {
        token: m.secretary.token,
        params: { meetingId: m.meetingId },
        body: { kind: 'vote', refId: secret.id },
      }),
    );
    const finalised = expectOk(
      await room.call(ROUTES.finaliseMinutes, { token: m.chair.token, params: { meetingId: m.meetingId } }),
    );
    expect(finalised.state).toBe('final');
    registerNumber = finalised.registerNumber ?? '';
    expect(registerNumber).toMatch(/^\d{2,}\/BB-/);

    const exported = await exportMeeting(room.dataDir, m.meetingId, zip);
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
    const cliResult = await archive('verify', zip);
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
      'data/minutes/bien-ban.docx',
      'data/minutes/bien-ban.json',
      'data/minutes/bien-ban.pdf',
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
    // Two documents and the minutes, whose register number is their "số và ký hiệu".
    const hoSo = text('data/metadata/ho-so.xml');
    expect(hoSo).toContain('<TongSoVanBan ten="Tổng số văn bản trong hồ sơ">3</TongSoVanBan>');
    expect(hoSo).toContain(`<SoVaKyHieu ten="Số và ký hiệu văn bản">${registerNumber}</SoVaKyHieu>`);
    expect(hoSo).toContain('<TenLoaiVanBan ten="Tên loại văn bản">Biên bản</TenLoaiVanBan>');
    expect(hoSo).toContain('<TepTin ten="Tệp tin">data/minutes/bien-ban.pdf</TepTin>');
    const minutesPages = Number(
      /Pages:\s+(\d+)/.exec(
        spawnSync('pdfinfo', [join(bag, 'data/minutes/bien-ban.pdf')], { encoding: 'utf8' }).stdout,
      )?.[1],
    );
    expect(minutesPages).toBeGreaterThan(0);
    expect(hoSo).toContain(`<SoLuongTrang ten="Số lượng trang của hồ sơ">${2 + minutesPages}</SoLuongTrang>`);
    const bagInfo = text('bag-info.txt');
    expect(bagInfo).toContain('Document-Count: 3\n');
    expect(bagInfo).toContain('Minutes-State: final\n');
    expect(bagInfo).toContain(`Minutes-Register-Number: ${registerNumber}\n`);

    // The minutes: PDF/A-2b, a DOCX, and the JSON with the records (the secret vote without names).
    const pdfa = readFileSync(join(bag, 'data/minutes/bien-ban.pdf')).toString('latin1');
    expect(pdfa).toContain('pdfaid:part');
    const minutesText = spawnSync('pdftotext', [join(bag, 'data/minutes/bien-ban.pdf'), '-'], {
      encoding: 'utf8',
    }).stdout;
    expect(minutesText).toContain(`Số: ${registerNumber}`);
    expect(minutesText).toContain('Bầu cử kín');
    expect(readFileSync(join(bag, 'data/minutes/bien-ban.docx')).subarray(0, 2).toString()).toBe('PK');
    const minutesJson = MinutesRecordsSchema.parse(JSON.parse(text('data/minutes/bien-ban.json')));
    expect(minutesJson.format).toBe(MINUTES_RECORDS_FORMAT);
    expect(minutesJson.minutes.registerNumber).toBe(registerNumber);
    expect(minutesJson.records.votes).toEqual(votes);
    const secretInJson = minutesJson.records.votes.votes.find((v) => v.vote.secrecy === 'secret')!;
    for (const person of [m.chair, ...m.delegates])
      expect(JSON.stringify(secretInJson)).not.toContain(person.id);
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
    const refused = await archive('verify', tampered);
    expect(refused.status).toBe(1);
    expect(refused.out).toContain('hash mismatch: data/documents/2-bao-cao-tham-tra/v1.pdf');
    expect(refused.out).toContain('sai mã băm');
  });

  it('names a removed and an added file, and sha256sum -c fails on them too', async () => {
    expect(bagDir).not.toBe('');
    /** Zips a copy of the unzipped bag after `change`, with its manifests untouched. */
    const rezip = (name: string, change: (bag: string) => void) => {
      const root = mkdtempSync(join(dir, `${name}-`));
      const bag = join(root, 'bag');
      cpSync(bagDir, bag, { recursive: true });
      change(bag);
      const out = join(dir, `${name}.zip`);
      const zipped = spawnSync('zip', ['-q', '-r', '-0', out, 'bag'], { cwd: root, encoding: 'utf8' });
      expect(zipped.status, zipped.stderr).toBe(0);
      return { out, bag };
    };

    const removed = rezip('removed', (bag) => unlinkSync(join(bag, 'data/minutes/bien-ban.docx')));
    const refusedRemoved = await archive('verify', removed.out);
    expect(refusedRemoved.status).toBe(1);
    expect(refusedRemoved.out).toContain('missing file: data/minutes/bien-ban.docx');
    expect(refusedRemoved.out).toContain('thiếu tệp: data/minutes/bien-ban.docx');
    const sumRemoved = spawnSync('sha256sum', ['-c', '--strict', 'manifest-sha256.txt'], {
      cwd: removed.bag,
      encoding: 'utf8',
    });
    expect(sumRemoved.status).not.toBe(0);

    const added = rezip('added', (bag) =>
      writeFileSync(join(bag, 'data/minutes/ghi-chu-them.txt'), 'thêm\n'),
    );
    const refusedAdded = await archive('verify', added.out);
    expect(refusedAdded.status).toBe(1);
    expect(refusedAdded.out).toContain('extra file: data/minutes/ghi-chu-them.txt');
    expect(refusedAdded.out).toContain('tệp thừa: data/minutes/ghi-chu-them.txt');

    // The unchanged copy, zipped the same way, still verifies: the refusals are the changes'.
    const same = rezip('same', () => {});
    const accepted = await archive('verify', same.out);
    expect(accepted.status, accepted.out).toBe(0);
  }, 180_000);

  it('serves the minutes as DOCX and JSON to the chair, and neither to a delegate before they are published', async () => {
    const docx = expectOk(
      await room.call(ROUTES.minutesDocx, { token: m.chair.token, params: { meetingId: m.meetingId } }),
    );
    expect(Buffer.from(docx.subarray(0, 2)).toString()).toBe('PK');
    const json = expectOk(
      await room.call(ROUTES.minutesJson, { token: m.chair.token, params: { meetingId: m.meetingId } }),
    );
    expect(json.minutes.state).toBe('final');
    expect(json.minutes.registerNumber).toBe(registerNumber);
    expect(json.minutes.content.blocks.some((b) => b.type === 'record' && b.record.kind === 'vote')).toBe(
      true,
    );
    expect(json.records.votes.votes).toHaveLength(2);
    expect(json.records.attendance.events.length).toBeGreaterThan(0);
    const secretVote = json.records.votes.votes.find((v) => v.vote.secrecy === 'secret')!;
    expect(secretVote.record?.receipts).toHaveLength(4);
    expect(secretVote.ballots).toEqual([]);

    const delegate = m.delegates[0]!.token;
    for (const route of [ROUTES.minutesDocx, ROUTES.minutesJson]) {
      const refused = expectError(
        await room.call(route, { token: delegate, params: { meetingId: m.meetingId } }),
        403,
        'forbidden',
      );
      expect(refused.reason).toBe('minutes_export_forbidden');
    }
  });

  it('exports a meeting whose minutes are not finalised with every minutes file marked as a draft', async () => {
    const other = unfinished;
    const draftZip = join(dir, 'draft.zip');
    const exported = await exportMeeting(room.dataDir, other.meetingId, draftZip);
    expect(exported.status, exported.out).toBe(0);
    expect((await verifyMeetingPackage(draftZip)).problems).toEqual([]);
    const out = mkdtempSync(join(dir, 'draft-'));
    expect(spawnSync('unzip', ['-q', draftZip, '-d', out]).status).toBe(0);
    const bag = join(out, `meeting-${other.meetingId}`);
    const bagInfo = readFileSync(join(bag, 'bag-info.txt'), 'utf8');
    expect(bagInfo).toContain('Minutes-State: draft\n');
    expect(bagInfo).not.toContain('Minutes-Register-Number');
    expect(bagInfo).toMatch(/^Export-Note: The minutes are a draft.*BẢN NHÁP/m);

    // The watermark runs along the diagonal: pdf.js reads it back whole (pdftotext would not).
    const pages = await readPagesRaw(new Uint8Array(readFileSync(join(bag, 'data/minutes/bien-ban.pdf'))));
    expect(pages.length).toBeGreaterThanOrEqual(1);
    for (const [i, items] of pages.entries()) {
      expect(
        items.some((t) => t.str === 'BẢN NHÁP / DRAFT'),
        `watermark on page ${i + 1}`,
      ).toBe(true);
    }
    const docx = unzipSync(readFileSync(join(bag, 'data/minutes/bien-ban.docx')));
    const headers = Object.keys(docx).filter((n) => /^word\/header\d+\.xml$/.test(n));
    expect(headers.length).toBeGreaterThanOrEqual(2);
    for (const h of headers) expect(strFromU8(docx[h]!), h).toContain('BẢN NHÁP');
    const json = MinutesRecordsSchema.parse(
      JSON.parse(readFileSync(join(bag, 'data/minutes/bien-ban.json'), 'utf8')),
    );
    expect(json.minutes.state).toBe('draft');
    expect(json.minutes.registerNumber).toBeNull();
    expect(readFileSync(join(bag, 'data/metadata/ho-so.xml'), 'utf8')).toContain(
      '(bản nháp, chưa được chủ tọa thông qua)',
    );
  }, 120_000);

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

    const refused = await archive('verify', forged);
    expect(refused.status, refused.out).toBe(1);
    expect(refused.out).toContain(`audit chain broken: first bad entry ${entry.seq} `);
    expect(refused.out).not.toContain('hash mismatch');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ROUTES } from '#common/http/route-table';
import { formatDocName } from '#common/protocol/doc-names';
import type { ArchiveExport } from '#common/schemas/archive';
import { SNIPPET_MARK_END, SNIPPET_MARK_START } from '#common/schemas/document';
import { MINUTES_FRAGMENT } from '#common/schemas/minutes';
import { emptyPagesPdf, onePagePdf } from './helpers/one-page-pdf';
import {
  connectClient,
  expectError,
  expectOk,
  startTestRoom,
  type TestRoom,
  uploadPdf,
  waitFor,
} from './helpers/test-room';

/**
 * The archivist's routes on a real room server: who may use them, search over a past
 * meeting's minutes and documents by the meeting search's phrase rules, an export job whose
 * progress only grows until its package is complete, and verification that names a flipped byte.
 */

const SETUP_TIMEOUT_MS = 60_000;
/** Words of the minutes, written with their diacritics by a secretary's client. */
const MINUTES_SENTENCE = 'Biên bản kết luận: thống nhất giải ngân vốn đầu tư công năm 2027.';

const marked = (snippet: string) =>
  [
    ...snippet.matchAll(new RegExp(`${SNIPPET_MARK_START}([^${SNIPPET_MARK_END}]*)${SNIPPET_MARK_END}`, 'g')),
  ].map((m) => m[1]);

describe('archive routes', () => {
  let room: TestRoom;
  let meetingId: string;
  let otherMeetingId: string;
  let archivist: { id: string; token: string };
  let otherArchivist: { id: string; token: string };
  let delegate: { id: string; token: string };
  let chair: { id: string; token: string };
  let exportJob: ArchiveExport;

  beforeAll(async () => {
    room = await startTestRoom();
    meetingId = await room.createMeeting('Phiên họp tháng 10 về đầu tư công');
    otherMeetingId = await room.createMeeting('Cuộc họp khác');
    // Typed without diacritics in the document: a search typed with them must still find it.
    await uploadPdf(room, meetingId, onePagePdf('Ke hoach giai ngan von dau tu cong nam 2027'), {
      fileName: 'ke-hoach.pdf',
      title: 'Kế hoạch giải ngân',
    });
    // A larger one, so the export takes more than one step.
    await uploadPdf(room, meetingId, emptyPagesPdf(400, 'archive-bulk'), {
      fileName: 'phu-luc.pdf',
      title: 'Phụ lục',
    });
    chair = await room.addMember(meetingId, 'chair');
    const secretary = await room.addMember(meetingId, 'secretary');
    archivist = await room.addMember(meetingId, 'archivist');
    delegate = await room.addMember(meetingId, 'delegate');
    otherArchivist = await room.addMember(otherMeetingId, 'archivist');
    expectOk(await room.call(ROUTES.publishMeeting, { token: room.staffToken, params: { meetingId } }));
    expectOk(await room.call(ROUTES.startSession, { token: chair.token, params: { meetingId } }));

    // The secretary writes the minutes draft as the editor would: a paragraph of the fragment.
    const client = connectClient(room, formatDocName({ kind: 'minutes', meetingId }), secretary.token);
    await waitFor(() => client.provider.synced, 'the minutes document to sync');
    client.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(MINUTES_SENTENCE)]);
      const fragment = client.doc.getXmlFragment(MINUTES_FRAGMENT);
      fragment.insert(fragment.length, [paragraph]);
    });
    expectOk(await room.call(ROUTES.endSession, { token: chair.token, params: { meetingId } }));
    // The draft is in the update log once the server has stored the client's update.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = expectOk(
        await room.call(ROUTES.archiveSearch, { token: archivist.token, query: { q: 'ket luan' } }),
      );
      if (found.hits.some((h) => h.source === 'minutes')) break;
      if (Date.now() > deadline) throw new Error('the minutes draft never reached the archive search');
      await new Promise((r) => setTimeout(r, 50));
    }
    client.provider.destroy();
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await room?.destroy();
  });

  it('is for archivists and the secretariat only, each within their meetings', async () => {
    expectError(await room.call(ROUTES.archiveMeetings, { token: delegate.token }), 403, 'forbidden');
    expectError(await room.call(ROUTES.archiveMeetings), 401, 'unauthenticated');
    expectError(
      await room.call(ROUTES.archiveSearch, { token: delegate.token, query: { q: 'giải ngân' } }),
      403,
      'forbidden',
    );
    // Another meeting's archivist: not theirs, answered as if it did not exist.
    expectError(
      await room.call(ROUTES.startArchiveExport, { token: otherArchivist.token, params: { meetingId } }),
      404,
      'not_found',
    );
    const theirs = expectOk(await room.call(ROUTES.archiveMeetings, { token: otherArchivist.token }));
    expect(theirs.meetings).toEqual([]);
    const staff = expectOk(await room.call(ROUTES.archiveMeetings, { token: room.staffToken }));
    expect(staff.meetings.map((m) => m.meeting.id)).toEqual([meetingId]);
    const mine = expectOk(await room.call(ROUTES.archiveMeetings, { token: archivist.token }));
    expect(mine.meetings).toHaveLength(1);
    expect(mine.meetings[0]).toMatchObject({ documents: 2, pages: 401 });
    const found = expectOk(
      await room.call(ROUTES.archiveSearch, { token: otherArchivist.token, query: { q: 'giải ngân' } }),
    );
    expect(found.hits).toEqual([]);
  });

  it('finds a phrase in the minutes and in a document, diacritics and case aside, in order only', async () => {
    // Typed with diacritics: the document (written without them) and the minutes.
    const typed = expectOk(
      await room.call(ROUTES.archiveSearch, { token: archivist.token, query: { q: 'GIẢI NGÂN vốn' } }),
    );
    const minutes = typed.hits.find((h) => h.source === 'minutes');
    const page = typed.hits.find((h) => h.source === 'document');
    expect(minutes).toMatchObject({ meetingId, page: null, documentId: null });
    expect(marked(minutes!.snippet)).toEqual(['giải', 'ngân', 'vốn']);
    expect(page).toMatchObject({ meetingId, title: 'Kế hoạch giải ngân', page: 1 });
    expect(marked(page!.snippet)).toEqual(['giai', 'ngan', 'von']);
    // Typed without diacritics: the minutes, written with them.
    const bare = expectOk(
      await room.call(ROUTES.archiveSearch, { token: archivist.token, query: { q: 'bien ban ket luan' } }),
    );
    expect(bare.hits.map((h) => h.source)).toEqual(['minutes']);
    // The syllables must stand together, in the order typed; a syllable never matches part of one.
    for (const q of ['ngân giải', 'giải vốn', 'ket lua']) {
      const none = expectOk(await room.call(ROUTES.archiveSearch, { token: archivist.token, query: { q } }));
      expect(none.hits, q).toEqual([]);
    }
  });

  it('exports the package with progress that only grows, then serves and verifies it', async () => {
    exportJob = expectOk(
      await room.call(ROUTES.startArchiveExport, { token: archivist.token, params: { meetingId } }),
      202,
    );
    expect(exportJob.state).toBe('running');
    // Read the job as the route does, between every turn of the event loop the export yields.
    const desk = room.server.context.archive;
    const me = room.server.context.participants.get(archivist.id);
    const seen: ArchiveExport[] = [];
    const deadline = Date.now() + 60_000;
    for (;;) {
      const now = desk.exportJob(me, exportJob.id);
      seen.push(now);
      if (now.state !== 'running') break;
      if (Date.now() > deadline) throw new Error('the export did not finish within 60 s');
      await new Promise((r) => setImmediate(r));
    }
    const last = seen.at(-1)!;
    expect(last.state, JSON.stringify(last.failure)).toBe('done');
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.bytesDone).toBeGreaterThanOrEqual(seen[i - 1]!.bytesDone);
      expect(seen[i]!.filesDone).toBeGreaterThanOrEqual(seen[i - 1]!.filesDone);
    }
    expect(new Set(seen.map((s) => s.bytesDone)).size).toBeGreaterThan(2);
    expect(last.filesDone).toBe(last.filesTotal);
    expect(last.bytesDone).toBe(last.bytesTotal);
    // Over HTTP: done, in the list as the last export, downloadable, and valid.
    const polled = expectOk(
      await room.call(ROUTES.getArchiveExport, {
        token: archivist.token,
        params: { exportId: exportJob.id },
      }),
    );
    expect(polled.state).toBe('done');
    expectError(
      await room.call(ROUTES.getArchiveExport, {
        token: otherArchivist.token,
        params: { exportId: exportJob.id },
      }),
      404,
      'not_found',
    );
    const list = expectOk(await room.call(ROUTES.archiveMeetings, { token: archivist.token }));
    expect(list.meetings[0]?.lastExport?.id).toBe(exportJob.id);
    const zip = expectOk(
      await room.call(ROUTES.downloadArchiveExport, {
        token: archivist.token,
        params: { exportId: exportJob.id },
      }),
    );
    expect(zip.length).toBe(polled.zipBytes);
    const verified = expectOk(
      await room.call(ROUTES.verifyArchiveExport, {
        token: archivist.token,
        params: { exportId: exportJob.id },
      }),
    );
    expect(verified).toMatchObject({ ok: true, problems: [] });
    expect(verified.auditEntries).toBeGreaterThan(0);
    const uploaded = expectOk(
      await room.call(ROUTES.verifyArchiveUpload, { token: archivist.token, body: new Uint8Array(zip) }),
    );
    expect(uploaded.ok).toBe(true);
  });

  it('names the file whose byte was flipped', async () => {
    const zip = expectOk(
      await room.call(ROUTES.downloadArchiveExport, {
        token: archivist.token,
        params: { exportId: exportJob.id },
      }),
    );
    // The PDFs are stored uncompressed: the document's text stands in the zip as written.
    const at = Buffer.from(zip).indexOf('giai ngan');
    expect(at).toBeGreaterThan(0);
    const tampered = new Uint8Array(zip);
    tampered[at] = 'G'.charCodeAt(0);
    const result = expectOk(
      await room.call(ROUTES.verifyArchiveUpload, { token: archivist.token, body: tampered }),
    );
    expect(result.ok).toBe(false);
    const paths = result.problems.filter((p) => p.code === 'hash-mismatch').map((p) => p.path);
    expect(paths).toHaveLength(1);
    expect(paths[0]).toMatch(/^data\/documents\/\d+-ke-hoach-giai-ngan\/v1\.pdf$/);
  });

  it('answers an unknown export id with 404', async () => {
    expectError(
      await room.call(ROUTES.downloadArchiveExport, {
        token: archivist.token,
        params: { exportId: 'no-such-export' },
      }),
      404,
      'not_found',
    );
  });
});

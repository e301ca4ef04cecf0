import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MeetingDetailResponse } from '#common/schemas/api';
import { type MeetingDocument, MeetingDocumentSchema } from '#common/schemas/document';
import { MeetingSchema } from '#common/schemas/meeting';
import { ApiRequestError, type ApiClient } from '../../../renderer/src/lib/api';
import {
  type ForgetfulStorage,
  MeetingCopies,
  askForMeetingEarly,
  takeEarlyMeeting,
  withMeetingCopies,
} from '../../../renderer/src/lib/cache/meeting-copies';
import { MemoryDocumentCache } from '../../../renderer/src/lib/cache/memory-document-cache';
import { ReaderCopyIndex } from '../../../renderer/src/lib/cache/reader-copy-index';
import { removeConfidentialDocuments } from '../../../renderer/src/lib/cache/remove-confidential';

const SERVER = 'http://192.168.1.20:4780';
const MEETING_ID = 'meeting-1';
const NOW = '2026-11-20T08:00:00+07:00';

const hashOf = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(`%PDF-1.7 ${text}`);

class MapStorage implements ForgetfulStorage {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}

function document(id: string, bytes: Uint8Array, patch: Partial<MeetingDocument> = {}): MeetingDocument {
  return MeetingDocumentSchema.parse({
    id,
    meetingId: MEETING_ID,
    agendaItemId: null,
    title: `Tài liệu ${id}`,
    kind: 'bao_cao',
    classification: 'thuong',
    noExport: false,
    position: 0,
    sha256: hashOf(bytes),
    byteSize: bytes.byteLength,
    pageCount: 1,
    createdAt: NOW,
    version: 1,
    updatedAt: NOW,
    originalName: `${id}.pdf`,
    encrypted: false,
    ...patch,
  });
}

function detail(documents: MeetingDocument[]): MeetingDetailResponse {
  return {
    meeting: MeetingSchema.parse({
      id: MEETING_ID,
      title: 'Phiên họp thường kỳ tháng 11',
      body: 'ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN',
      type: 'regular',
      startsAt: NOW,
      endsAt: '2026-11-20T23:59:59+07:00',
      timeZone: 'Asia/Ho_Chi_Minh',
      place: 'Phòng họp số 1',
      status: 'published',
      createdAt: NOW,
      updatedAt: NOW,
      leadTimeWorkingDays: 3,
      publishedAt: NOW,
      publishedRevision: 1,
    }),
    agenda: [],
    documents,
  };
}

/** An API client whose getMeeting answers or fails as the test says; the rest is never called. */
function fakeApi(answer: () => Promise<MeetingDetailResponse>): ApiClient {
  const never = (): never => {
    throw new Error('not used here');
  };
  return {
    serverUrl: SERVER,
    health: never,
    join: never,
    getSession: never,
    leave: never,
    listMeetings: never,
    getMeeting: answer,
    search: never,
  };
}

const normal = document('doc-normal', bytesOf('normal'));
const secretV1 = document('doc-secret', bytesOf('secret v1'), { classification: 'mat' });
const secretV2 = document('doc-secret', bytesOf('secret v2'), { classification: 'mat', version: 2 });

describe('the meeting kept on the device', () => {
  it('stands in for GET /meetings/:m when the room server cannot be reached', async () => {
    const storage = new MapStorage();
    const copies = new MeetingCopies(storage, SERVER, 'participant-1');
    const online = withMeetingCopies(
      fakeApi(async () => detail([normal])),
      copies,
    );
    expect((await online.getMeeting(MEETING_ID)).documents).toEqual([normal]);

    // A reload with the server gone: a new client, the same storage.
    const offline = withMeetingCopies(
      fakeApi(() => Promise.reject(new ApiRequestError('network_error', 'fetch failed'))),
      new MeetingCopies(storage, SERVER, 'participant-1'),
    );
    expect(await offline.getMeeting(MEETING_ID)).toEqual(detail([normal]));
  });

  it('shares one request among the asks of one run, and sends a new one for a later ask', async () => {
    let sent = 0;
    let documents = [normal];
    const api = withMeetingCopies(
      fakeApi(async () => {
        sent += 1;
        return detail(documents);
      }),
      new MeetingCopies(new MapStorage(), SERVER, 'participant-1'),
    );
    // The panels of one render all ask at once: one request, one answer for all.
    const together = [api.getMeeting(MEETING_ID), api.getMeeting(MEETING_ID), api.getMeeting(MEETING_ID)];
    expect(sent).toBe(1);
    expect(new Set(together).size).toBe(1);
    await Promise.all(together);
    // The meeting changes while nothing is pending; the next ask is answered with the change.
    documents = [normal, secretV1];
    expect((await api.getMeeting(MEETING_ID)).documents).toEqual([normal, secretV1]);
    expect(sent).toBe(2);
    // An ask after the page's code ran on (a later change, perhaps) never gets an older request.
    const first = api.getMeeting(MEETING_ID);
    await Promise.resolve();
    const later = api.getMeeting(MEETING_ID);
    expect(later).not.toBe(first);
    expect(sent).toBe(4);
    await Promise.all([first, later]);
  });

  it('answers the first ask with the meeting asked for as the app started, once, and only for its server and token', async () => {
    let sent = 0;
    const server = fakeApi(async () => {
      sent += 1;
      return detail([normal]);
    });
    askForMeetingEarly(server, SERVER, 'token-a', MEETING_ID);
    expect(sent).toBe(1);
    // Another server or token (another session signed in meanwhile) does not get it.
    expect(takeEarlyMeeting('http://127.0.0.1:9999', 'token-a')).toBeNull();
    expect(takeEarlyMeeting(SERVER, 'token-b')).toBeNull();
    const early = takeEarlyMeeting(SERVER, 'token-a');
    expect(early?.meetingId).toBe(MEETING_ID);
    expect(takeEarlyMeeting(SERVER, 'token-a')).toBeNull();
    const copies = new MeetingCopies(new MapStorage(), SERVER, 'participant-1');
    const api = withMeetingCopies(server, copies, early);
    expect((await api.getMeeting(MEETING_ID)).documents).toEqual([normal]);
    expect(sent).toBe(1);
    // Kept on the device like any answer, and every later ask sends its own request.
    expect(copies.load(MEETING_ID)?.documents).toEqual([normal]);
    await api.getMeeting(MEETING_ID);
    expect(sent).toBe(2);
  });

  it('never stands in for a refusal, another participant or another server', async () => {
    const storage = new MapStorage();
    const copies = new MeetingCopies(storage, SERVER, 'participant-1');
    await withMeetingCopies(
      fakeApi(async () => detail([normal])),
      copies,
    ).getMeeting(MEETING_ID);

    const refused = new ApiRequestError('unauthenticated', 'revoked', 401);
    await expect(
      withMeetingCopies(
        fakeApi(() => Promise.reject(refused)),
        copies,
      ).getMeeting(MEETING_ID),
    ).rejects.toBe(refused);
    const unreachable = new ApiRequestError('timeout', 'no answer');
    for (const other of [
      new MeetingCopies(storage, SERVER, 'participant-2'),
      new MeetingCopies(storage, 'http://10.0.0.9:4780', 'participant-1'),
    ]) {
      await expect(
        withMeetingCopies(
          fakeApi(() => Promise.reject(unreachable)),
          other,
        ).getMeeting(MEETING_ID),
      ).rejects.toBe(unreachable);
    }
  });

  it('treats a damaged copy as none', async () => {
    const storage = new MapStorage();
    storage.setItem(`paperless.meetings.v1:${SERVER}:participant-1:${MEETING_ID}`, '{"meeting":');
    expect(new MeetingCopies(storage, SERVER, 'participant-1').load(MEETING_ID)).toBeNull();
  });

  it('records every confidential version that reached the device, and forgets it all on leaving', () => {
    const storage = new MapStorage();
    const copies = new MeetingCopies(storage, SERVER, 'participant-1');
    copies.save(detail([normal, secretV1]));
    copies.save(detail([normal, secretV2]));
    expect(copies.confidential()).toEqual({
      documentIds: ['doc-secret'],
      sha256: [secretV1.sha256, secretV2.sha256],
    });
    copies.forgetAll();
    expect(copies.load(MEETING_ID)).toBeNull();
    expect(copies.confidential()).toEqual({ documentIds: [], sha256: [] });
    expect(storage.map.size).toBe(0);
  });
});

describe('leaving removes the confidential documents from the device', () => {
  it('deletes every confidential version and its reader copy; other documents stay', async () => {
    const cache = new MemoryDocumentCache();
    const store = async (bytes: Uint8Array): Promise<string> => {
      const sha256 = hashOf(bytes);
      await cache.appendChunk(sha256, 0, bytes);
      await cache.commit(sha256, bytes.byteLength);
      return sha256;
    };
    const storage = new MapStorage();
    const copies = new MeetingCopies(storage, SERVER, 'participant-1');
    copies.save(detail([normal, secretV1]));
    await store(bytesOf('normal'));
    await store(bytesOf('secret v1'));
    await store(bytesOf('secret v2'));
    // A "no export" confidential document reaches the device only as the reader's stamped copy.
    const stamped = bytesOf('secret v2 stamped for participant-1');
    const readerCopies = new ReaderCopyIndex(storage, 'readerCopies');
    readerCopies.set('doc-secret', {
      sourceSha256: secretV2.sha256,
      sha256: await store(stamped),
      byteSize: stamped.byteLength,
    });
    // And one half-downloaded confidential file.
    await cache.appendChunk(secretV2.sha256.replace(/^./, 'f'), 0, bytesOf('partial'));

    const removed = await removeConfidentialDocuments({
      cache,
      ledger: copies.confidential(),
      documents: [
        normal,
        secretV2,
        document('doc-half', bytesOf('x'), {
          classification: 'mat',
          sha256: secretV2.sha256.replace(/^./, 'f'),
        }),
      ],
      readerCopies,
    });

    expect(removed).toHaveLength(4);
    expect((await cache.list()).map((entry) => entry.sha256)).toEqual([normal.sha256]);
    expect(new ReaderCopyIndex(storage, 'readerCopies').get('doc-secret', secretV2.sha256)).toBeNull();
  });

  it('reports a document the cache would not delete, after deleting the others', async () => {
    const cache = new MemoryDocumentCache();
    const bytes = bytesOf('secret v1');
    await cache.appendChunk(secretV1.sha256, 0, bytes);
    await cache.commit(secretV1.sha256, bytes.byteLength);
    const failing = Object.assign(Object.create(cache) as MemoryDocumentCache, {
      delete: async (sha256: string) => {
        if (sha256 === secretV2.sha256) throw new Error('disk says no');
        await cache.delete(sha256);
      },
    });
    await expect(
      removeConfidentialDocuments({
        cache: failing,
        ledger: { documentIds: [], sha256: [secretV2.sha256, secretV1.sha256] },
        documents: [],
        readerCopies: null,
      }),
    ).rejects.toThrow(/1 confidential document/);
    expect(await cache.has(secretV1.sha256)).toBe(false);
  });
});

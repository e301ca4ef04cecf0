import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ROUTES } from '#common/http/route-table';
import { liveDocName, minutesDocName } from '#common/protocol/doc-names';
import { LIVE_MAP, LiveKeys } from '#common/protocol/live-doc';
import { MINUTES_FRAGMENT, type RecordData } from '#common/schemas/minutes';
import { listAudit } from '../../sync-server/audit/audit-log';
import { readMinutesContent } from '../../sync-server/minutes/read-minutes-content';
import {
  connectClient,
  expectError,
  expectOk,
  startTestRoom,
  type TestRoom,
  waitFor,
} from './helpers/test-room';
import { newKey, openNewVote, setUpVotingMeeting, type VotingMeeting } from './helpers/voting-meeting';

let room: TestRoom;
let m: VotingMeeting;
let secretary2: { id: string; token: string };
const clients: ReturnType<typeof connectClient>[] = [];

const open = (token: string) => {
  const c = connectClient(room, minutesDocName(m.meetingId), token);
  clients.push(c);
  return c;
};
const synced = (c: ReturnType<typeof connectClient>) =>
  waitFor(() => c.provider.synced, 'the minutes to sync');
const fragment = (doc: Y.Doc) => doc.getXmlFragment(MINUTES_FRAGMENT);
const records = (doc: Y.Doc) =>
  fragment(doc)
    .toArray()
    .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'recordBlock');
const headings = (doc: Y.Doc) =>
  fragment(doc)
    .toArray()
    .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'heading')
    .map((h) =>
      h
        .toArray()
        .map((t) => (t as Y.XmlText).toString())
        .join(''),
    );

beforeAll(async () => {
  room = await startTestRoom();
  m = await setUpVotingMeeting(room.url, room.staffToken, 4, 4);
  secretary2 = await room.addMember(m.meetingId, 'secretary', { name: 'Thư ký Trần Văn C' });
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.provider.destroy();
  await room?.destroy();
});

describe('minutes: editing together', () => {
  it('seeds the Biên bản template once, with a heading per agenda item', async () => {
    const a = open(m.secretary.token);
    await synced(a);
    await waitFor(() => headings(a.doc).length > 0, 'the template');
    const hs = headings(a.doc);
    expect(hs).toContain('II. Nội dung cuộc họp');
    expect(hs).toContain('1. Dự thảo nghị quyết về bảng giá đất');
    expect(hs).toContain('III. Kết luận của chủ tọa');
    // A second client and a reload see one template, not two.
    const b = open(secretary2.token);
    await synced(b);
    expect(headings(b.doc)).toEqual(hs);
    a.provider.destroy();
    b.provider.destroy();
  });

  it('two secretaries typing at once converge, with both texts', async () => {
    const a = open(m.secretary.token);
    const b = open(secretary2.token);
    await Promise.all([synced(a), synced(b)]);
    a.provider.awareness.setLocalStateField('user', { name: 'Thư ký Lê Thị B', color: '#d33' });
    b.provider.awareness.setLocalStateField('user', { name: 'Thư ký Trần Văn C', color: '#33d' });
    const typeInto = (doc: Y.Doc, text: string) => {
      const p = new Y.XmlElement('paragraph');
      const t = new Y.XmlText();
      t.insert(0, text);
      p.insert(0, [t]);
      fragment(doc).insert(fragment(doc).length, [p]);
    };
    typeInto(a.doc, 'Ý kiến của thư ký A.');
    typeInto(b.doc, 'Ý kiến của thư ký B.');
    const both = (doc: Y.Doc) => {
      const text = JSON.stringify(readMinutesContent(fragment(doc)));
      return text.includes('thư ký A.') && text.includes('thư ký B.');
    };
    await waitFor(() => both(a.doc) && both(b.doc), 'both edits on both sides');
    expect(Y.encodeStateAsUpdate(a.doc)).toEqual(Y.encodeStateAsUpdate(b.doc));
    // Each sees the other's cursor owner, stamped by the server.
    await waitFor(() => a.provider.awareness.getStates().size >= 2, 'the other secretary’s presence');
    a.provider.destroy();
    b.provider.destroy();
  });
});

describe('minutes: record blocks', () => {
  let voteId = '';

  it('inserts a closed vote’s recorded figures, and refuses one still open', async () => {
    const vote = await openNewVote(room.url, m);
    voteId = vote.id;
    const refused = await room.call(ROUTES.insertMinutesRecord, {
      token: m.secretary.token,
      params: { meetingId: m.meetingId },
      body: { kind: 'vote', refId: voteId },
    });
    expect(expectError(refused, 409, 'conflict').reason).toBe('vote_not_closed');
    for (const d of m.delegates.slice(0, 3)) {
      expectOk(
        await room.call(ROUTES.castBallot, {
          token: d.token,
          params: { voteId },
          body: { idempotencyKey: newKey(), optionId: 'for' },
        }),
      );
    }
    const closed = expectOk(
      await room.call(ROUTES.closeVote, { token: m.chair.token, params: { voteId } }),
    ).vote;
    const a = open(m.secretary.token);
    await synced(a);
    const inserted = expectOk(
      await room.call(ROUTES.insertMinutesRecord, {
        token: m.secretary.token,
        params: { meetingId: m.meetingId },
        body: { kind: 'vote', refId: voteId, afterIndex: 0 },
      }),
      201,
    );
    await waitFor(() => records(a.doc).length === 1, 'the record block');
    const block = records(a.doc)[0]!;
    expect(fragment(a.doc).toArray().indexOf(block)).toBe(1);
    const data = JSON.parse(String(block.getAttribute('data'))) as RecordData;
    expect(data).toEqual(inserted.record);
    if (data.kind !== 'vote') throw new Error('not a vote block');
    expect(data.cast).toBe(closed.result?.cast);
    expect(data.options.find((o) => o.label === 'Tán thành')?.count).toBe(3);
    expect(data.passed).toBe(closed.result?.passed);
    a.provider.destroy();
  });

  it('a forged change of a record block’s figures from a raw client is not kept', async () => {
    const a = open(m.secretary.token);
    const b = open(secretary2.token);
    await Promise.all([synced(a), synced(b)]);
    await waitFor(() => records(a.doc).length === 1 && records(b.doc).length === 1, 'the block on both');
    const truth = String(records(a.doc)[0]!.getAttribute('data'));
    const forged = { ...(JSON.parse(truth) as Record<string, unknown>), passed: false, cast: 999 };
    records(a.doc)[0]!.setAttribute('data', JSON.stringify(forged));
    // A forged block of a record the server never wrote is removed.
    const fake = new Y.XmlElement('recordBlock');
    fake.setAttribute('kind', 'vote');
    fake.setAttribute('refId', 'invented-vote-id');
    fake.setAttribute('data', JSON.stringify(forged));
    fragment(a.doc).insert(0, [fake]);
    await waitFor(
      () =>
        records(a.doc).length === 1 &&
        records(b.doc).length === 1 &&
        records(a.doc)[0]!.getAttribute('data') === truth &&
        records(b.doc)[0]!.getAttribute('data') === truth,
      'the server to restore the recorded figures on both clients',
    );
    a.provider.destroy();
    b.provider.destroy();
  });

  it('refuses a delegate, and a chair, who try to insert a record', async () => {
    for (const token of [m.delegates[0]!.token, m.chair.token]) {
      const r = await room.call(ROUTES.insertMinutesRecord, {
        token,
        params: { meetingId: m.meetingId },
        body: { kind: 'attendance', refId: m.meetingId },
      });
      expect(expectError(r, 403, 'forbidden').reason).toBe('minutes_secretary_only');
    }
  });
});

describe('minutes: finalise, addendum, publish', () => {
  it('refuses finalising by a secretary, and publishing a draft', async () => {
    const r = await room.call(ROUTES.finaliseMinutes, {
      token: m.secretary.token,
      params: { meetingId: m.meetingId },
    });
    expect(expectError(r, 403, 'forbidden').reason).toBe('minutes_chair_only');
    const p = await room.call(ROUTES.publishMinutes, {
      token: m.chair.token,
      params: { meetingId: m.meetingId },
    });
    expect(expectError(p, 409, 'conflict').reason).toBe('minutes_not_final');
  });

  it('freezes the text: stored JSON hashed into the audit, writers refused, addendum offered', async () => {
    const writer = open(m.secretary.token);
    await synced(writer);
    const before = readMinutesContent(fragment(writer.doc));
    const status = expectOk(
      await room.call(ROUTES.finaliseMinutes, { token: m.chair.token, params: { meetingId: m.meetingId } }),
    );
    expect(status.state).toBe('final');
    expect(status.registerNumber).toMatch(/^01\/BB-/);
    const final = room.server.context.minutes.final(m.meetingId);
    expect(final?.content).toEqual(before);
    const hash = createHash('sha256')
      .update(final?.json ?? '', 'utf8')
      .digest('hex');
    expect(final?.sha256).toBe(hash);
    const entry = listAudit(room.server.context.db, m.meetingId).find((e) => e.action === 'minutes.finalise');
    expect(JSON.parse(entry?.payload ?? '{}')).toMatchObject({ sha256: hash });
    // The open writer socket lost write access: its next edit closes it (1008), nothing stored.
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('Sửa sau khi chốt')]);
    fragment(writer.doc).insert(0, [p]);
    await waitFor(() => writer.closes.some((c) => c.code === 1008), 'the writer socket to be closed');
    writer.provider.destroy();
    const reader = open(secretary2.token);
    await synced(reader);
    expect(JSON.stringify(readMinutesContent(fragment(reader.doc)))).not.toContain('Sửa sau khi chốt');
    reader.provider.destroy();
    const refused = await room.call(ROUTES.insertMinutesRecord, {
      token: m.secretary.token,
      params: { meetingId: m.meetingId },
      body: { kind: 'attendance', refId: m.meetingId },
    });
    expect(expectError(refused, 409, 'conflict').reason).toBe('minutes_final');
    const added = expectOk(
      await room.call(ROUTES.addMinutesAddendum, {
        token: m.secretary.token,
        params: { meetingId: m.meetingId },
        body: { text: 'Đính chính: số phiếu tán thành là 3.' },
      }),
      201,
    );
    expect(added.addenda.map((a) => a.text)).toEqual(['Đính chính: số phiếu tán thành là 3.']);
    expect(room.server.context.minutes.final(m.meetingId)?.sha256).toBe(hash);
  });

  it('publishing lets a delegate open the minutes, live', async () => {
    const delegate = connectClient(room, minutesDocName(m.meetingId), m.delegates[0]!.token);
    clients.push(delegate);
    await waitFor(() => delegate.closes.length > 0, 'the delegate to be refused before publication');
    delegate.provider.destroy();
    const status = expectOk(
      await room.call(ROUTES.publishMinutes, { token: m.chair.token, params: { meetingId: m.meetingId } }),
    );
    expect(status.state).toBe('published');
    // Every screen learns of it live: the live document carries the state.
    const live = connectClient(room, liveDocName(m.meetingId), m.delegates[0]!.token);
    clients.push(live);
    await waitFor(() => live.doc.getMap(LIVE_MAP).get(LiveKeys.minutes) === 'published', 'the live state');
    live.provider.destroy();
    const again = open(m.delegates[0]!.token);
    await synced(again);
    expect(records(again.doc)).toHaveLength(1);
    const seen = expectOk(
      await room.call(ROUTES.minutesStatus, {
        token: m.delegates[0]!.token,
        params: { meetingId: m.meetingId },
      }),
    );
    expect(seen.addenda).toHaveLength(1);
    again.provider.destroy();
  });

  it('never seeds the template twice, across a restart', async () => {
    const dataDir = room.dataDir;
    await room.stop();
    room = await startTestRoom({}, dataDir);
    const c = open(m.secretary.token);
    await synced(c);
    const hs = headings(c.doc);
    expect(hs.filter((h) => h === 'II. Nội dung cuộc họp')).toHaveLength(1);
    c.provider.destroy();
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { LIVE_MAP, type LiveDocSnapshot, readLiveSnapshot } from '#common/protocol/live-doc';
import type { Role } from '#common/schemas/roles';
import { spokenSeconds } from '#common/schemas/session';
import { listAudit } from '../../sync-server/audit/audit-log';
import { DATABASE_FILE } from '../../sync-server/db/database';
import { readAttendanceFacts } from '../../sync-server/session/attendance-facts';
import { closedAfterEachTest } from './helpers/per-test';
import { expectError, expectOk, startTestRoom, type TestRoom, waitFor } from './helpers/test-room';

/**
 * A whole session over the HTTP API, watched through the live document by stock y-websocket
 * clients with presence: 30 delegates, a chair and a secretary; the quorum as people come and
 * go; proxies; the speaker list and its timer; the ledger exports; refusals and racing commands.
 */

const perTest = closedAfterEachTest();
const room = (dataDir?: string): Promise<TestRoom> => perTest.room({}, dataDir);

interface Person {
  readonly id: string;
  readonly token: string;
  readonly name: string;
}

/** A published meeting with two agenda items, a chair, a secretary and `delegates` delegates. */
async function meeting(r: TestRoom, delegates: number) {
  const m = await r.createMeeting('Kỳ họp thứ 12 Hội đồng nhân dân tỉnh');
  const items: string[] = [];
  for (const title of ['Báo cáo kinh tế - xã hội', 'Dự thảo nghị quyết ngân sách']) {
    const added = await r.call(ROUTES.createAgendaItem, {
      token: r.staffToken,
      params: { meetingId: m },
      body: { title },
    });
    items.push(expectOk(added, 201).item.id);
  }
  const add = async (role: Role, name: string): Promise<Person> => ({
    ...(await r.addMember(m, role, { name })),
    name,
  });
  const chair = await add('chair', 'Chủ tọa Nguyễn Văn Chủ');
  const secretary = await add('secretary', 'Thư ký Trần Thị Ghi');
  const people: Person[] = [];
  for (let i = 1; i <= delegates; i++)
    people.push(await add('delegate', `Đại biểu số ${String(i).padStart(2, '0')}`));
  return { m, items, chair, secretary, delegates: people };
}

async function publish(r: TestRoom, meetingId: string): Promise<void> {
  expectOk(await r.call(ROUTES.publishMeeting, { token: r.staffToken, params: { meetingId } }), 200);
}

/** A stock client on the meeting's live document, with presence set. */
function watch(r: TestRoom, meetingId: string, person: Person) {
  const c = perTest.client(r, `meeting/${meetingId}/live`, person.token);
  c.provider.awareness.setLocalState({ screen: 'session', name: person.name });
  return {
    ...c,
    live: (): LiveDocSnapshot => readLiveSnapshot(c.doc.getMap(LIVE_MAP)),
  };
}
type Watcher = ReturnType<typeof watch>;

/**
 * Resolves once the watcher's live document passes `check`: checked now and on every change of
 * the live map (a barrier on the document, no polling); fails after `timeoutMs`.
 */
function until(w: Watcher, check: (live: LiveDocSnapshot) => boolean, what: string, timeoutMs = 20_000) {
  const map = w.doc.getMap(LIVE_MAP);
  return new Promise<void>((resolve, reject) => {
    let finished = false;
    const finish = (error?: Error) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      map.unobserve(observer);
      if (error) reject(error);
      else resolve();
    };
    const observer = () => {
      if (check(w.live())) finish();
    };
    const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}`)), timeoutMs);
    map.observe(observer);
    observer();
  });
}

/** Waits until every watcher's live document passes `check`. */
async function everyoneSees(ws: readonly Watcher[], check: (live: LiveDocSnapshot) => boolean, what: string) {
  await Promise.all(ws.map((w) => until(w, check, what)));
}

describe('a full session with 30 delegates', () => {
  it('runs over the HTTP API, and every stock client sees state, quorum, speakers and the end', async () => {
    const r = await room();
    const { m, items, chair, secretary, delegates } = await meeting(r, 30);
    await publish(r, m);
    const [item1, item2] = items as [string, string];
    const everyone = [chair, secretary, ...delegates];
    const ws = everyone.map((p) => watch(r, m, p));
    await waitFor(() => ws.every((w) => w.provider.synced), 'all synced', 20_000);
    // Presence works beside the server-written document: the chair sees the others' states.
    await waitFor(
      () => ws[0]!.provider.awareness.getStates().size >= everyone.length,
      'presence of all',
      20_000,
    );

    const rules = await r.call(ROUTES.setSessionRules, {
      token: secretary.token,
      params: { meetingId: m },
      body: { quorum: { kind: 'more_than_half' }, proxiesAllowed: true, speakerLimits: { tranh_luan: 120 } },
    });
    expect(expectOk(rules, 200).rules).toMatchObject({
      proxiesAllowed: true,
      speakerLimits: { tranh_luan: 120 },
    });

    const started = expectOk(
      await r.call(ROUTES.startSession, { token: chair.token, params: { meetingId: m } }),
      200,
    );
    expect(started.session.state).toBe('in_session');
    await everyoneSees(
      ws,
      (l) => l.session?.state === 'in_session' && l.status === 'in_session',
      'session started',
    );

    // 31 members (chair + 30 delegates): more than half is 16.
    const quorumOf = (l: LiveDocSnapshot) => l.attendance?.quorum;
    await everyoneSees(ws, (l) => quorumOf(l)?.members === 31 && quorumOf(l)?.required === 16, 'quorum rule');
    expect(
      expectOk(await r.call(ROUTES.checkIn, { token: chair.token, params: { meetingId: m } }), 200).quorum,
    ).toMatchObject({ present: 1, met: false });
    for (const d of delegates.slice(0, 14)) {
      expectOk(await r.call(ROUTES.checkIn, { token: d.token, params: { meetingId: m } }), 200);
    }
    await everyoneSees(
      ws,
      (l) => quorumOf(l)?.present === 15 && quorumOf(l)?.met === false,
      '15/31: no quorum',
    );
    // The secretary is no member: checking in does not count.
    expectOk(await r.call(ROUTES.checkIn, { token: secretary.token, params: { meetingId: m } }), 200);
    expectOk(await r.call(ROUTES.checkIn, { token: delegates[14]!.token, params: { meetingId: m } }), 200);
    await everyoneSees(ws, (l) => quorumOf(l)?.present === 16 && quorumOf(l)?.met === true, '16/31: quorum');
    for (const d of delegates.slice(15, 28)) {
      expectOk(await r.call(ROUTES.checkIn, { token: d.token, params: { meetingId: m } }), 200);
    }
    await everyoneSees(ws, (l) => quorumOf(l)?.present === 29, '29 present');
    // People leave: the quorum follows.
    for (const d of delegates.slice(0, 13)) {
      const out = expectOk(await r.call(ROUTES.checkOut, { token: d.token, params: { meetingId: m } }), 200);
      expect(out.entry.status).toBe('left_early');
    }
    await everyoneSees(
      ws,
      (l) => quorumOf(l)?.present === 16 && quorumOf(l)?.met === true,
      '16 after 13 left',
    );
    expectOk(await r.call(ROUTES.checkOut, { token: delegates[13]!.token, params: { meetingId: m } }), 200);
    await everyoneSees(ws, (l) => quorumOf(l)?.present === 15 && quorumOf(l)?.met === false, 'quorum lost');
    // Each participant's status is public in the live document.
    await everyoneSees(
      ws,
      (l) =>
        l.attendance?.participants[delegates[0]!.id]?.status === 'left_early' &&
        l.attendance.participants[delegates[20]!.id]?.status === 'present' &&
        l.attendance.participants[delegates[29]!.id]?.status === 'absent',
      'statuses',
    );

    // The secretary marks one excused, one late; records a proxy of an absent member.
    expectOk(
      await r.call(ROUTES.markAttendance, {
        token: secretary.token,
        params: { participantId: delegates[29]!.id },
        body: { status: 'excused', reason: 'Đi công tác nước ngoài' },
      }),
      200,
    );
    expectOk(
      await r.call(ROUTES.markAttendance, {
        token: secretary.token,
        params: { participantId: delegates[13]!.id },
        body: { status: 'late' },
      }),
      200,
    );
    const proxy = expectOk(
      await r.call(ROUTES.setProxy, {
        token: secretary.token,
        params: { participantId: delegates[29]!.id },
        body: { holderId: delegates[20]!.id },
      }),
      200,
    );
    // The represented member is not present, but has a seat through the holder.
    expect(proxy.quorum).toMatchObject({ present: 16, represented: 1, met: true });
    const facts = readAttendanceFacts(r.server.context.db, m);
    expect(facts).toMatchObject({ members: 31, present: 16, quorum: { required: 16, met: true } });
    expect(facts.seats).toHaveLength(17);
    expect(facts.seats).toContainEqual({ memberId: delegates[29]!.id, holderId: delegates[20]!.id });
    await everyoneSees(
      ws,
      (l) => l.attendance?.participants[delegates[29]!.id]?.proxyHolderId === delegates[20]!.id,
      'proxy shown',
    );

    // The current item, then the floor.
    expectOk(
      await r.call(ROUTES.setCurrentItem, {
        token: chair.token,
        params: { meetingId: m },
        body: { itemId: item1 },
      }),
      200,
    );
    await everyoneSees(ws, (l) => l.currentItemId === item1 && l.speakers?.itemId === item1, 'current item');
    const kinds = ['phat_bieu', 'tranh_luan', 'chat_van', 'phat_bieu'] as const;
    const requests: string[] = [];
    for (const [i, kind] of kinds.entries()) {
      const req = await r.call(ROUTES.requestFloor, {
        token: delegates[15 + i]!.token,
        params: { meetingId: m },
        body: { kind },
      });
      requests.push(expectOk(req, 201).speaker.id);
    }
    // The chair adds someone who did not ask.
    const added = expectOk(
      await r.call(ROUTES.requestFloor, {
        token: chair.token,
        params: { meetingId: m },
        body: { kind: 'phat_bieu', participantId: delegates[25]!.id },
      }),
      201,
    );
    expect(added.speaker).toMatchObject({
      addedById: chair.id,
      participantId: delegates[25]!.id,
      position: 4,
    });
    await everyoneSees(ws, (l) => l.speakers?.queue.length === 5, 'queue of five');
    // Reorder: the last request goes first.
    const moved = expectOk(
      await r.call(ROUTES.moveSpeaker, {
        token: chair.token,
        params: { speakerId: added.speaker.id },
        body: { index: 0 },
      }),
      200,
    );
    expect(moved.speakers.map((s) => s.id)).toEqual([added.speaker.id, ...requests]);
    await everyoneSees(ws, (l) => l.speakers?.queue[0]?.id === added.speaker.id, 'reordered');
    // One withdraws, one is rejected.
    expectOk(
      await r.call(ROUTES.withdrawFloor, {
        token: delegates[18]!.token,
        params: { speakerId: requests[3]! },
      }),
      200,
    );
    expectOk(
      await r.call(ROUTES.rejectSpeaker, {
        token: chair.token,
        params: { speakerId: requests[2]! },
      }),
      200,
    );
    await everyoneSees(ws, (l) => l.speakers?.queue.length === 3, 'queue of three');

    // The floor: the timer starts with the kind's limit; granting the next ends the current speech.
    const first = expectOk(
      await r.call(ROUTES.grantFloor, {
        token: chair.token,
        params: { speakerId: added.speaker.id },
        body: {},
      }),
      200,
    );
    expect(first.speaker.timer).toMatchObject({
      limitSeconds: 420,
      pausedSeconds: 0,
      pausedAt: null,
      warningSeconds: 30,
    });
    await everyoneSees(ws, (l) => l.speakers?.current?.id === added.speaker.id, 'speaker on every screen');
    const paused = expectOk(
      await r.call(ROUTES.pauseSpeakerTimer, {
        token: chair.token,
        params: { speakerId: added.speaker.id },
      }),
      200,
    );
    expect(paused.speaker.timer?.pausedAt).not.toBeNull();
    await everyoneSees(
      ws,
      (l) => (l.speakers?.current?.timer.pausedAt ?? null) !== null,
      'timer paused everywhere',
    );
    // Every client computes the same remaining time from the same server times.
    const timers = ws.map((w) => w.live().speakers?.current?.timer);
    const remaining = timers.map((t) => (t ? t.limitSeconds - spokenSeconds(t, Date.now()) : -1));
    expect(new Set(remaining).size).toBe(1);
    const pausedTimer = paused.speaker.timer!;
    expect(remaining[0]).toBeCloseTo(
      420 - (Date.parse(pausedTimer.pausedAt!) - Date.parse(pausedTimer.startedAt)) / 1000,
      6,
    );
    expectOk(
      await r.call(ROUTES.resumeSpeakerTimer, {
        token: chair.token,
        params: { speakerId: added.speaker.id },
      }),
      200,
    );
    const second = expectOk(
      await r.call(ROUTES.grantFloor, {
        token: chair.token,
        params: { speakerId: requests[1]! },
        body: {},
      }),
      200,
    );
    expect(second.speaker.timer?.limitSeconds).toBe(120);
    const listed = expectOk(
      await r.call(ROUTES.listSpeakers, { token: delegates[0]!.token, params: { meetingId: m }, query: {} }),
      200,
    );
    const firstDone = listed.speakers.find((s) => s.id === added.speaker.id);
    expect(firstDone).toMatchObject({ status: 'done' });
    expect(firstDone?.spokenSeconds).toBeGreaterThanOrEqual(0);
    // The speaker yields the floor themself.
    expectOk(
      await r.call(ROUTES.finishSpeaker, {
        token: delegates[16]!.token,
        params: { speakerId: requests[1]! },
      }),
      200,
    );
    await everyoneSees(
      ws,
      (l) => l.speakers?.current === null && l.speakers.queue.length === 1,
      'floor free',
    );

    // The second item has its own queue.
    expectOk(
      await r.call(ROUTES.setCurrentItem, {
        token: chair.token,
        params: { meetingId: m },
        body: { itemId: item2 },
      }),
      200,
    );
    await everyoneSees(ws, (l) => l.currentItemId === item2 && l.speakers?.queue.length === 0, 'second item');
    const third = expectOk(
      await r.call(ROUTES.requestFloor, {
        token: delegates[16]!.token,
        params: { meetingId: m },
        body: { kind: 'chat_van' },
      }),
      201,
    );
    expectOk(
      await r.call(ROUTES.grantFloor, {
        token: chair.token,
        params: { speakerId: third.speaker.id },
        body: {},
      }),
      200,
    );

    // Pausing and resuming the session; ending it cuts the current speech short and keeps it.
    expectOk(await r.call(ROUTES.pauseSession, { token: chair.token, params: { meetingId: m } }), 200);
    await everyoneSees(
      ws,
      (l) => l.session?.state === 'paused' && l.speakers?.current?.timer.pausedAt != null,
      'paused',
    );
    expectOk(await r.call(ROUTES.resumeSession, { token: chair.token, params: { meetingId: m } }), 200);
    const ended = expectOk(
      await r.call(ROUTES.endSession, { token: chair.token, params: { meetingId: m } }),
      200,
    );
    expect(ended.session).toMatchObject({ state: 'ended' });
    expect(ended.session.endedAt).not.toBeNull();
    await everyoneSees(
      ws,
      (l) => l.session?.state === 'ended' && l.status === 'ended' && l.speakers?.current === null,
      'session ended',
    );
    const detail = expectOk(
      await r.call(ROUTES.getMeeting, { token: chair.token, params: { meetingId: m } }),
      200,
    );
    expect(detail.meeting.status).toBe('ended');

    // History for the minutes: three speeches over two items; per-delegate statistics.
    const history = expectOk(
      await r.call(ROUTES.speakerHistory, { token: secretary.token, params: { meetingId: m } }),
      200,
    );
    expect(history.items.map((i) => [i.itemId, i.speeches.map((s) => s.participantId)])).toEqual([
      [item1, [delegates[25]!.id, delegates[16]!.id]],
      [item2, [delegates[16]!.id]],
    ]);
    const stat = history.stats.find((s) => s.participantId === delegates[16]!.id);
    expect(stat).toMatchObject({ count: 2, byKind: { phat_bieu: 0, tranh_luan: 1, chat_van: 1 } });
    const spoken = history.items
      .flatMap((i) => i.speeches)
      .filter((s) => s.participantId === delegates[16]!.id);
    expect(stat?.totalSeconds).toBeCloseTo(
      spoken.reduce((sum, s) => sum + s.seconds, 0),
      1,
    );
    expect(history.stats[0]?.participantId).toBe(delegates[16]!.id);

    // The ledger: every arrival, departure, mark and proxy with its time; as JSON, CSV and PDF.
    const ledger = expectOk(
      await r.call(ROUTES.attendanceLedger, { token: secretary.token, params: { meetingId: m } }),
      200,
    );
    // The chair, 28 delegates and the secretary in, 14 out, 2 marks, 1 proxy.
    expect(ledger.events).toHaveLength(30 + 14 + 2 + 1);
    expect(ledger.events.filter((e) => e.kind === 'check_out').every((e) => e.status === 'left_early')).toBe(
      true,
    );
    const csv = expectOk(
      await r.call(ROUTES.attendanceLedgerCsv, { token: secretary.token, params: { meetingId: m } }),
      200,
    );
    expect([...csv.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder()
      .decode(csv)
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'STT;Thời gian;Họ và tên;Sự việc;Trạng thái;Lý do;Người nhận ủy quyền;Người ghi nhận',
    );
    expect(lines).toHaveLength(ledger.events.length + 1);
    expect(
      lines.some((l) => l.includes('Đại biểu số 30;Thư ký ghi nhận;Vắng có lý do;Đi công tác nước ngoài')),
    ).toBe(true);
    expect(
      lines.some((l) =>
        l.includes('Đại biểu số 30;Ủy quyền;Vắng có lý do;Đi công tác nước ngoài;Đại biểu số 21'),
      ),
    ).toBe(true);
    const pdf = expectOk(
      await r.call(ROUTES.attendanceLedgerPdf, { token: secretary.token, params: { meetingId: m } }),
      200,
    );
    const text = pdfText(pdf);
    expect(text).toContain('SỔ THEO DÕI ĐIỂM DANH');
    expect(text).toContain('Đại biểu số 30');
    expect(text).toContain('Vắng có lý do');
    expect(text).toMatch(/16\/31 thành viên có mặt/);
  }, 120_000);
});

/** The reason of a refusal with this status (fails on a success or another status). */
function refusal(
  res:
    | { readonly ok: true }
    | { readonly ok: false; readonly status: number; readonly error: { reason?: string | undefined } },
  status: number,
): string | undefined {
  if (res.ok) throw new Error(`expected a ${status} refusal, got a success`);
  expect(res.status).toBe(status);
  return res.error.reason;
}

/** The text of a PDF, as `pdftotext` reads it. */
function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-pdf-'));
  try {
    const file = join(dir, 'ledger.pdf');
    writeFileSync(file, bytes);
    const out = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`pdftotext failed: ${out.stderr}`);
    return out.stdout.normalize('NFC');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('refusals', () => {
  it('refuses commands from the wrong person with a reason, and records nothing', async () => {
    const r = await room();
    const { m, items, chair, secretary, delegates } = await meeting(r, 3);
    const [a, b, c] = delegates as [Person, Person, Person];
    // A draft meeting cannot start.
    const draft = expectError(
      await r.call(ROUTES.startSession, { token: chair.token, params: { meetingId: m } }),
      409,
      'conflict',
    );
    expect(draft.reason).toBe('session_meeting_draft');
    await publish(r, m);
    const before = listAudit(r.server.context.db, m).length;

    const chairOnly = [
      await r.call(ROUTES.startSession, { token: a.token, params: { meetingId: m } }),
      await r.call(ROUTES.endSession, { token: secretary.token, params: { meetingId: m } }),
      await r.call(ROUTES.setCurrentItem, {
        token: a.token,
        params: { meetingId: m },
        body: { itemId: items[0]! },
      }),
    ];
    for (const res of chairOnly) expect(refusal(res, 403)).toBe('chair_only');
    const mark = await r.call(ROUTES.markAttendance, {
      token: a.token,
      params: { participantId: b.id },
      body: { status: 'present' },
    });
    expect(expectError(mark, 403, 'forbidden').reason).toBe('attendance_keepers_only');
    const rules = await r.call(ROUTES.setSessionRules, {
      token: a.token,
      params: { meetingId: m },
      body: { proxiesAllowed: true },
    });
    expect(expectError(rules, 403, 'forbidden').reason).toBe('attendance_keepers_only');
    expect(
      expectError(
        await r.call(ROUTES.attendanceLedgerCsv, { token: a.token, params: { meetingId: m } }),
        403,
        'forbidden',
      ).reason,
    ).toBe('attendance_keepers_only');
    // Room staff attend nothing themselves.
    expect(
      expectError(
        await r.call(ROUTES.checkIn, { token: r.staffToken, params: { meetingId: m } }),
        403,
        'forbidden',
      ).reason,
    ).toBe('attendance_staff');
    // Nothing was recorded by any of these.
    expect(listAudit(r.server.context.db, m)).toHaveLength(before);

    expectOk(await r.call(ROUTES.startSession, { token: chair.token, params: { meetingId: m } }), 200);
    expect(
      expectError(
        await r.call(ROUTES.startSession, { token: chair.token, params: { meetingId: m } }),
        409,
        'conflict',
      ).reason,
    ).toBe('session_already_started');
    expect(
      expectError(
        await r.call(ROUTES.resumeSession, { token: chair.token, params: { meetingId: m } }),
        409,
        'conflict',
      ).reason,
    ).toBe('session_not_paused');
    // No current item yet.
    expect(
      expectError(
        await r.call(ROUTES.requestFloor, {
          token: a.token,
          params: { meetingId: m },
          body: { kind: 'phat_bieu' },
        }),
        409,
        'conflict',
      ).reason,
    ).toBe('no_current_item');
    // An item of another meeting.
    const other = await r.createMeeting('Cuộc họp khác');
    const foreign = expectOk(
      await r.call(ROUTES.createAgendaItem, {
        token: r.staffToken,
        params: { meetingId: other },
        body: { title: 'Mục khác' },
      }),
      201,
    ).item.id;
    expect(
      expectError(
        await r.call(ROUTES.setCurrentItem, {
          token: chair.token,
          params: { meetingId: m },
          body: { itemId: foreign },
        }),
        400,
        'bad_request',
      ).reason,
    ).toBe('item_not_in_meeting');
    expectOk(
      await r.call(ROUTES.setCurrentItem, {
        token: chair.token,
        params: { meetingId: m },
        body: { itemId: items[0]! },
      }),
      200,
    );

    // Speakers: only for oneself; only one's own request; the secretary is no member.
    expect(
      expectError(
        await r.call(ROUTES.requestFloor, {
          token: a.token,
          params: { meetingId: m },
          body: { kind: 'phat_bieu', participantId: b.id },
        }),
        403,
        'forbidden',
      ).reason,
    ).toBe('not_yourself');
    expect(
      expectError(
        await r.call(ROUTES.requestFloor, {
          token: secretary.token,
          params: { meetingId: m },
          body: { kind: 'phat_bieu' },
        }),
        403,
        'forbidden',
      ).reason,
    ).toBe('speaker_not_member');
    const mine = expectOk(
      await r.call(ROUTES.requestFloor, {
        token: a.token,
        params: { meetingId: m },
        body: { kind: 'phat_bieu' },
      }),
      201,
    ).speaker;
    expect(
      expectError(
        await r.call(ROUTES.requestFloor, {
          token: a.token,
          params: { meetingId: m },
          body: { kind: 'phat_bieu' },
        }),
        409,
        'conflict',
      ).reason,
    ).toBe('already_requested');
    expect(
      expectError(
        await r.call(ROUTES.withdrawFloor, { token: b.token, params: { speakerId: mine.id } }),
        403,
        'forbidden',
      ).reason,
    ).toBe('not_your_request');
    expect(
      expectError(
        await r.call(ROUTES.grantFloor, {
          token: a.token,
          params: { speakerId: mine.id },
          body: {},
        }),
        403,
        'forbidden',
      ).reason,
    ).toBe('chair_only');
    // A speaker request of another meeting is unknown here.
    expectError(
      await r.call(ROUTES.grantFloor, {
        token: chair.token,
        params: { speakerId: 'no-such-request' },
        body: {},
      }),
      404,
      'not_found',
    );
    expectOk(await r.call(ROUTES.pauseSession, { token: chair.token, params: { meetingId: m } }), 200);
    expect(
      expectError(
        await r.call(ROUTES.grantFloor, {
          token: chair.token,
          params: { speakerId: mine.id },
          body: {},
        }),
        409,
        'conflict',
      ).reason,
    ).toBe('session_paused');
    expectOk(await r.call(ROUTES.resumeSession, { token: chair.token, params: { meetingId: m } }), 200);

    // Attendance: twice in, out when not in, excused without a reason.
    expectOk(await r.call(ROUTES.checkIn, { token: a.token, params: { meetingId: m } }), 200);
    expect(
      expectError(await r.call(ROUTES.checkIn, { token: a.token, params: { meetingId: m } }), 409, 'conflict')
        .reason,
    ).toBe('already_present');
    expect(
      expectError(
        await r.call(ROUTES.checkOut, { token: b.token, params: { meetingId: m } }),
        409,
        'conflict',
      ).reason,
    ).toBe('not_present');
    const excused = expectError(
      await r.call(ROUTES.markAttendance, {
        token: secretary.token,
        params: { participantId: b.id },
        body: { status: 'excused' },
      }),
      400,
      'validation_failed',
    );
    expect(excused.reason).toBe('excused_needs_reason');

    // Proxies: not allowed by default; then self, chains, absent holders, a present member.
    const setProxy = (member: Person, holder: Person) =>
      r.call(ROUTES.setProxy, {
        token: secretary.token,
        params: { participantId: member.id },
        body: { holderId: holder.id },
      });
    expect(expectError(await setProxy(b, a), 409, 'conflict').reason).toBe('proxy_not_allowed');
    expectOk(
      await r.call(ROUTES.setSessionRules, {
        token: secretary.token,
        params: { meetingId: m },
        body: { proxiesAllowed: true },
      }),
      200,
    );
    expect(expectError(await setProxy(b, b), 409, 'conflict').reason).toBe('proxy_self');
    expect(expectError(await setProxy(b, c), 409, 'conflict').reason).toBe('proxy_holder_absent');
    expect(expectError(await setProxy(a, chair), 409, 'conflict').reason).toBe('proxy_member_present');
    expect(
      expectError(
        await r.call(ROUTES.setProxy, {
          token: secretary.token,
          params: { participantId: b.id },
          body: { holderId: secretary.id },
        }),
        409,
        'conflict',
      ).reason,
    ).toBe('proxy_not_member');
    expectOk(await setProxy(b, a), 200);
    // c → b would chain onto b's own proxy; b → … is taken; c cannot give to b (b is absent anyway).
    expectOk(await r.call(ROUTES.checkIn, { token: b.token, params: { meetingId: m } }), 200);
    expect(expectError(await setProxy(c, b), 409, 'conflict').reason).toBe('proxy_chain');
    expect(expectError(await setProxy(b, a), 409, 'conflict').reason).toBe('proxy_unchanged');

    // After the end: no start again, no self check-in.
    expectOk(await r.call(ROUTES.endSession, { token: chair.token, params: { meetingId: m } }), 200);
    for (const res of [
      await r.call(ROUTES.startSession, { token: chair.token, params: { meetingId: m } }),
      await r.call(ROUTES.endSession, { token: chair.token, params: { meetingId: m } }),
      await r.call(ROUTES.checkIn, { token: c.token, params: { meetingId: m } }),
    ]) {
      expect(refusal(res, 409)).toBe('session_ended');
    }
  }, 60_000);

  it('keeps one consistent state when 50 starts race 50 ends, with one audit entry per effective change', async () => {
    const r = await room();
    const { m, chair } = await meeting(r, 0);
    await publish(r, m);
    const calls = Array.from({ length: 100 }, (_, i) =>
      i % 2 === 0
        ? r.call(ROUTES.startSession, { token: chair.token, params: { meetingId: m } })
        : r.call(ROUTES.endSession, { token: chair.token, params: { meetingId: m } }),
    );
    const results = await Promise.all(calls);
    const starts = results.filter((_, i) => i % 2 === 0);
    const ends = results.filter((_, i) => i % 2 === 1);
    const okStarts = starts.filter((res) => res.ok).length;
    const okEnds = ends.filter((res) => res.ok).length;
    expect(okStarts).toBe(1);
    expect(okEnds).toBeLessThanOrEqual(1);
    for (const res of results) {
      if (res.ok) continue;
      expect(res.status).toBe(409);
      expect(['session_already_started', 'session_ended', 'session_not_started']).toContain(res.error.reason);
    }
    const view = expectOk(
      await r.call(ROUTES.getMeetingSession, { token: chair.token, params: { meetingId: m } }),
      200,
    );
    const detail = expectOk(
      await r.call(ROUTES.getMeeting, { token: chair.token, params: { meetingId: m } }),
      200,
    );
    expect(view.session.state).toBe(okEnds === 1 ? 'ended' : 'in_session');
    expect(detail.meeting.status).toBe(okEnds === 1 ? 'ended' : 'in_session');
    const actions = listAudit(r.server.context.db, m).map((row) => row.action);
    expect(actions.filter((a) => a === 'session.start')).toHaveLength(1);
    expect(actions.filter((a) => a === 'session.end')).toHaveLength(okEnds);
  }, 60_000);
});

describe('a room checking in at once', () => {
  it('takes 30 check-ins sent together (and 30 repeats) exactly once each', async () => {
    const r = await room();
    const { m, delegates } = await meeting(r, 30);
    await publish(r, m);
    const send = () =>
      delegates.map((d) => r.call(ROUTES.checkIn, { token: d.token, params: { meetingId: m } }));
    const started = performance.now();
    const results = await Promise.all([...send(), ...send()]);
    const ms = performance.now() - started;
    console.log(
      `60 concurrent check-ins (30 effective, synchronous=FULL, group commit): ${ms.toFixed(0)} ms`,
    );
    expect(results.filter((res) => res.ok)).toHaveLength(30);
    for (const res of results) if (!res.ok) expect(refusal(res, 409)).toBe('already_present');
    const attendance = expectOk(
      await r.call(ROUTES.getAttendance, { token: delegates[0]!.token, params: { meetingId: m } }),
      200,
    );
    expect(attendance.quorum).toMatchObject({ members: 31, present: 30, met: true });
    const audit = listAudit(r.server.context.db, m).filter((row) => row.action === 'attendance.check-in');
    expect(audit).toHaveLength(30);
    expect(new Set(audit.map((row) => row.actor_id))).toEqual(new Set(delegates.map((d) => d.id)));
  }, 60_000);
});

describe('after a restart', () => {
  it('refills the live document of a running session: state, current item, attendance, speaker', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'session-restart-'));
    let second: TestRoom | null = null;
    try {
      const first = await startTestRoom({}, dataDir);
      const { m, items, chair, delegates } = await meeting(first, 2);
      await publish(first, m);
      expectOk(await first.call(ROUTES.startSession, { token: chair.token, params: { meetingId: m } }), 200);
      expectOk(
        await first.call(ROUTES.checkIn, { token: delegates[0]!.token, params: { meetingId: m } }),
        200,
      );
      expectOk(
        await first.call(ROUTES.setCurrentItem, {
          token: chair.token,
          params: { meetingId: m },
          body: { itemId: items[1]! },
        }),
        200,
      );
      const req = expectOk(
        await first.call(ROUTES.requestFloor, {
          token: delegates[1]!.token,
          params: { meetingId: m },
          body: { kind: 'tranh_luan' },
        }),
        201,
      );
      expectOk(
        await first.call(ROUTES.grantFloor, {
          token: chair.token,
          params: { speakerId: req.speaker.id },
          body: {},
        }),
        200,
      );
      await first.stop();
      // As if the process had died between the commits and their live writes: the live
      // document's stored updates are gone, so only the start-up refill can show the state.
      const db = new Database(join(dataDir, DATABASE_FILE));
      db.prepare('DELETE FROM yjs_updates WHERE doc_name = ?').run(`meeting/${m}/live`);
      db.close();

      second = await startTestRoom({}, dataDir);
      const w = watch(second, m, delegates[0]!);
      await until(
        w,
        (l) =>
          l.session?.state === 'in_session' &&
          l.currentItemId === items[1] &&
          l.attendance?.quorum.present === 1 &&
          l.speakers?.current?.id === req.speaker.id,
        'state after restart',
      );
    } finally {
      // The watcher is closed after the test (perTest); these two servers share one data dir.
      await second?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

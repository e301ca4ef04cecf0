import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteName, type RouteSpec, routePath } from '#common/http/route-table';
import { expectOk, type RawOptions, startTestRoom, type TestRoom } from '../integration/helpers/test-room';
import { onePagePdf } from '../integration/helpers/one-page-pdf';

/**
 * Finding 8: what leaks that something exists. Management routes answered 403 for an existing id
 * of another meeting and 404 for a random one, so the secretariat of one meeting could map the
 * agenda items, participants, documents and devices of every other. For every route of the
 * table that takes an id, the answer (status, code, message) to an existing id of another
 * meeting must be the answer to an id that does not exist — for the secretariat of another
 * meeting, its chair and its delegate alike. (A delegate calling a secretariat-only route is
 * refused 403 by the table's role check before any id is looked at: the same for every id.)
 */

/** A valid body (and query) for each route, so that only the id can make a difference. */
function requestFor(
  name: RouteName,
  pdf: Uint8Array<ArrayBuffer>,
): Omit<RawOptions, 'token'> & { query?: string } {
  switch (name) {
    case 'updateMeeting':
      return { body: { title: 'Đổi tên' } };
    case 'createAgendaItem':
      return { body: { title: 'Mục mới' } };
    case 'updateAgendaItem':
      return { body: { title: 'Đổi tên mục' } };
    case 'moveAgendaItem':
      return { body: { parentId: null, position: 0 } };
    case 'createParticipant':
      return { body: { name: 'Người lạ', role: 'delegate' } };
    case 'importParticipants':
      return { raw: 'Họ và tên,Vai trò\nNgười lạ,đại biểu\n', headers: { 'content-type': 'text/csv' } };
    case 'updateParticipant':
      return { body: { name: 'Đổi tên người' } };
    case 'moveParticipant':
      return { body: { index: 0 } };
    case 'createJoinCode':
    case 'joinSheet':
      return { body: {} };
    case 'uploadDocument':
    case 'uploadVersion':
      return { raw: pdf, headers: { 'content-type': 'application/pdf' }, query: 'fileName=tai-lieu.pdf' };
    case 'updateDocument':
      return { body: { title: 'Đổi tên tài liệu' } };
    case 'putGrants':
      return { body: { participantIds: [], groups: [] } };
    case 'search':
      return { query: 'q=tai' };
    case 'setCurrentItem':
      return { body: { itemId: null } };
    case 'setSessionRules':
      return { body: { proxiesAllowed: true } };
    case 'markAttendance':
      return { body: { status: 'present' } };
    case 'setProxy':
      return { body: { holderId: null } };
    case 'requestFloor':
      return { body: { kind: 'phat_bieu' } };
    case 'moveSpeaker':
      return { body: { index: 0 } };
    case 'grantFloor':
      return { body: {} };
    case 'createVote':
      return { body: { agendaItemId: randomId(), title: 'Biểu quyết lạ' } };
    case 'setVoteLabels':
      return { body: { for: 'Đồng ý', against: 'Không đồng ý', abstain: 'Phiếu trắng' } };
    case 'castBallot':
      return { body: { idempotencyKey: 'oracle-key-0000000000000001', optionId: 'for' } };
    case 'ballotStatus':
      return { query: 'idempotencyKey=oracle-key-0000000000000001' };
    default:
      return {};
  }
}

/** A well-formed id nothing has. */
const randomId = () => `r${randomBytes(12).toString('hex')}`;

interface Answer {
  readonly status: number;
  readonly code: string | null;
  readonly message: string | null;
}

describe('"not yours" and "does not exist" are the same answer', () => {
  let room: TestRoom;
  let pdf: Uint8Array<ArrayBuffer>;
  /** Callers from meeting A. */
  const callers: Record<string, string> = {};
  /** Existing ids of meeting B (and of the room itself), by parameter name. */
  const existing: Record<string, string[]> = {};

  beforeAll(async () => {
    room = await startTestRoom();
    pdf = onePagePdf(`Tai lieu ${randomBytes(2).toString('hex')}`);
    const meetingA = await room.createMeeting('Cuộc họp A');
    const meetingB = await room.createMeeting('Cuộc họp B');
    callers['secretariat of A'] = (await room.addMember(meetingA, 'secretariat')).token;
    callers['chair of A'] = (await room.addMember(meetingA, 'chair')).token;
    callers['delegate of A'] = (await room.addMember(meetingA, 'delegate')).token;

    const staff = room.staffToken;
    const itemB = expectOk(
      await room.call(ROUTES.createAgendaItem, {
        token: staff,
        params: { meetingId: meetingB },
        body: { title: 'B.1' },
      }),
      201,
    ).item.id;
    const memberB = await room.addMember(meetingB, 'delegate');
    const deviceB = expectOk(
      await room.call(ROUTES.listDevices, { token: staff, params: { participantId: memberB.id } }),
    ).devices[0]!.id;
    const staffSelf = expectOk(await room.call(ROUTES.getSession, { token: staff }));
    const docB = expectOk(
      await room.call(ROUTES.uploadDocument, {
        token: staff,
        params: { meetingId: meetingB },
        query: { fileName: 'b.pdf' },
        body: onePagePdf(`Tai lieu ${randomBytes(2).toString('hex')}`),
        headers: { 'content-type': 'application/pdf' },
      }),
      201,
    ).document;
    expectOk(await room.call(ROUTES.publishMeeting, { token: staff, params: { meetingId: meetingB } }));
    // A speaker request of B: its session runs, its item is current, its delegate was added.
    expectOk(await room.call(ROUTES.startSession, { token: staff, params: { meetingId: meetingB } }));
    expectOk(
      await room.call(ROUTES.setCurrentItem, {
        token: staff,
        params: { meetingId: meetingB },
        body: { itemId: itemB },
      }),
    );
    const speakerB = expectOk(
      await room.call(ROUTES.requestFloor, {
        token: staff,
        params: { meetingId: meetingB },
        body: { kind: 'phat_bieu', participantId: memberB.id },
      }),
      201,
    ).speaker.id;
    existing.meetingId = [meetingB];
    existing.itemId = [itemB];
    // A participant of B, and the room's own secretariat account (which belongs to no meeting).
    existing.participantId = [memberB.id, staffSelf.participant.id];
    existing.deviceId = [deviceB, staffSelf.deviceSessionId];
    existing.documentId = [docB.id];
    existing.sha256 = [docB.sha256];
    existing.speakerId = [speakerB];
    // A vote of B, still a draft.
    existing.voteId = [
      expectOk(
        await room.call(ROUTES.createVote, {
          token: staff,
          params: { meetingId: meetingB },
          body: { agendaItemId: itemB, title: 'Thông qua chương trình' },
        }),
        201,
      ).vote.id,
    ];
    // An archive export of B, waited for so the room is idle when it is destroyed.
    const exportB = expectOk(
      await room.call(ROUTES.startArchiveExport, { token: staff, params: { meetingId: meetingB } }),
      202,
    );
    for (let poll = 0; poll < 600; poll++) {
      const job = expectOk(
        await room.call(ROUTES.getArchiveExport, { token: staff, params: { exportId: exportB.id } }),
      );
      if (job.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    existing.exportId = [exportB.id];
  });
  afterAll(async () => {
    await room.destroy();
  });

  async function answer(route: RouteSpec, name: RouteName, token: string, params: Record<string, string>) {
    const { query, ...opts } = requestFor(name, pdf);
    const path = routePath(route, params) + (query ? `?${query}` : '');
    const res = await room.raw(route.method, path, { ...opts, token });
    const error = (res.json as { error?: { code?: string; message?: string } } | undefined)?.error;
    return {
      status: res.status,
      code: error?.code ?? null,
      message: error?.message ?? null,
    } satisfies Answer;
  }

  it('for every route that takes an id, as the secretariat, chair and delegate of another meeting', async () => {
    const differences: string[] = [];
    let compared = 0;
    for (const [name, route] of Object.entries(ROUTES) as [RouteName, RouteSpec][]) {
      const param = /:([A-Za-z0-9_]+)/.exec(route.path)?.[1];
      if (!param) continue;
      const ids = existing[param];
      if (!ids) throw new Error(`no existing id for :${param} (${route.method} ${route.path})`);
      for (const [who, token] of Object.entries(callers)) {
        for (const id of ids) {
          const random = param === 'sha256' ? randomBytes(32).toString('hex') : randomId();
          const nobody = await answer(route, name, token, { [param]: random });
          const someone = await answer(route, name, token, { [param]: id });
          compared++;
          if (JSON.stringify(nobody) !== JSON.stringify(someone)) {
            differences.push(
              `${route.method} ${route.path} as ${who}: existing → ${someone.status} ${someone.code} "${someone.message}", ` +
                `random → ${nobody.status} ${nobody.code} "${nobody.message}"`,
            );
          }
          // Nothing of meeting B may be changed or read by a caller from A.
          expect(someone.status, `${route.method} ${route.path} as ${who}`).toBeGreaterThanOrEqual(400);
        }
      }
    }
    console.log(`existence-oracle: ${compared} comparisons, ${differences.length} differences`);
    expect(differences).toEqual([]);
  });
});

import { randomBytes } from 'node:crypto';
import { ROUTES } from '#common/http/route-table';
import type { CreateVoteRequest, Vote } from '#common/schemas/vote';
import { ballotTokenFromBytes } from '#common/votes/receipt';
import { callRoute, expectOk } from './test-room';

/** A participant with a joined device. */
export interface Member {
  readonly id: string;
  readonly token: string;
  readonly name: string;
}

/** A meeting ready to vote: an agenda item, its chair, a secretary and delegates. */
export interface VotingMeeting {
  readonly meetingId: string;
  readonly itemId: string;
  readonly chair: Member;
  readonly secretary: Member;
  readonly delegates: readonly Member[];
}

/** Runs `task` over `items` with at most `width` at a time (bounded: one pass over the list). */
export async function inBatches<T, R>(
  items: readonly T[],
  width: number,
  task: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

async function addMember(
  url: string,
  staffToken: string,
  meetingId: string,
  role: 'chair' | 'delegate' | 'secretary',
  name: string,
): Promise<Member> {
  const created = await callRoute(url, ROUTES.createParticipant, {
    token: staffToken,
    params: { meetingId },
    body: { name, role, group: '' },
  });
  const id = expectOk(created, 201).participant.id;
  const code = expectOk(
    await callRoute(url, ROUTES.createJoinCode, {
      token: staffToken,
      params: { participantId: id },
      body: {},
    }),
    201,
  );
  const joined = expectOk(await callRoute(url, ROUTES.join, { body: { code: code.code } }), 201);
  return { id, token: joined.token, name };
}

/**
 * Creates a meeting with an agenda item, a chair, a secretary and `delegates` delegates, and
 * checks in the chair and the first `present` delegates (all by default).
 */
export async function setUpVotingMeeting(
  url: string,
  staffToken: string,
  delegates: number,
  present = delegates,
): Promise<VotingMeeting> {
  const meeting = await callRoute(url, ROUTES.createMeeting, {
    token: staffToken,
    body: {
      title: 'Kỳ họp thứ 12',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      place: 'Hội trường',
    },
  });
  const meetingId = expectOk(meeting, 201).meeting.id;
  const item = await callRoute(url, ROUTES.createAgendaItem, {
    token: staffToken,
    params: { meetingId },
    body: { title: 'Dự thảo nghị quyết về bảng giá đất' },
  });
  const itemId = expectOk(item, 201).item.id;
  const chair = await addMember(url, staffToken, meetingId, 'chair', 'Chủ tọa Nguyễn Văn A');
  const secretary = await addMember(url, staffToken, meetingId, 'secretary', 'Thư ký Lê Thị B');
  const list = await inBatches(Array.from({ length: delegates }), 16, (_x, i) =>
    addMember(url, staffToken, meetingId, 'delegate', `Đại biểu số ${i + 1}`),
  );
  await inBatches([chair, ...list.slice(0, present)], 16, async (m) =>
    expectOk(await callRoute(url, ROUTES.checkIn, { token: m.token, params: { meetingId } })),
  );
  return { meetingId, itemId, chair, secretary, delegates: list };
}

/** Creates a vote as the chair and opens it. */
export async function openNewVote(
  url: string,
  m: VotingMeeting,
  vote: Partial<CreateVoteRequest> = {},
): Promise<Vote> {
  const created = await callRoute(url, ROUTES.createVote, {
    token: m.chair.token,
    params: { meetingId: m.meetingId },
    body: { agendaItemId: m.itemId, title: 'Thông qua nghị quyết về bảng giá đất năm 2027', ...vote },
  });
  const draft = expectOk(created, 201).vote;
  return expectOk(
    await callRoute(url, ROUTES.openVote, { token: m.chair.token, params: { voteId: draft.id } }),
  ).vote;
}

/** A fresh idempotency key for one ballot. */
export function newKey(): string {
  return randomBytes(18).toString('base64url');
}

/** A fresh secret-ballot token, as a voter's device makes it. */
export function newToken(): string {
  return ballotTokenFromBytes(randomBytes(32));
}

import type { Participant } from '#common/schemas/participant';
import { belongsToMeeting, isRoomStaff } from '../auth/access';
import { NotFoundError } from '../errors/domain-errors';
import type { RoomContext } from './context';

/**
 * The meeting an id of a route's path belongs to: a meeting id, `null` for something of the
 * room itself (the room's secretariat account and its devices), or `undefined` when nothing
 * has that id.
 */
type MeetingOf = (ctx: RoomContext, id: string) => string | null | undefined;

interface IdKind {
  /** The one answer for "does not exist" and "not yours". */
  readonly notFound: string;
  readonly meetingOf: MeetingOf;
}

const participantMeeting = (ctx: RoomContext, participantId: string) => {
  const p = ctx.participants.find(participantId);
  return p ? p.meetingId : undefined;
};

/** Every path parameter of the route table that names something of a meeting. */
const ID_KINDS: Readonly<Record<string, IdKind>> = {
  meetingId: { notFound: 'meeting not found', meetingOf: (ctx, id) => ctx.meetings.find(id)?.id },
  itemId: {
    notFound: 'agenda item not found',
    meetingOf: (ctx, id) => ctx.meetings.findAgendaItem(id)?.meetingId,
  },
  participantId: { notFound: 'participant not found', meetingOf: participantMeeting },
  deviceId: {
    notFound: 'device session not found',
    meetingOf: (ctx, id) => {
      const device = ctx.auth.findDevice(id);
      // A device whose participant is gone belongs to nobody but the room.
      return device ? (participantMeeting(ctx, device.participantId) ?? null) : undefined;
    },
  },
  documentId: { notFound: 'document not found', meetingOf: (ctx, id) => ctx.documents.find(id)?.meetingId },
  voteId: { notFound: 'vote not found', meetingOf: (ctx, id) => ctx.votes.meetingOf(id) },
  speakerId: {
    notFound: 'speaker request not found',
    meetingOf: (ctx, id) => ctx.speakers.meetingOf(id),
  },
};

/** Checks that a caller may know the thing a path parameter names; see {@link idScope}. */
export type IdScopeCheck = (participant: Participant, param: string, id: string) => void;

/**
 * Before any route runs: every id in its path must name something of a meeting the caller
 * belongs to (room staff belong to all), or the answer is 404 with the same message as for an
 * id that does not exist. So no route can tell "not yours" from "does not exist" — not by
 * status, code or message — whatever its own checks and its command's `authorize` do later.
 * (A caller whose role may not use the route at all was already refused 403 by the route
 * table's role check, before any id is looked at: that answer is the same for every id.)
 * Parameters that name no meeting's thing (a blob's SHA-256) are the route's own business.
 */
export function idScope(ctx: RoomContext): IdScopeCheck {
  return (participant, param, id) => {
    const kind = ID_KINDS[param];
    if (!kind) return;
    const meetingId = kind.meetingOf(ctx, id);
    const visible =
      meetingId === undefined
        ? false
        : meetingId === null
          ? isRoomStaff(participant)
          : belongsToMeeting(participant, meetingId);
    if (!visible) throw new NotFoundError(kind.notFound);
  };
}

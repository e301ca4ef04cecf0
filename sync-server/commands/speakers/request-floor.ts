import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { MEMBER_ROLES, RequestFloorRequestSchema } from '#common/schemas/session';
import { ConflictError, DomainError } from '../../errors/domain-errors';
import { participantOf } from '../attendance/attendance-rules';
import { requireMemberOf } from '../authorization';
import { defineCommand } from '../command';
import { forbidden, isSessionRunner, requireRunning } from '../session/session-roles';

/**
 * Requests the floor (đăng ký phát biểu) on an item, by kind: a member for themself, or the
 * chair (or the secretariat) adding anyone of the meeting. The request joins the end of the
 * item's queue; one queued request per person, kind and item.
 */
export const requestFloor = defineCommand({
  name: 'speaker.request',
  input: z.strictObject({ meetingId: IdSchema, request: RequestFloorRequestSchema }),
  authorize: (actor, { meetingId, request }, { meetings, participants }) => {
    meetings.get(meetingId);
    requireMemberOf(actor, meetingId);
    const self = actor.kind === 'device' ? actor.participant : null;
    if (request.participantId === undefined || request.participantId === self?.id) {
      if (self === null) throw forbidden('not_yourself');
      if (self.meetingId !== meetingId || !MEMBER_ROLES.includes(self.role))
        throw forbidden('speaker_not_member');
    } else {
      // Only the chair (or the secretariat) adds someone else.
      if (!isSessionRunner(actor)) throw forbidden('not_yourself');
      participantOf(participants, meetingId, request.participantId);
    }
  },
  run({ meetingId, request }, { tx, actor, session, meetings, speakers }) {
    const current = session.get(meetingId);
    requireRunning(current);
    const participantId =
      request.participantId ?? (actor.kind === 'device' ? actor.participant.id : undefined);
    if (participantId === undefined) throw forbidden('not_yourself');
    const itemId = request.itemId ?? current.currentItemId;
    if (itemId === null) throw new ConflictError('no item is under discussion', because('no_current_item'));
    if (meetings.findAgendaItem(itemId)?.meetingId !== meetingId) {
      throw new DomainError(
        'bad_request',
        'the item is not on this meeting’s agenda',
        undefined,
        because('item_not_in_meeting'),
      );
    }
    if (speakers.isQueued(itemId, participantId, request.kind)) {
      throw new ConflictError('already waiting to speak', because('already_requested'));
    }
    const added = actor.kind !== 'device' || actor.participant.id !== participantId;
    const speaker = speakers.create(tx, {
      meetingId,
      itemId,
      participantId,
      kind: request.kind,
      addedBy: actor.kind === 'device' ? actor.participant.id : null,
    });
    return {
      result: speaker,
      audit: {
        action: 'speaker.request',
        meetingId,
        payload: { speakerId: speaker.id, participantId, itemId, kind: request.kind, added },
      },
      effects: { live: { meetingId, sections: ['speakers'] } },
    };
  },
});

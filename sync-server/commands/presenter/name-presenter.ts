import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { DomainError } from '../../errors/domain-errors';
import { defineCommand } from '../command';
import { requireSessionRunner } from '../session/session-roles';

/**
 * The chair (or the secretariat) names the meeting's presenter, any participant of it, or
 * clears the name (null). What was shared ends: the room follows the new presenter once they
 * share. The chair may present whoever is named.
 */
export const namePresenter = defineCommand({
  name: 'presenter.name',
  input: z.strictObject({ meetingId: IdSchema, participantId: IdSchema.nullable() }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireSessionRunner(actor, meetingId);
  },
  run({ meetingId, participantId }, { tx, presenter, participants }) {
    if (participantId !== null && participants.find(participantId)?.meetingId !== meetingId) {
      throw new DomainError(
        'bad_request',
        'the presenter is not a participant of this meeting',
        undefined,
        because('presenter_not_member'),
      );
    }
    const before = presenter.get(meetingId);
    const after = presenter.name(tx, meetingId, participantId);
    return {
      result: after,
      audit: {
        action: 'presenter.name',
        meetingId,
        payload: { meetingId, from: before.presenterId, to: participantId },
      },
      effects: { live: { meetingId, sections: ['presenter'] } },
    };
  },
});

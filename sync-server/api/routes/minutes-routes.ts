import type { FastifyInstance } from 'fastify';
import { minutesDocName } from '#common/protocol/doc-names';
import { ROUTES } from '#common/http/route-table';
import { MINUTES_READERS } from '#common/schemas/roles';
import { belongsToMeeting } from '../../auth/access';
import { addMinutesAddendum } from '../../commands/minutes/add-addendum';
import { finaliseMinutes } from '../../commands/minutes/finalise-minutes';
import { insertMinutesRecord } from '../../commands/minutes/insert-record';
import {
  requireDraft,
  requireMinutesChair,
  requireMinutesWriter,
} from '../../commands/minutes/minutes-rules';
import { publishMinutes } from '../../commands/minutes/publish-minutes';
import { NotFoundError } from '../../errors/domain-errors';
import type { RoomContext } from '../context';
import { type RegisterOptions, registerRoute } from '../register-route';

/** Minutes: state, record pickers, record blocks, finalise, addenda, publish. */
export function registerMinutesRoutes(app: FastifyInstance, ctx: RoomContext, opts: RegisterOptions): void {
  const run = ctx.commands;
  registerRoute(
    app,
    ROUTES.minutesStatus,
    ({ actor, params: { meetingId } }) => {
      ctx.meetings.get(meetingId);
      const status = ctx.minutes.status(meetingId);
      if (actor.kind === 'device') {
        const p = actor.participant;
        // Before publication only the minutes' own readers learn more than that they exist.
        const reads = MINUTES_READERS.includes(p.role) || status.state === 'published';
        if (!belongsToMeeting(p, meetingId)) throw new NotFoundError('meeting not found');
        if (!reads) return { ...status, sha256: null, registerNumber: null, addenda: [] };
      }
      return status;
    },
    opts,
  );
  registerRoute(
    app,
    ROUTES.minutesRecordChoices,
    ({ actor, params: { meetingId } }) => {
      ctx.meetings.get(meetingId);
      requireMinutesWriter(actor, meetingId);
      return {
        votes: ctx.votes
          .list(meetingId)
          .filter((v) => v.status === 'closed')
          .map((v) => ({ id: v.id, title: v.title })),
        items: ctx.meetings.agenda(meetingId).map((i) => ({ id: i.id, title: i.title })),
      };
    },
    opts,
  );
  registerRoute(
    app,
    ROUTES.insertMinutesRecord,
    ({ actor, params: { meetingId }, body }) =>
      run.execute(insertMinutesRecord, actor, { meetingId, ...body }),
    opts,
  );
  registerRoute(
    app,
    ROUTES.finaliseMinutes,
    async ({ actor, params: { meetingId } }) => {
      // Refused before reading anything for those who may not, and for frozen minutes.
      ctx.meetings.get(meetingId);
      requireMinutesChair(actor, meetingId);
      requireDraft(ctx.minutes.state(meetingId));
      const content = await ctx.hub.readMinutes(minutesDocName(meetingId));
      return run.execute(finaliseMinutes, actor, { meetingId, content });
    },
    opts,
  );
  registerRoute(
    app,
    ROUTES.addMinutesAddendum,
    ({ actor, params: { meetingId }, body }) =>
      run.execute(addMinutesAddendum, actor, { meetingId, ...body }),
    opts,
  );
  registerRoute(
    app,
    ROUTES.publishMinutes,
    ({ actor, params: { meetingId } }) => run.execute(publishMinutes, actor, { meetingId }),
    opts,
  );
}

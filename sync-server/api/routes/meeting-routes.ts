import type { FastifyInstance } from 'fastify';
import { ROUTES } from '#common/http/route-table';
import { addAgendaItem } from '../../commands/agenda/add-agenda-item';
import { deleteAgendaItem } from '../../commands/agenda/delete-agenda-item';
import { moveAgendaItem } from '../../commands/agenda/move-agenda-item';
import { updateAgendaItem } from '../../commands/agenda/update-agenda-item';
import { requireMemberOf } from '../../commands/authorization';
import { createMeeting } from '../../commands/meetings/create-meeting';
import { publishMeeting } from '../../commands/meetings/publish-meeting';
import { updateMeeting } from '../../commands/meetings/update-meeting';
import { isRoomStaff } from '../../auth/access';
import type { RoomContext } from '../context';
import { requireAuth } from '../context';
import { type RegisterOptions, registerRoute } from '../register-route';

/** Meetings and their agenda. */
export function registerMeetingRoutes(app: FastifyInstance, ctx: RoomContext, opts: RegisterOptions): void {
  const run = ctx.commands;

  registerRoute(
    app,
    ROUTES.listMeetings,
    ({ raw }) => {
      const { participant } = requireAuth(raw);
      if (isRoomStaff(participant)) return { meetings: ctx.meetings.list() };
      const own = participant.meetingId ? ctx.meetings.find(participant.meetingId) : null;
      return { meetings: own ? [own] : [] };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.createMeeting,
    ({ actor, body }) => ({ meeting: run.execute(createMeeting, actor, { meeting: body }) }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.getMeeting,
    ({ raw, actor, params: { meetingId } }) => {
      // Not 403: someone outside the meeting must not learn it exists.
      requireMemberOf(actor, meetingId);
      return {
        meeting: ctx.meetings.get(meetingId),
        agenda: ctx.meetings.agenda(meetingId),
        documents: ctx.documents.visibleTo(requireAuth(raw).participant, meetingId),
      };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.updateMeeting,
    ({ actor, params: { meetingId }, body }) => ({
      meeting: run.execute(updateMeeting, actor, { meetingId, patch: body }),
    }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.publishMeeting,
    ({ actor, params: { meetingId } }) => run.execute(publishMeeting, actor, { meetingId }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.createAgendaItem,
    ({ actor, params: { meetingId }, body }) => ({
      item: run.execute(addAgendaItem, actor, { meetingId, item: body }),
    }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.updateAgendaItem,
    ({ actor, params: { itemId }, body }) => ({
      item: run.execute(updateAgendaItem, actor, { itemId, patch: body }),
    }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.moveAgendaItem,
    ({ actor, params: { itemId }, body }) => ({
      agenda: run.execute(moveAgendaItem, actor, { itemId, move: body }),
    }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.deleteAgendaItem,
    ({ actor, params: { itemId } }) => run.execute(deleteAgendaItem, actor, { itemId }),
    opts,
  );
}

import type { FastifyInstance } from 'fastify';
import { ROUTES } from '#common/http/route-table';
import { requireMemberOf } from '../../commands/authorization';
import { requireAttendanceKeeper } from '../../commands/session/session-roles';
import { NotFoundError } from '../../errors/domain-errors';
import { finishSpeaker } from '../../commands/speakers/finish-speaker';
import { grantFloor } from '../../commands/speakers/grant-floor';
import { moveSpeaker } from '../../commands/speakers/move-speaker';
import { pauseSpeakerTimer } from '../../commands/speakers/pause-speaker-timer';
import { rejectSpeaker } from '../../commands/speakers/reject-speaker';
import { requestFloor } from '../../commands/speakers/request-floor';
import { resumeSpeakerTimer } from '../../commands/speakers/resume-speaker-timer';
import { withdrawFloor } from '../../commands/speakers/withdraw-floor';
import { speakerHistory } from '../../session/speaker-history';
import type { RoomContext } from '../context';
import { type RegisterOptions, registerRoute } from '../register-route';

/** The speaker list of each agenda item, the floor and its timer, and the history for the minutes. */
export function registerSpeakerRoutes(app: FastifyInstance, ctx: RoomContext, opts: RegisterOptions): void {
  const run = ctx.commands;
  // The path names the request (its id was already scoped to the caller's meetings).
  const meetingOf = (speakerId: string): string => {
    const meetingId = ctx.speakers.meetingOf(speakerId);
    if (meetingId === undefined) throw new NotFoundError('speaker request not found');
    return meetingId;
  };

  registerRoute(
    app,
    ROUTES.listSpeakers,
    ({ actor, params: { meetingId }, query }) => {
      requireMemberOf(actor, meetingId);
      ctx.meetings.get(meetingId);
      const itemId = query.itemId ?? ctx.session.get(meetingId).currentItemId;
      return { speakers: itemId === null ? [] : ctx.speakers.list(meetingId, itemId) };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.requestFloor,
    ({ actor, params: { meetingId }, body }) => ({
      speaker: run.execute(requestFloor, actor, { meetingId, request: body }),
    }),
    opts,
  );

  for (const [route, command] of [
    [ROUTES.withdrawFloor, withdrawFloor],
    [ROUTES.rejectSpeaker, rejectSpeaker],
    [ROUTES.pauseSpeakerTimer, pauseSpeakerTimer],
    [ROUTES.resumeSpeakerTimer, resumeSpeakerTimer],
    [ROUTES.finishSpeaker, finishSpeaker],
  ] as const) {
    registerRoute(
      app,
      route,
      ({ actor, params: { speakerId } }) => ({
        speaker: run.execute(command, actor, { meetingId: meetingOf(speakerId), speakerId }),
      }),
      opts,
    );
  }

  registerRoute(
    app,
    ROUTES.moveSpeaker,
    ({ actor, params: { speakerId }, body }) => ({
      speakers: run.execute(moveSpeaker, actor, {
        meetingId: meetingOf(speakerId),
        speakerId,
        index: body.index,
      }),
    }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.grantFloor,
    ({ actor, params: { speakerId }, body }) => ({
      speaker: run.execute(grantFloor, actor, { meetingId: meetingOf(speakerId), speakerId, grant: body }),
    }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.speakerHistory,
    ({ actor, params: { meetingId } }) => {
      ctx.meetings.get(meetingId);
      requireAttendanceKeeper(actor, meetingId);
      return speakerHistory(ctx.meetings.agenda(meetingId), ctx.speakers.speeches(meetingId));
    },
    opts,
  );
}

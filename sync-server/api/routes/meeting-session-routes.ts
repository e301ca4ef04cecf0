import type { FastifyInstance } from 'fastify';
import { ROUTES } from '#common/http/route-table';
import type { Session, SessionView } from '#common/schemas/session';
import { requireMemberOf } from '../../commands/authorization';
import { endSession } from '../../commands/session/end-session';
import { pauseSession } from '../../commands/session/pause-session';
import { resumeSession } from '../../commands/session/resume-session';
import { setCurrentItem } from '../../commands/session/set-current-item';
import { setSessionRules } from '../../commands/session/set-session-rules';
import { startSession } from '../../commands/session/start-session';
import type { RoomContext } from '../context';
import { type RegisterOptions, registerRoute } from '../register-route';

/** The session of a meeting: its state, current item and rules, and the server's clock. */
export function registerMeetingSessionRoutes(
  app: FastifyInstance,
  ctx: RoomContext,
  opts: RegisterOptions,
): void {
  const run = ctx.commands;
  // The clock is read last, so `serverNow` is never before the state it answers with.
  const view = (meetingId: string, session: Session = ctx.session.get(meetingId)): SessionView => ({
    session,
    rules: ctx.session.rules(meetingId),
    serverNow: new Date().toISOString(),
  });

  registerRoute(app, ROUTES.getClock, () => ({ serverNow: new Date().toISOString() }), opts);

  registerRoute(
    app,
    ROUTES.getMeetingSession,
    ({ actor, params: { meetingId } }) => {
      requireMemberOf(actor, meetingId);
      ctx.meetings.get(meetingId);
      return view(meetingId);
    },
    opts,
  );

  for (const [route, command] of [
    [ROUTES.startSession, startSession],
    [ROUTES.pauseSession, pauseSession],
    [ROUTES.resumeSession, resumeSession],
    [ROUTES.endSession, endSession],
  ] as const) {
    registerRoute(
      app,
      route,
      ({ actor, params: { meetingId } }) => view(meetingId, run.execute(command, actor, { meetingId })),
      opts,
    );
  }

  registerRoute(
    app,
    ROUTES.setCurrentItem,
    ({ actor, params: { meetingId }, body }) =>
      view(meetingId, run.execute(setCurrentItem, actor, { meetingId, itemId: body.itemId })),
    opts,
  );

  registerRoute(
    app,
    ROUTES.setSessionRules,
    ({ actor, params: { meetingId }, body }) => {
      run.execute(setSessionRules, actor, { meetingId, patch: body });
      return view(meetingId);
    },
    opts,
  );
}

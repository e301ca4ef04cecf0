import type { FastifyInstance } from 'fastify';
import { ROUTES } from '#common/http/route-table';
import { namePresenter } from '../../commands/presenter/name-presenter';
import { sharePresenter } from '../../commands/presenter/share-presenter';
import { stopPresenter } from '../../commands/presenter/stop-presenter';
import type { RoomContext } from '../context';
import { type RegisterOptions, registerRoute } from '../register-route';

/** Follow the presenter: naming the presenter, sharing a page, stopping. */
export function registerPresenterRoutes(app: FastifyInstance, ctx: RoomContext, opts: RegisterOptions): void {
  const run = ctx.commands;
  registerRoute(
    app,
    ROUTES.namePresenter,
    ({ actor, params: { meetingId }, body }) =>
      run.execute(namePresenter, actor, { meetingId, participantId: body.participantId }),
    opts,
  );
  registerRoute(
    app,
    ROUTES.sharePresenter,
    ({ actor, params: { meetingId }, body }) => run.execute(sharePresenter, actor, { meetingId, ...body }),
    opts,
  );
  registerRoute(
    app,
    ROUTES.stopPresenter,
    ({ actor, params: { meetingId } }) => run.execute(stopPresenter, actor, { meetingId }),
    opts,
  );
}

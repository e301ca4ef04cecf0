import type { FastifyInstance } from 'fastify';
import { ROUTES } from '#common/http/route-table';
import { verifyAuditChain } from '../../audit/audit-log';
import { requireAuth } from '../context';
import type { RoomContext } from '../context';
import { isRoomStaff } from '../../auth/access';
import { ForbiddenError } from '../../errors/domain-errors';
import { type RegisterOptions, registerRoute } from '../register-route';

/** The audit trail's integrity check, for the room's secretariat and archivists. */
export function registerAuditRoutes(app: FastifyInstance, ctx: RoomContext, opts: RegisterOptions): void {
  registerRoute(
    app,
    ROUTES.verifyAudit,
    ({ raw }) => {
      const { participant } = requireAuth(raw);
      // A meeting's own secretariat prepares that meeting; the room's chain is staff's and archivists' business.
      if (participant.role === 'secretariat' && !isRoomStaff(participant)) throw new ForbiddenError();
      return verifyAuditChain(ctx.db);
    },
    opts,
  );
}

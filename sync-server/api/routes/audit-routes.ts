import type { FastifyInstance } from 'fastify';
import { ROUTES } from '#common/http/route-table';
import type { AuditHead } from '#common/schemas/api';
import { storedAuditHead } from '../../audit/audit-anchor';
import { type AnchoredAuditVerification, verifyAuditChain } from '../../audit/audit-log';
import { requireAuth } from '../context';
import type { RoomContext } from '../context';
import { isRoomStaff } from '../../auth/access';
import { ForbiddenError } from '../../errors/domain-errors';
import { type RegisterOptions, type RouteRequest, registerRoute } from '../register-route';

/** The audit trail's integrity check, for the room's secretariat and archivists. */
export function registerAuditRoutes(app: FastifyInstance, ctx: RoomContext, opts: RegisterOptions): void {
  const verify = (
    { raw }: Pick<RouteRequest<typeof ROUTES.verifyAudit>, 'raw'>,
    witnesses: readonly AuditHead[],
  ): AnchoredAuditVerification => {
    const { participant } = requireAuth(raw);
    // A meeting's own secretariat prepares that meeting; the room's chain is staff's and archivists' business.
    if (participant.role === 'secretariat' && !isRoomStaff(participant)) throw new ForbiddenError();
    // The stored head is read from its file each time: it is the evidence, not this process's memory.
    return verifyAuditChain(ctx.db, { anchor: storedAuditHead(ctx.db), witnesses });
  };
  registerRoute(app, ROUTES.verifyAudit, (req) => verify(req, []), opts);
  registerRoute(app, ROUTES.verifyAuditWitnesses, (req) => verify(req, req.body.witnesses), opts);
}

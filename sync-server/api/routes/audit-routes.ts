import type { FastifyInstance } from 'fastify';
import type { AuditVerifyResponse } from '#common/schemas/api';
import { verifyAuditChain } from '../../audit/audit-log';
import { isRoomStaff } from '../../auth/access';
import { ForbiddenError } from '../../store/errors';
import type { RoomContext } from '../context';
import { requireAuth } from '../context';

/** The audit trail's integrity check, for the secretariat and archivists. */
export function registerAuditRoutes(app: FastifyInstance, ctx: RoomContext): void {
  app.get('/audit/verify', async (req): Promise<AuditVerifyResponse> => {
    const { participant } = requireAuth(req);
    if (!isRoomStaff(participant) && participant.role !== 'archivist') throw new ForbiddenError();
    return verifyAuditChain(ctx.db);
  });
}

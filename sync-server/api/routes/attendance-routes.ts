import type { FastifyInstance } from 'fastify';
import { ROUTES } from '#common/http/route-table';
import { checkIn } from '../../commands/attendance/check-in';
import { checkOut } from '../../commands/attendance/check-out';
import { markAttendance } from '../../commands/attendance/mark-attendance';
import { setProxy } from '../../commands/attendance/set-proxy';
import { requireMemberOf } from '../../commands/authorization';
import { NotFoundError } from '../../errors/domain-errors';
import { requireAttendanceKeeper } from '../../commands/session/session-roles';
import { attendanceLedgerCsv } from '../../session/attendance-ledger-csv';
import { attendanceLedgerPdf } from '../../session/attendance-ledger-pdf';
import { readQuorumState } from '../../session/quorum-state';
import type { RoomContext } from '../context';
import { type RegisterOptions, registerRoute } from '../register-route';

/** Attendance, proxies and the quorum; the ledger as JSON, CSV and PDF. */
export function registerAttendanceRoutes(
  app: FastifyInstance,
  ctx: RoomContext,
  opts: RegisterOptions,
): void {
  const run = ctx.commands;
  // The path names the participant (its id was already scoped to the caller's meetings).
  const meetingOf = (participantId: string): string => {
    const meetingId = ctx.participants.get(participantId).meetingId;
    if (meetingId === null) throw new NotFoundError('participant not found');
    return meetingId;
  };

  registerRoute(
    app,
    ROUTES.getAttendance,
    ({ actor, params: { meetingId } }) => {
      requireMemberOf(actor, meetingId);
      ctx.meetings.get(meetingId);
      return { quorum: readQuorumState(ctx.db, meetingId), entries: ctx.attendance.list(meetingId) };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.checkIn,
    // A room checks in at once when the doors open: these group-commit (one fsync for the burst).
    ({ actor, params: { meetingId } }) => run.submit(checkIn, actor, { meetingId }),
    opts,
  );
  registerRoute(
    app,
    ROUTES.checkOut,
    ({ actor, params: { meetingId } }) => run.submit(checkOut, actor, { meetingId }),
    opts,
  );
  registerRoute(
    app,
    ROUTES.markAttendance,
    ({ actor, params: { participantId }, body }) =>
      run.execute(markAttendance, actor, { meetingId: meetingOf(participantId), participantId, mark: body }),
    opts,
  );
  registerRoute(
    app,
    ROUTES.setProxy,
    ({ actor, params: { participantId }, body }) =>
      run.execute(setProxy, actor, {
        meetingId: meetingOf(participantId),
        participantId,
        holderId: body.holderId,
      }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.attendanceLedger,
    ({ actor, params: { meetingId } }) => {
      ctx.meetings.get(meetingId);
      requireAttendanceKeeper(actor, meetingId);
      return { events: ctx.attendance.ledger(meetingId) };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.attendanceLedgerCsv,
    ({ actor, reply, params: { meetingId } }) => {
      const meeting = ctx.meetings.get(meetingId);
      requireAttendanceKeeper(actor, meetingId);
      const csv = attendanceLedgerCsv(ctx.attendance.ledger(meetingId), meeting.timeZone);
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="so-diem-danh.csv"')
        .header('Cache-Control', 'no-store')
        .send(Buffer.from(csv));
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.attendanceLedgerPdf,
    async ({ actor, reply, params: { meetingId } }) => {
      const meeting = ctx.meetings.get(meetingId);
      requireAttendanceKeeper(actor, meetingId);
      const pdf = await attendanceLedgerPdf(
        {
          meetingTitle: meeting.title,
          body: meeting.body,
          timeZone: meeting.timeZone,
          quorum: readQuorumState(ctx.db, meetingId),
          at: new Date(),
        },
        ctx.attendance.ledger(meetingId),
      );
      return reply
        .type('application/pdf')
        .header('Content-Disposition', 'attachment; filename="so-diem-danh.pdf"')
        .header('Cache-Control', 'no-store')
        .send(Buffer.from(pdf));
    },
    opts,
  );
}

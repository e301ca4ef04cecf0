import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { ROUTES } from '#common/http/route-table';
import { because } from '#common/schemas/error-reasons';
import { issueJoinCodes } from '../../commands/access/issue-join-codes';
import { revokeDevice } from '../../commands/access/revoke-device';
import { requireManagerOf, requireMemberOf } from '../../commands/authorization';
import { addParticipant } from '../../commands/participants/add-participant';
import { importParticipants } from '../../commands/participants/import-participants';
import { moveParticipant } from '../../commands/participants/move-participant';
import { removeParticipant } from '../../commands/participants/remove-participant';
import { updateParticipant } from '../../commands/participants/update-participant';
import { DomainError, NotFoundError, ValidationError } from '../../errors/domain-errors';
import { parseParticipantCsv } from '../../participants/csv-import';
import { renderJoinSheetPdf } from '../../participants/join-sheet-pdf';
import { findDuplicateRows } from '../../participants/same-person';
import type { RoomContext } from '../context';
import { type RegisterOptions, registerRoute } from '../register-route';

/** Builds the link a join code's QR code carries: the web client with the code filled in. */
export function joinUrl(serverUrl: string, code: string): string {
  const url = new URL('/', serverUrl);
  url.searchParams.set('join', code);
  return url.toString();
}

/** Participants, their join codes and their devices. */
export function registerParticipantRoutes(
  app: FastifyInstance,
  ctx: RoomContext,
  opts: RegisterOptions,
): void {
  const run = ctx.commands;

  registerRoute(
    app,
    ROUTES.listParticipants,
    ({ actor, params: { meetingId } }) => {
      requireMemberOf(actor, meetingId);
      ctx.meetings.get(meetingId);
      return { participants: ctx.participants.listForMeeting(meetingId) };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.createParticipant,
    ({ actor, params: { meetingId }, body }) => ({
      participant: run.execute(addParticipant, actor, { meetingId, participant: body }),
    }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.importParticipants,
    ({ actor, raw, reply, params: { meetingId }, query }) => {
      requireManagerOf(actor, ctx.meetings.get(meetingId).id);
      if (!Buffer.isBuffer(raw.body)) {
        throw new DomainError(
          'bad_request',
          'send the CSV file as the request body with Content-Type text/csv',
          undefined,
          because('csv_body_missing'),
        );
      }
      const parsed = parseParticipantCsv(new Uint8Array(raw.body));
      if (!parsed.ok) throw new ValidationError(parsed.issues);
      const rows = parsed.rows;
      // Importing the same list twice must not double everyone: ask before importing repeats.
      const duplicates = findDuplicateRows(ctx.participants.listForMeeting(meetingId), rows);
      const allRepeat = duplicates.length === rows.length;
      if (
        (query.duplicates === 'ask' && duplicates.length > 0) ||
        (query.duplicates === 'skip' && allRepeat)
      ) {
        // Nothing was created: the secretariat chooses (ask), or there is nothing new (skip).
        reply.status(200);
        return { created: [], duplicates, needsDecision: query.duplicates === 'ask', rows: rows.length };
      }
      const mode = query.duplicates === 'ask' ? 'refuse' : query.duplicates;
      const result = run.execute(importParticipants, actor, { meetingId, rows, duplicates: mode });
      return {
        created: result.created,
        duplicates: result.duplicates,
        needsDecision: false,
        rows: rows.length,
      };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.moveParticipant,
    ({ actor, params: { participantId }, body }) => ({
      participants: run.execute(moveParticipant, actor, { participantId, move: body }),
    }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.updateParticipant,
    ({ actor, params: { participantId }, body }) => ({
      participant: run.execute(updateParticipant, actor, { participantId, patch: body }),
    }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.deleteParticipant,
    ({ actor, params: { participantId } }) => {
      run.execute(removeParticipant, actor, { participantId });
      return undefined;
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.createJoinCode,
    async ({ actor, params: { participantId }, body }) => {
      const target = ctx.participants.get(participantId);
      // Someone else's participant is answered as an unknown one, before the command looks at its meeting.
      requireManagerOf(actor, target.meetingId, 'participant not found');
      const [issued] = run.execute(issueJoinCodes, actor, {
        meetingId: target.meetingId,
        participantIds: [participantId],
        ttlHours: body.ttlHours,
        validUntil: body.validUntil,
      });
      if (!issued) throw new Error('no join code was issued');
      const url = joinUrl(ctx.publicUrl(), issued.code);
      return {
        participantId,
        code: issued.code,
        expiresAt: issued.expiresAt,
        joinUrl: url,
        qrSvg: await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
      };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.joinSheet,
    async ({ actor, reply, params: { meetingId }, body }) => {
      const meeting = ctx.meetings.get(meetingId);
      requireManagerOf(actor, meetingId);
      const everyone = ctx.participants.listForMeeting(meetingId);
      const wanted = body.participantIds ? new Set(body.participantIds) : null;
      const chosen = wanted ? everyone.filter((p) => wanted.has(p.id)) : everyone;
      if (wanted && chosen.length !== wanted.size)
        throw new NotFoundError('participant not found in this meeting');
      const issued = run.execute(issueJoinCodes, actor, {
        meetingId,
        participantIds: chosen.map((p) => p.id),
        ttlHours: body.ttlHours,
        validUntil: body.validUntil,
      });
      const pdf = await renderJoinSheetPdf({
        meetingTitle: meeting.title,
        body: meeting.body,
        startsAt: meeting.startsAt,
        timeZone: meeting.timeZone,
        place: meeting.place,
        serverUrl: ctx.publicUrl(),
        cards: chosen.map((p, i) => {
          const { code, expiresAt } = issued[i]!;
          return {
            name: p.name,
            position: p.position,
            unit: p.unit,
            role: p.role,
            code,
            expiresAt,
            joinUrl: joinUrl(ctx.publicUrl(), code),
          };
        }),
      });
      return reply
        .type('application/pdf')
        .header('Content-Disposition', 'attachment; filename="ma-tham-gia.pdf"')
        .header('Cache-Control', 'no-store')
        .send(Buffer.from(pdf));
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.listDevices,
    ({ actor, params: { participantId } }) => {
      requireManagerOf(actor, ctx.participants.get(participantId).meetingId, 'participant not found');
      return { devices: ctx.auth.devicesOf(participantId) };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.revokeDevice,
    ({ actor, params: { deviceId } }) => ({
      device: run.execute(revokeDevice, actor, { deviceSessionId: deviceId }),
    }),
    opts,
  );
}

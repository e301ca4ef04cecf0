import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { JoinCodeResponse } from '#common/schemas/api';
import { CreateJoinCodeRequestSchema } from '#common/schemas/api';
import { IdSchema } from '#common/schemas/ids';
import {
  CreateParticipantRequestSchema,
  JoinSheetRequestSchema,
  UpdateParticipantRequestSchema,
} from '#common/schemas/participant';
import { belongsToMeeting, requireManager } from '../../auth/access';
import { parseParticipantCsv } from '../../participants/csv-import';
import { renderJoinSheetPdf } from '../../participants/join-sheet-pdf';
import { DomainError, ForbiddenError, NotFoundError } from '../../store/errors';
import type { RoomContext } from '../context';
import { requireAuth } from '../context';
import { parseInput, ValidationError } from '../errors';

const MeetingParams = z.strictObject({ meetingId: IdSchema });
const ParticipantParams = z.strictObject({ participantId: IdSchema });
const DeviceParams = z.strictObject({ deviceId: IdSchema });

/** Builds the link a join code's QR code carries: the web client with the code filled in. */
export function joinUrl(serverUrl: string, code: string): string {
  const url = new URL('/', serverUrl);
  url.searchParams.set('join', code);
  return url.toString();
}

/** Participants, their join codes and their devices. */
export function registerParticipantRoutes(app: FastifyInstance, ctx: RoomContext): void {
  app.get('/meetings/:meetingId/participants', async (req) => {
    const { participant } = requireAuth(req);
    const { meetingId } = parseInput(MeetingParams, req.params);
    if (!belongsToMeeting(participant, meetingId)) throw new NotFoundError('meeting not found');
    if (!['secretariat', 'chair', 'secretary'].includes(participant.role)) throw new ForbiddenError();
    ctx.meetings.get(meetingId);
    return { participants: ctx.participants.listForMeeting(meetingId) };
  });

  app.post('/meetings/:meetingId/participants', async (req, reply) => {
    const { participant } = requireAuth(req);
    const { meetingId } = parseInput(MeetingParams, req.params);
    requireManager(participant, meetingId);
    const body = parseInput(CreateParticipantRequestSchema, req.body);
    return reply.status(201).send({ participant: ctx.participants.create(participant.id, meetingId, body) });
  });

  app.post('/participants/:participantId/join-codes', async (req, reply) => {
    const { participant } = requireAuth(req);
    const { participantId } = parseInput(ParticipantParams, req.params);
    const target = ctx.participants.get(participantId);
    requireManager(participant, target.meetingId);
    const body = parseInput(CreateJoinCodeRequestSchema, req.body);
    const { code, expiresAt } = ctx.auth.createJoinCode(participant.id, participantId, body.ttlHours);
    const url = joinUrl(ctx.publicUrl(), code);
    const response: JoinCodeResponse = {
      participantId,
      code,
      expiresAt,
      joinUrl: url,
      qrSvg: await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
    };
    return reply.status(201).send(response);
  });

  app.get('/participants/:participantId/devices', async (req) => {
    const { participant } = requireAuth(req);
    const { participantId } = parseInput(ParticipantParams, req.params);
    const target = ctx.participants.get(participantId);
    requireManager(participant, target.meetingId);
    return { devices: ctx.auth.devicesOf(participantId) };
  });

  app.post('/devices/:deviceId/revoke', async (req) => {
    const { participant } = requireAuth(req);
    const { deviceId } = parseInput(DeviceParams, req.params);
    const device = ctx.auth.findDevice(deviceId);
    if (!device) throw new NotFoundError('device session not found');
    requireManager(participant, ctx.participants.get(device.participantId).meetingId);
    const revoked = ctx.auth.revoke(participant.id, deviceId);
    ctx.hub.closeDeviceSession(deviceId);
    return { device: revoked };
  });

  app.patch('/participants/:participantId', async (req) => {
    const { participant } = requireAuth(req);
    const { participantId } = parseInput(ParticipantParams, req.params);
    requireManager(participant, ctx.participants.get(participantId).meetingId);
    const body = parseInput(UpdateParticipantRequestSchema, req.body);
    return { participant: ctx.participants.update(participant.id, participantId, body) };
  });

  app.delete('/participants/:participantId', async (req, reply) => {
    const { participant } = requireAuth(req);
    const { participantId } = parseInput(ParticipantParams, req.params);
    const target = ctx.participants.get(participantId);
    requireManager(participant, target.meetingId);
    if (target.id === participant.id) throw new DomainError('conflict', 409, 'you cannot remove yourself');
    for (const device of ctx.auth.devicesOf(participantId)) ctx.hub.closeDeviceSession(device.id);
    ctx.participants.delete(participant.id, participantId);
    if (target.meetingId) ctx.live.documentsChanged(target.meetingId);
    return reply.status(204).send();
  });

  app.post('/meetings/:meetingId/join-sheet', async (req, reply) => {
    const { participant } = requireAuth(req);
    const { meetingId } = parseInput(MeetingParams, req.params);
    requireManager(participant, meetingId);
    const meeting = ctx.meetings.get(meetingId);
    const body = parseInput(JoinSheetRequestSchema, req.body);
    const everyone = ctx.participants.listForMeeting(meetingId);
    const wanted = body.participantIds ? new Set(body.participantIds) : null;
    const chosen = wanted ? everyone.filter((p) => wanted.has(p.id)) : everyone;
    if (wanted && chosen.length !== wanted.size)
      throw new NotFoundError('participant not found in this meeting');
    const cards = chosen.map((p) => {
      const { code, expiresAt } = ctx.auth.createJoinCode(participant.id, p.id, body.ttlHours);
      return {
        name: p.name,
        position: p.position,
        unit: p.unit,
        role: p.role,
        code,
        expiresAt,
        joinUrl: joinUrl(ctx.publicUrl(), code),
      };
    });
    const pdf = await renderJoinSheetPdf({
      meetingTitle: meeting.title,
      body: meeting.body,
      startsAt: meeting.startsAt,
      place: meeting.place,
      serverUrl: ctx.publicUrl(),
      cards,
    });
    return reply
      .type('application/pdf')
      .header('Content-Disposition', 'attachment; filename="ma-tham-gia.pdf"')
      .header('Cache-Control', 'no-store')
      .send(Buffer.from(pdf));
  });

  app.register(async (csv) => {
    csv.addContentTypeParser(
      ['text/csv', 'application/vnd.ms-excel', 'text/plain'],
      { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );
    csv.post('/meetings/:meetingId/participants/import', async (req, reply) => {
      const { participant } = requireAuth(req);
      const { meetingId } = parseInput(MeetingParams, req.params);
      requireManager(participant, meetingId);
      ctx.meetings.get(meetingId);
      if (!Buffer.isBuffer(req.body)) {
        throw new DomainError(
          'bad_request',
          400,
          'send the CSV file as the request body with Content-Type text/csv',
        );
      }
      const parsed = parseParticipantCsv(new Uint8Array(req.body));
      if (!parsed.ok) throw new ValidationError(parsed.issues);
      const created = ctx.participants.createMany(participant.id, meetingId, parsed.rows);
      return reply.status(201).send({ created });
    });
  });
}

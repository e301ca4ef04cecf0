import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { JoinCodeResponse } from '#common/schemas/api';
import { CreateJoinCodeRequestSchema } from '#common/schemas/api';
import { IdSchema } from '#common/schemas/ids';
import { CreateParticipantRequestSchema } from '#common/schemas/participant';
import { belongsToMeeting, requireManager } from '../../auth/access';
import { ForbiddenError, NotFoundError } from '../../store/errors';
import type { RoomContext } from '../context';
import { requireAuth } from '../context';
import { parseInput } from '../errors';

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
}

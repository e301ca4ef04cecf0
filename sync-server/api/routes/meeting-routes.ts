import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MeetingDetailResponse } from '#common/schemas/api';
import { IdSchema } from '#common/schemas/ids';
import { CreateAgendaItemRequestSchema, CreateMeetingRequestSchema } from '#common/schemas/meeting';
import { belongsToMeeting, isRoomStaff, requireManager } from '../../auth/access';
import { NotFoundError } from '../../store/errors';
import type { RoomContext } from '../context';
import { requireAuth } from '../context';
import { parseInput } from '../errors';

const MeetingParams = z.strictObject({ meetingId: IdSchema });

/** Meetings and their agenda. */
export function registerMeetingRoutes(app: FastifyInstance, ctx: RoomContext): void {
  app.get('/meetings', async (req) => {
    const { participant } = requireAuth(req);
    if (isRoomStaff(participant)) return { meetings: ctx.meetings.list() };
    const own = participant.meetingId ? ctx.meetings.find(participant.meetingId) : null;
    return { meetings: own ? [own] : [] };
  });

  app.post('/meetings', async (req, reply) => {
    const { participant } = requireAuth(req);
    requireManager(participant, null);
    const body = parseInput(CreateMeetingRequestSchema, req.body);
    const meeting = ctx.meetings.create(participant.id, body);
    ctx.live.meetingChanged(meeting, true);
    return reply.status(201).send({ meeting });
  });

  app.get('/meetings/:meetingId', async (req): Promise<MeetingDetailResponse> => {
    const { participant } = requireAuth(req);
    const { meetingId } = parseInput(MeetingParams, req.params);
    // Not 403: someone outside the meeting must not learn it exists.
    if (!belongsToMeeting(participant, meetingId)) throw new NotFoundError('meeting not found');
    const meeting = ctx.meetings.get(meetingId);
    return {
      meeting,
      agenda: ctx.meetings.agenda(meetingId),
      documents: ctx.documents.visibleTo(participant, meetingId),
    };
  });

  app.post('/meetings/:meetingId/agenda-items', async (req, reply) => {
    const { participant } = requireAuth(req);
    const { meetingId } = parseInput(MeetingParams, req.params);
    requireManager(participant, meetingId);
    const body = parseInput(CreateAgendaItemRequestSchema, req.body);
    const item = ctx.meetings.addAgendaItem(participant.id, meetingId, body);
    ctx.live.meetingChanged(ctx.meetings.get(meetingId), true);
    return reply.status(201).send({ item });
  });

  app.post('/meetings/:meetingId/publish', async (req) => {
    const { participant } = requireAuth(req);
    const { meetingId } = parseInput(MeetingParams, req.params);
    requireManager(participant, meetingId);
    const meeting = ctx.meetings.publish(participant.id, meetingId);
    ctx.live.meetingChanged(meeting, true);
    return { meeting };
  });
}
